#include <tether/http/body.hpp>

#include "support/body_reading.hpp"
#include "support/temp_file.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using tether::errc;
using tether::http::body;
using tether::http::multipart_form;
using tether::unit::read_all;
using tether::unit::temp_file;

// One part of a multipart/form-data body, as a server would parse it.
struct part {
    std::map<std::string, std::string> headers;  // lower-case names
    std::string content;
};

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

// A strict RFC 2046 §5.1.1 / RFC 7578 reader: the body starts with the first
// delimiter line, every part is headers, a blank line and content, parts end
// with CRLF before the next delimiter, and the body ends with the closing
// delimiter and CRLF. Returns nullopt (with a test failure) on any deviation.
std::optional<std::vector<part>> parse_multipart(const std::string& text, const std::string& boundary) {
    const std::string delimiter = "--" + boundary;
    if (!text.starts_with(delimiter + "\r\n")) {
        ADD_FAILURE() << "the body does not start with the delimiter line";
        return std::nullopt;
    }
    std::vector<part> parts;
    std::size_t pos = delimiter.size() + 2;
    for (;;) {
        const auto next = text.find("\r\n" + delimiter, pos);
        if (next == std::string::npos) {
            ADD_FAILURE() << "a part is not followed by a delimiter";
            return std::nullopt;
        }
        const std::string raw = text.substr(pos, next - pos);
        const auto blank = raw.find("\r\n\r\n");
        if (blank == std::string::npos) {
            ADD_FAILURE() << "a part has no blank line after its headers: " << raw;
            return std::nullopt;
        }
        part p;
        p.content = raw.substr(blank + 4);
        std::string_view head(raw.data(), blank);
        while (!head.empty()) {
            auto eol = head.find("\r\n");
            auto line = head.substr(0, eol);
            auto colon = line.find(':');
            if (colon == std::string_view::npos) {
                ADD_FAILURE() << "a part header has no colon: " << line;
                return std::nullopt;
            }
            auto value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            p.headers[lower(std::string(line.substr(0, colon)))] = std::string(value);
            head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
        }
        parts.push_back(std::move(p));
        pos = next + 2 + delimiter.size();
        if (text.compare(pos, 2, "--") == 0) {
            if (text.substr(pos) != "--\r\n") {
                ADD_FAILURE() << "bytes after the closing delimiter: " << text.substr(pos);
                return std::nullopt;
            }
            return parts;
        }
        if (text.compare(pos, 2, "\r\n") != 0) {
            ADD_FAILURE() << "a delimiter is not followed by CRLF";
            return std::nullopt;
        }
        pos += 2;
    }
}

std::string binary_content() {
    std::string out;
    for (int b = 0; b < 256; ++b) out += static_cast<char>(b);
    out += "\r\n--not-the-boundary\r\n";
    return out;
}

TEST(multipart_form, content_type_names_the_boundary) {
    multipart_form form;
    form.field("a", "b");
    auto b = body::multipart(form);
    EXPECT_FALSE(form.boundary().empty());
    EXPECT_EQ(b.content_type(), "multipart/form-data; boundary=" + form.boundary());
    EXPECT_TRUE(b.replayable());
}

TEST(multipart_form, each_form_gets_its_own_boundary) {
    multipart_form a;
    multipart_form b;
    EXPECT_NE(a.boundary(), b.boundary());
}

TEST(multipart_form, boundary_is_made_of_safe_characters) {
    // RFC 2046 §5.1.1: 1 to 70 bchars; we check a conservative subset.
    multipart_form form;
    const auto& boundary = form.boundary();
    EXPECT_GE(boundary.size(), 16u) << "too short to be unlikely in content";
    EXPECT_LE(boundary.size(), 70u);
    for (char c : boundary) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        EXPECT_TRUE(ok) << "boundary character '" << c << "'";
    }
}

TEST(multipart_form, fields_files_and_in_memory_files_are_parts_in_order) {
    const auto photo = binary_content();
    temp_file file(photo, ".jpg");
    multipart_form form;
    form.field("title", "holiday")
        .file("photo", file.path(), "image/jpeg")
        .bytes("note", "in memory", "note.txt", "text/plain");
    auto read = read_all(body::multipart(form));
    ASSERT_TRUE(read) << read.error().to_string();
    auto parts = parse_multipart(read->bytes, form.boundary());
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 3u);

    EXPECT_EQ((*parts)[0].headers["content-disposition"], "form-data; name=\"title\"");
    EXPECT_EQ((*parts)[0].content, "holiday");

    EXPECT_EQ((*parts)[1].headers["content-disposition"],
              "form-data; name=\"photo\"; filename=\"" + file.path().filename().string() + "\"");
    EXPECT_EQ((*parts)[1].headers["content-type"], "image/jpeg");
    EXPECT_EQ((*parts)[1].content, photo);

    EXPECT_EQ((*parts)[2].headers["content-disposition"], "form-data; name=\"note\"; filename=\"note.txt\"");
    EXPECT_EQ((*parts)[2].headers["content-type"], "text/plain");
    EXPECT_EQ((*parts)[2].content, "in memory");
}

TEST(multipart_form, open_size_equals_the_bytes_actually_read) {
    temp_file file(binary_content());
    multipart_form form;
    form.field("a", "1").file("f", file.path()).field("b", "2");
    auto read = read_all(body::multipart(form));
    ASSERT_TRUE(read) << read.error().to_string();
    ASSERT_TRUE(read->size.has_value());
    EXPECT_EQ(*read->size, read->bytes.size());
}

TEST(multipart_form, reads_the_same_in_any_buffer_size) {
    // 7-byte reads straddle every boundary between headers, file and trailer.
    temp_file one(binary_content());
    temp_file two("second file");
    multipart_form form;
    form.field("a", "1").file("f1", one.path()).file("f2", two.path(), "text/plain", "renamed.txt").field("b", "2");
    auto b = body::multipart(form);
    auto reference = read_all(b, 1);
    ASSERT_TRUE(reference) << reference.error().to_string();
    for (std::size_t size : {2u, 7u, 13u, 4096u, 65536u}) {
        auto read = read_all(b, size);
        ASSERT_TRUE(read) << "buffer " << size << ": " << read.error().to_string();
        EXPECT_EQ(read->bytes, reference->bytes) << "buffer " << size;
    }
    auto parts = parse_multipart(reference->bytes, form.boundary());
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 4u);
    EXPECT_EQ((*parts)[1].content, binary_content());
    EXPECT_EQ((*parts)[2].content, "second file");
    EXPECT_EQ((*parts)[2].headers["content-disposition"], "form-data; name=\"f2\"; filename=\"renamed.txt\"");
    EXPECT_EQ((*parts)[2].headers["content-type"], "text/plain");
}

TEST(multipart_form, file_part_defaults_to_octet_stream) {
    temp_file file("x");
    multipart_form form;
    form.file("f", file.path());
    auto read = read_all(body::multipart(form));
    ASSERT_TRUE(read);
    auto parts = parse_multipart(read->bytes, form.boundary());
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].headers["content-type"], "application/octet-stream");
}

TEST(multipart_form, quotes_and_line_breaks_in_names_are_percent_escaped) {
    // WHATWG HTML: '"' -> %22, CR -> %0D, LF -> %0A, so that a name cannot
    // end the quoted-string or inject a header line.
    multipart_form form;
    form.field("a\"b\r\nc", "v").bytes("f", "data", "my\"file\r\n.txt");
    auto read = read_all(body::multipart(form));
    ASSERT_TRUE(read);
    auto parts = parse_multipart(read->bytes, form.boundary());
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].headers["content-disposition"], "form-data; name=\"a%22b%0D%0Ac\"");
    EXPECT_EQ((*parts)[0].headers.size(), 1u) << "a name injected a header";
    EXPECT_EQ((*parts)[0].content, "v");
    EXPECT_EQ((*parts)[1].headers["content-disposition"], "form-data; name=\"f\"; filename=\"my%22file%0D%0A.txt\"");
}

TEST(multipart_form, empty_form_is_just_the_closing_delimiter) {
    multipart_form form;
    auto read = read_all(body::multipart(form));
    ASSERT_TRUE(read);
    EXPECT_EQ(read->bytes, "--" + form.boundary() + "--\r\n");
    EXPECT_EQ(read->size, read->bytes.size());
}

TEST(multipart_form, file_content_is_streamed_when_opened) {
    temp_file file("old");
    multipart_form form;
    form.file("f", file.path());
    auto b = body::multipart(form);
    file.write("new content");
    auto read = read_all(b);
    ASSERT_TRUE(read);
    auto parts = parse_multipart(read->bytes, form.boundary());
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].content, "new content");
}

TEST(multipart_form, missing_file_fails_with_io_failed_naming_the_path) {
    const auto path = tether::unit::unique_temp_path(".missing");
    multipart_form form;
    form.field("a", "1").file("f", path);
    auto opened = body::multipart(form).open();
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code(), errc::io_failed);
    EXPECT_NE(opened.error().message().find(path.string()), std::string::npos) << opened.error().message();
}

TEST(multipart_form, file_that_grows_after_open_fails_with_invalid_body) {
    temp_file file("0123456789");
    multipart_form form;
    form.field("a", "1").file("f", file.path()).field("b", "2");
    auto opened = body::multipart(form).open();
    ASSERT_TRUE(opened) << opened.error().to_string();
    file.append("grown");
    char buffer[7];
    tether::result<std::size_t> got = std::size_t{0};
    for (int i = 0; i < 1000; ++i) {
        got = opened->reader->read(buffer);
        if (!got || *got == 0) break;
    }
    ASSERT_FALSE(got) << "a grown file was sent with its old Content-Length";
    EXPECT_EQ(got.error().code(), errc::invalid_body);
}

TEST(multipart_form, file_that_shrinks_after_open_fails_with_invalid_body) {
    temp_file file(std::string(50, 'z'));
    multipart_form form;
    form.field("a", "1").file("f", file.path()).field("b", "2");
    auto opened = body::multipart(form).open();
    ASSERT_TRUE(opened) << opened.error().to_string();
    std::filesystem::resize_file(file.path(), 3);
    char buffer[7];
    tether::result<std::size_t> got = std::size_t{0};
    for (int i = 0; i < 1000; ++i) {
        got = opened->reader->read(buffer);
        if (!got || *got == 0) break;
    }
    ASSERT_FALSE(got) << "a shrunk file was sent short of its Content-Length";
    EXPECT_EQ(got.error().code(), errc::invalid_body);
}

TEST(multipart_form, reopening_replays_the_same_bytes) {
    temp_file file(binary_content());
    multipart_form form;
    form.file("f", file.path());
    auto b = body::multipart(form);
    auto first = read_all(b);
    auto second = read_all(b);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(first->bytes, second->bytes);
}

}  // namespace
