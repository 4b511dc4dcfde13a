#include <tether/http/body.hpp>

#include "support/body_reading.hpp"
#include "support/temp_file.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace {

using tether::errc;
using tether::http::body;
using tether::unit::read_all;
using tether::unit::temp_file;

// Every byte value, twice, so that files hold NUL, CR, LF and high bytes and
// are not a multiple of the 7-byte read buffer.
std::string binary_content() {
    std::string out;
    for (int round = 0; round < 2; ++round) {
        for (int b = 0; b < 256; ++b) out += static_cast<char>(b);
    }
    out += "tail";
    return out;
}

TEST(body, default_body_is_empty) {
    body b;
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(b.content_type(), "");
    EXPECT_TRUE(b.replayable());
    EXPECT_EQ(b.in_memory(), nullptr);
    auto read = read_all(b);
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_EQ(read->bytes, "");
}

TEST(body, bytes_are_in_memory_with_their_content_type) {
    auto b = body::bytes(std::string("a\0b", 3), "application/x-thing");
    EXPECT_FALSE(b.empty());
    EXPECT_EQ(b.content_type(), "application/x-thing");
    ASSERT_NE(b.in_memory(), nullptr);
    EXPECT_EQ(*b.in_memory(), std::string("a\0b", 3));
    EXPECT_TRUE(b.replayable());
}

TEST(body, bytes_default_to_octet_stream) {
    EXPECT_EQ(body::bytes("x").content_type(), "application/octet-stream");
}

TEST(body, bytes_read_back_exactly_with_their_size) {
    const auto content = binary_content();
    auto b = body::bytes(content);
    auto read = read_all(b);
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_EQ(read->size, content.size());
    EXPECT_EQ(read->bytes, content);
}

TEST(body, in_memory_bodies_replay_the_same_bytes) {
    auto b = body::text("hello again");
    auto first = read_all(b);
    auto second = read_all(b);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(first->bytes, "hello again");
    EXPECT_EQ(second->bytes, "hello again");
}

TEST(body, copies_share_the_content) {
    auto b = body::text("shared");
    body copy = b;
    ASSERT_NE(copy.in_memory(), nullptr);
    EXPECT_EQ(*copy.in_memory(), "shared");
    EXPECT_EQ(copy.content_type(), b.content_type());
}

TEST(body, text_is_utf8_plain_text) {
    auto b = body::text("héllo");
    EXPECT_EQ(b.content_type(), "text/plain; charset=utf-8");
    ASSERT_NE(b.in_memory(), nullptr);
    EXPECT_EQ(*b.in_memory(), "héllo");
    EXPECT_EQ(body::text("<p/>", "text/html").content_type(), "text/html");
}

TEST(body, json_is_serialized_as_application_json) {
    boost::json::value v = {{"name", "alice"}, {"age", 30}, {"tags", {"a", "b"}}};
    auto b = body::json(v);
    EXPECT_EQ(b.content_type(), "application/json");
    ASSERT_NE(b.in_memory(), nullptr);
    // Parse back rather than compare text: whitespace is not part of the contract.
    EXPECT_EQ(boost::json::parse(*b.in_memory()), v);
}

struct form_case {
    std::vector<std::pair<std::string, std::string>> fields;
    std::string expected;
};

TEST(body, form_encodes_as_html_forms_do) {
    const std::vector<form_case> cases = {
        {{{"q", "a b"}}, "q=a+b"},
        {{{"a", "1"}, {"b", "2"}}, "a=1&b=2"},
        {{{"a&b", "c=d"}}, "a%26b=c%3Dd"},
        {{{"sum", "1+1"}}, "sum=1%2B1"},
        {{{"city", "Zürich"}}, "city=Z%C3%BCrich"},
        {{{"e", "é"}}, "e=%C3%A9"},
        // Unreserved for forms: ASCII alphanumerics and *-._ only.
        {{{"keep", "aZ09*-._"}}, "keep=aZ09*-._"},
        {{{"tilde", "~"}}, "tilde=%7E"},
        {{{"path", "/a?b#c%"}}, "path=%2Fa%3Fb%23c%25"},
        {{{"empty", ""}}, "empty="},
        {{{"nl", "a\r\nb"}}, "nl=a%0D%0Ab"},
        {{{"x", "1"}, {"x", "2"}}, "x=1&x=2"},
        {{}, ""},
    };
    for (const auto& c : cases) {
        auto b = body::form(c.fields);
        ASSERT_NE(b.in_memory(), nullptr);
        EXPECT_EQ(*b.in_memory(), c.expected);
    }
}

TEST(body, form_content_type_is_urlencoded) {
    EXPECT_EQ(body::form({{"a", "b"}}).content_type(), "application/x-www-form-urlencoded");
}

TEST(body, file_open_gives_the_size_and_reads_back_the_exact_bytes) {
    const auto content = binary_content();
    temp_file file(content);
    auto b = body::file(file.path());
    EXPECT_EQ(b.content_type(), "application/octet-stream");
    EXPECT_EQ(b.in_memory(), nullptr);
    EXPECT_TRUE(b.replayable());
    auto read = read_all(b);
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_EQ(read->size, content.size());
    EXPECT_EQ(read->bytes, content);
}

TEST(body, file_reads_the_same_in_any_buffer_size) {
    const auto content = binary_content();
    temp_file file(content);
    auto b = body::file(file.path(), "image/png");
    EXPECT_EQ(b.content_type(), "image/png");
    for (std::size_t size : {1u, 7u, 512u, 65536u}) {
        auto read = read_all(b, size);
        ASSERT_TRUE(read) << "buffer " << size << ": " << read.error().to_string();
        EXPECT_EQ(read->bytes, content) << "buffer " << size;
    }
}

TEST(body, an_empty_file_is_an_empty_body) {
    temp_file file("");
    auto read = read_all(body::file(file.path()));
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_EQ(read->size, 0u);
    EXPECT_EQ(read->bytes, "");
}

TEST(body, file_is_read_when_opened_not_when_made) {
    temp_file file("before");
    auto b = body::file(file.path());
    file.write("after, longer");
    auto read = read_all(b);
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_EQ(read->bytes, "after, longer");
    EXPECT_EQ(read->size, 13u);
}

TEST(body, missing_file_fails_with_io_failed_naming_the_path) {
    const auto path = tether::unit::unique_temp_path(".missing");
    auto opened = body::file(path).open();
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::io_failed);
    EXPECT_NE(opened.error().message().find(path.string()), std::string::npos) << opened.error().message();
}

TEST(body, file_removed_after_open_fails_with_io_failed) {
    std::string path_text;
    tether::result<tether::http::opened_body> opened = tether::error(errc::internal_error, "unset");
    {
        temp_file file("soon gone");
        path_text = file.path().string();
        opened = body::file(file.path()).open();
        ASSERT_TRUE(opened) << opened.error().to_string();
    }
    char buffer[7];
    tether::result<std::size_t> got = std::size_t{0};
    for (int i = 0; i < 10; ++i) {
        got = opened->reader->read(buffer);
        if (!got || *got == 0) break;
    }
    ASSERT_FALSE(got) << "read a removed file";
    EXPECT_EQ(got.error().code(), errc::io_failed);
    EXPECT_NE(got.error().message().find(path_text), std::string::npos) << got.error().message();
}

TEST(body, file_that_grows_after_open_fails_with_invalid_body) {
    temp_file file("0123456789");
    auto b = body::file(file.path());
    auto opened = b.open();
    ASSERT_TRUE(opened) << opened.error().to_string();
    EXPECT_EQ(opened->size, 10u);
    file.append("more bytes");
    char buffer[7];
    tether::result<std::size_t> got = std::size_t{0};
    for (int i = 0; i < 100; ++i) {
        got = opened->reader->read(buffer);
        if (!got || *got == 0) break;
    }
    ASSERT_FALSE(got) << "a grown file was sent as if it had its old size";
    EXPECT_EQ(got.error().code(), errc::invalid_body);
}

TEST(body, file_that_shrinks_after_open_fails_with_invalid_body) {
    temp_file file("0123456789abcdefghij");
    auto opened = body::file(file.path()).open();
    ASSERT_TRUE(opened) << opened.error().to_string();
    EXPECT_EQ(opened->size, 20u);
    std::filesystem::resize_file(file.path(), 5);
    char buffer[7];
    tether::result<std::size_t> got = std::size_t{0};
    for (int i = 0; i < 100; ++i) {
        got = opened->reader->read(buffer);
        if (!got || *got == 0) break;
    }
    ASSERT_FALSE(got) << "a shrunk file ended the body early without an error";
    EXPECT_EQ(got.error().code(), errc::invalid_body);
}

// Reads `reader` to its end or its first error, in 7-byte buffers.
tether::result<std::size_t> drain(tether::http::body_reader& reader) {
    char buffer[7];
    tether::result<std::size_t> got = std::size_t{0};
    for (std::size_t i = 0; i < (std::size_t{1} << 20); ++i) {
        got = reader.read(buffer);
        if (!got || *got == 0) return got;
    }
    return tether::error(errc::internal_error, "the body never ended");
}

// Larger than any stdio buffer, so that most of the file is still on disk,
// not in memory, when it changes after the first read.
const std::size_t large = 256 * 1024;

TEST(body, file_that_shrinks_while_being_read_fails_with_invalid_body) {
    temp_file file(std::string(large, 'x'));
    auto opened = body::file(file.path()).open();
    ASSERT_TRUE(opened);
    char buffer[7];
    auto first = opened->reader->read(buffer);
    ASSERT_TRUE(first);
    EXPECT_EQ(*first, 7u);
    std::filesystem::resize_file(file.path(), 10);
    auto got = drain(*opened->reader);
    ASSERT_FALSE(got) << "a shrunk file ended the body short of its Content-Length without an error";
    EXPECT_EQ(got.error().code(), errc::invalid_body);
}

TEST(body, file_that_grows_while_being_read_fails_with_invalid_body) {
    temp_file file(std::string(large, 'x'));
    auto opened = body::file(file.path()).open();
    ASSERT_TRUE(opened);
    char buffer[7];
    ASSERT_TRUE(opened->reader->read(buffer));
    file.append("appended while uploading");
    auto got = drain(*opened->reader);
    ASSERT_FALSE(got) << "a grown file was sent as if it had its old size";
    EXPECT_EQ(got.error().code(), errc::invalid_body);
}

// A one-shot stream over `content`, counting how often it is read.
struct stream_state {
    std::string content;
    std::size_t offset = 0;
    int calls = 0;
};

body stream_over(std::shared_ptr<stream_state> state, std::optional<std::uint64_t> size) {
    return body::stream(
        [state](std::span<char> out) -> tether::result<std::size_t> {
            ++state->calls;
            auto n = std::min(out.size(), state->content.size() - state->offset);
            std::copy_n(state->content.data() + state->offset, n, out.data());
            state->offset += n;
            return n;
        },
        size, "text/csv");
}

TEST(body, stream_is_not_replayable) {
    auto state = std::make_shared<stream_state>();
    auto b = stream_over(state, std::nullopt);
    EXPECT_FALSE(b.replayable());
    EXPECT_EQ(b.in_memory(), nullptr);
    EXPECT_EQ(b.content_type(), "text/csv");
}

TEST(body, stream_reads_through_the_function) {
    auto state = std::make_shared<stream_state>();
    state->content = "a,b\n1,2\n3,4\n";
    auto read = read_all(stream_over(state, 12));
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_EQ(read->size, 12u);
    EXPECT_EQ(read->bytes, "a,b\n1,2\n3,4\n");
    EXPECT_GE(state->calls, 2);
}

TEST(body, stream_without_size_has_unknown_size) {
    auto state = std::make_shared<stream_state>();
    auto opened = stream_over(state, std::nullopt).open();
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->size, std::nullopt);
}

TEST(body, stream_opened_twice_fails_with_invalid_body) {
    auto state = std::make_shared<stream_state>();
    state->content = "once";
    auto b = stream_over(state, 4);
    auto first = b.open();
    ASSERT_TRUE(first);
    auto second = b.open();
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code(), errc::invalid_body);
}

TEST(body, copies_of_a_stream_share_its_one_shot) {
    auto state = std::make_shared<stream_state>();
    auto b = stream_over(state, std::nullopt);
    body copy = b;
    ASSERT_TRUE(b.open());
    auto again = copy.open();
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code(), errc::invalid_body);
}

TEST(body, stream_errors_reach_the_reader) {
    auto b = body::stream([](std::span<char>) -> tether::result<std::size_t> {
        return tether::error(errc::io_failed, "the pipe broke");
    }, std::nullopt);
    auto read = read_all(b);
    ASSERT_FALSE(read);
    EXPECT_EQ(read.error().code(), errc::io_failed);
    EXPECT_EQ(read.error().message(), "the pipe broke");
}

}  // namespace
