// Where the native transport sends a request, and the bytes of its head.

#include "http/native/request_head.hpp"

#include <tether/core/errc.hpp>

#include <gtest/gtest.h>

namespace {

using tether::errc;
using tether::http::request;
using namespace tether::http::native;

TEST(request_target, splits_an_http_url) {
    auto t = parse_request_target("http://Example.COM:8080/a/b?x=1&y=%20#frag");
    ASSERT_TRUE(t) << t.error().to_string();
    EXPECT_FALSE(t->secure);
    EXPECT_EQ(t->host, "example.com");
    EXPECT_EQ(t->port, 8080);
    EXPECT_EQ(t->host_header, "example.com:8080");
    EXPECT_EQ(t->origin, "http://example.com:8080");
    EXPECT_EQ(t->target, "/a/b?x=1&y=%20");
    EXPECT_FALSE(t->ip_literal);
}

TEST(request_target, leaves_the_default_port_out_of_host) {
    auto t = parse_request_target("HTTPS://api.example.com");
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->secure);
    EXPECT_EQ(t->port, 443);
    EXPECT_EQ(t->host_header, "api.example.com");
    EXPECT_EQ(t->target, "/");
    EXPECT_EQ(t->origin, "https://api.example.com:443");
}

TEST(request_target, handles_address_literals) {
    auto v6 = parse_request_target("http://[::1]:9000/x");
    ASSERT_TRUE(v6);
    EXPECT_TRUE(v6->ip_literal);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->host_header, "[::1]:9000");
    auto v4 = parse_request_target("http://127.0.0.1/");
    ASSERT_TRUE(v4);
    EXPECT_TRUE(v4->ip_literal);
    EXPECT_EQ(v4->host, "127.0.0.1");
}

TEST(request_target, decodes_user_info_into_credentials) {
    auto t = parse_request_target("http://al%40ice:p%3Ass@host/");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->credentials, "al@ice:p:ss");
}

TEST(request_target, plain_urls_split_the_same_as_any_other) {
    auto ip = parse_request_target("http://127.0.0.1:8080/json?a=1&b=%2F");
    ASSERT_TRUE(ip);
    EXPECT_TRUE(ip->ip_literal);
    EXPECT_EQ(ip->host, "127.0.0.1");
    EXPECT_EQ(ip->port, 8080);
    EXPECT_EQ(ip->host_header, "127.0.0.1:8080");
    EXPECT_EQ(ip->origin, "http://127.0.0.1:8080");
    EXPECT_EQ(ip->target, "/json?a=1&b=%2F");
    auto bare = parse_request_target("https://api.example.com");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->target, "/");
    EXPECT_EQ(bare->host_header, "api.example.com");
    EXPECT_EQ(bare->origin, "https://api.example.com:443");
    auto query_only = parse_request_target("http://h?q=1");
    ASSERT_TRUE(query_only);
    EXPECT_EQ(query_only->target, "/?q=1");
    auto not_an_address = parse_request_target("http://1.2.3/");
    ASSERT_TRUE(not_an_address);
    EXPECT_FALSE(not_an_address->ip_literal);
    EXPECT_EQ(parse_request_target("http://h:70000/").error().code(), errc::invalid_url);
    auto fragment = parse_request_target("http://h/p#frag");
    ASSERT_TRUE(fragment);
    EXPECT_EQ(fragment->target, "/p");
}

TEST(request_target, refuses_what_it_cannot_reach) {
    EXPECT_EQ(parse_request_target("ftp://host/").error().code(), errc::unsupported_scheme);
    EXPECT_EQ(parse_request_target("not a url").error().code(), errc::invalid_url);
    EXPECT_EQ(parse_request_target("http://host:99999/").error().code(), errc::invalid_url);
}

TEST(request_head, writes_the_request_line_host_headers_and_length) {
    auto req = request::post("http://h:81/p?q", tether::http::body::text("abc"));
    req.header("X-Repeat", "1").header("x-repeat", "2").header("Content-Length", "999");
    auto where = parse_request_target(req.url()).value();
    const auto head = request_head(req, where, framing_for(req, 3), true);
    const std::string expected_start = "POST /p?q HTTP/1.1\r\nHost: h:81\r\n";
    EXPECT_EQ(head.substr(0, expected_start.size()), expected_start);
    EXPECT_NE(head.find("X-Repeat: 1\r\nx-repeat: 2\r\n"), std::string::npos) << head;
    EXPECT_NE(head.find("Content-Length: 3\r\n"), std::string::npos);
    EXPECT_EQ(head.find("999"), std::string::npos) << "the caller's stale length is dropped";
    EXPECT_NE(head.find("Accept-Encoding: gzip, deflate, br\r\n"), std::string::npos);
    EXPECT_TRUE(head.ends_with("\r\n\r\n"));
}

TEST(request_head, frames_bodies_by_method_and_size) {
    auto get = request::get("http://h/");
    EXPECT_FALSE(framing_for(get, 0).sends_body);
    auto put = request::put("http://h/");
    auto empty_put = framing_for(put, 0);
    EXPECT_TRUE(empty_put.sends_body);
    EXPECT_EQ(empty_put.length, 0u);
    auto streamed = framing_for(request::post("http://h/"), std::nullopt);
    EXPECT_TRUE(streamed.sends_body);
    EXPECT_FALSE(streamed.length);
    auto where = parse_request_target("http://h/").value();
    EXPECT_NE(request_head(request::post("http://h/"), where, streamed, false).find("Transfer-Encoding: chunked\r\n"),
              std::string::npos);
    EXPECT_FALSE(framing_for(request::head("http://h/"), 0).sends_body);
}

TEST(request_head, keeps_the_callers_host_accept_and_authorization) {
    auto req = request::get("http://user:pw@h/");
    req.header("Host", "virtual.example").header("Accept", "text/plain").header("Accept-Encoding", "identity");
    auto where = parse_request_target(req.url()).value();
    auto head = request_head(req, where, framing_for(req, 0), true);
    EXPECT_EQ(head.find("Host: h"), std::string::npos);
    EXPECT_NE(head.find("Host: virtual.example"), std::string::npos);
    EXPECT_EQ(head.find("*/*"), std::string::npos);
    EXPECT_EQ(head.find("gzip"), std::string::npos);
    EXPECT_NE(head.find("Authorization: Basic dXNlcjpwdw==\r\n"), std::string::npos) << head;
    req.header("Authorization", "Bearer t");
    head = request_head(req, where, framing_for(req, 0), true);
    EXPECT_EQ(head.find("Basic"), std::string::npos);
}

}  // namespace
