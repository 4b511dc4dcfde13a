// Every kind of request body round-tripped through httpbin's /anything,
// which echoes what it parsed: "data" (the raw body), "json", "form" and
// "files".

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace {

using namespace tether;
using tether::interop::echo_headers;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;
using tether::interop::scratch_file;
using tether::interop::string_member;

class httpbin_body : public transport_test {};

TEST_P(httpbin_body, bytes_arrive_unchanged_including_nul_and_high_bytes) {
    const std::string binary("\x00\xff\x10", 3);
    auto echo = echo_of(http::request::post(httpbin_url("/anything"), http::body::bytes(binary)));
    // httpbin shows bytes that are not UTF-8 as a data URL (RFC 2397):
    // base64 of 00 ff 10 is "AP8Q".
    EXPECT_EQ(string_member(echo, "data"), "data:application/octet-stream;base64,AP8Q");
    EXPECT_EQ(string_member(echo_headers(echo), "Content-Type"), "application/octet-stream");
    EXPECT_EQ(string_member(echo_headers(echo), "Content-Length"), "3");
}

TEST_P(httpbin_body, text_arrives_as_utf8_with_its_charset) {
    auto echo = echo_of(http::request::put(httpbin_url("/anything"), http::body::text("héllo wörld ✓")));
    EXPECT_EQ(string_member(echo, "data"), "héllo wörld ✓");
    EXPECT_EQ(string_member(echo_headers(echo), "Content-Type"), "text/plain; charset=utf-8");
}

TEST_P(httpbin_body, json_body_is_parsed_back_to_the_same_value) {
    const boost::json::value sent = {
        {"name", "tether"}, {"list", {1, 2, 3}}, {"nested", {{"ok", true}}}, {"none", nullptr}};
    auto echo = echo_of(http::request::post(httpbin_url("/anything"), http::body::json(sent)));
    EXPECT_EQ(echo.at("json"), sent);
    EXPECT_EQ(string_member(echo_headers(echo), "Content-Type"), "application/json");
}

TEST_P(httpbin_body, form_fields_with_reserved_and_unicode_characters_are_decoded_back) {
    auto echo = echo_of(http::request::post(
        httpbin_url("/anything"),
        http::body::form({{"name", "Ada Lovelace"}, {"expr", "a+b&c=d%"}, {"unicode", "日本語 é"}})));
    EXPECT_EQ(echo.at("form"),
              (boost::json::object{{"name", "Ada Lovelace"}, {"expr", "a+b&c=d%"}, {"unicode", "日本語 é"}}));
    EXPECT_EQ(string_member(echo_headers(echo), "Content-Type"), "application/x-www-form-urlencoded");
}

TEST_P(httpbin_body, multipart_form_carries_text_fields_and_a_file_streamed_from_disk) {
    scratch_file file("upload.txt");
    file.write("file content\nsecond line\n");
    http::multipart_form form;
    form.field("title", "holiday")
        .file("upload", file.path(), "text/plain")
        .bytes("inline", "in memory", "inline.txt", "text/plain");
    auto echo = echo_of(http::request::post(httpbin_url("/anything"), http::body::multipart(form)));
    EXPECT_EQ(echo.at("form"), (boost::json::object{{"title", "holiday"}}));
    EXPECT_EQ(echo.at("files"),
              (boost::json::object{{"upload", "file content\nsecond line\n"}, {"inline", "in memory"}}));
    EXPECT_EQ(string_member(echo_headers(echo), "Content-Type"), "multipart/form-data; boundary=" + form.boundary());
}

TEST_P(httpbin_body, file_body_is_sent_with_its_size) {
    scratch_file file("body.txt");
    const std::string content(20'000, 'f');
    file.write(content);
    auto echo = echo_of(http::request::post(httpbin_url("/anything"), http::body::file(file.path(), "text/plain")));
    EXPECT_EQ(string_member(echo, "data"), content);
    EXPECT_EQ(string_member(echo_headers(echo), "Content-Length"), "20000");
}

// A one-shot stream over `content`, handing out at most 1000 bytes per read
// so that the transport has to call it many times.
http::body stream_of(std::string content, std::optional<std::uint64_t> size) {
    auto data = std::make_shared<const std::string>(std::move(content));
    auto offset = std::make_shared<std::size_t>(0);
    return http::body::stream(
        [data, offset](std::span<char> out) -> result<std::size_t> {
            const auto n = std::min({out.size(), data->size() - *offset, std::size_t{1000}});
            std::copy_n(data->data() + *offset, n, out.data());
            *offset += n;
            return n;
        },
        size, "text/plain");
}

TEST_P(httpbin_body, stream_of_known_size_is_sent_with_content_length) {
    const std::string content(50'000, 's');
    auto echo = echo_of(http::request::post(httpbin_url("/anything"), stream_of(content, content.size())));
    EXPECT_EQ(string_member(echo, "data"), content);
    EXPECT_EQ(string_member(echo_headers(echo), "Content-Length"), "50000");
    EXPECT_FALSE(echo_headers(echo).contains("Transfer-Encoding"));
}

TEST_P(httpbin_body, stream_of_unknown_size_is_sent_chunked) {
    const std::string content(50'000, 'c');
    auto echo = echo_of(http::request::post(httpbin_url("/anything"), stream_of(content, std::nullopt)));
    EXPECT_EQ(string_member(echo, "data"), content);
    EXPECT_EQ(string_member(echo_headers(echo), "Transfer-Encoding"), "chunked");
    EXPECT_FALSE(echo_headers(echo).contains("Content-Length"));
}

TEST_P(httpbin_body, upload_progress_reaches_the_body_size) {
    http::client client(options());
    std::atomic<std::uint64_t> last{0};
    std::atomic<std::uint64_t> total{0};
    auto req = http::request::post(httpbin_url("/anything"), http::body::bytes(std::string(200'000, 'u')));
    req.options().on_upload_progress = [&](const http::progress& p) {
        last = p.transferred;
        if (p.total) total = *p.total;
    };
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(last.load(), 200'000u);
    EXPECT_EQ(total.load(), 200'000u);
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_body, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
