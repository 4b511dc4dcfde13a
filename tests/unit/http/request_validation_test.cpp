#include "http/request_validation.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using tether::errc;
using tether::http::request;
using tether::http::detail::validate_request;

TEST(request_validation, valid_requests_pass) {
    const std::vector<request> valid = {
        request::get("https://example.com/x").header("Accept", "application/json"),
        request::get("http://localhost:8080/"),
        request::get("HTTPS://Example.COM/"),
        request::get("http://127.0.0.1:1/a?b=c#d"),
        request::get("http://[::1]:8080/"),
        request("PROPFIND", "https://example.com/dav"),
        request::post("https://example.com/x").header("X-Empty", "").header("X-Tab", "a\tb"),
        request::get("https://example.com/").header("X-!#$%&'*+-.^_`|~", "token chars"),
    };
    for (const auto& req : valid) {
        auto ok = validate_request(req);
        EXPECT_TRUE(ok) << req.method() << " " << req.url() << ": " << (ok ? "" : ok.error().to_string());
    }
}

TEST(request_validation, cr_lf_or_nul_in_a_header_value_is_invalid_header) {
    for (std::string value : {std::string("a\rb"), std::string("a\nb"), std::string("a\r\nX-Injected: 1"),
                              std::string("a\0b", 3), std::string("trailing\n")}) {
        auto ok = validate_request(request::get("https://example.com/").header("X-Value", value));
        ASSERT_FALSE(ok);
        EXPECT_EQ(ok.error().code(), errc::invalid_header);
    }
}

TEST(request_validation, the_message_names_the_offending_header) {
    auto ok = validate_request(request::get("https://example.com/").header("X-Bad", "a\r\nb"));
    ASSERT_FALSE(ok);
    EXPECT_NE(ok.error().message().find("X-Bad"), std::string::npos) << ok.error().message();
}

TEST(request_validation, a_header_name_that_is_not_a_token_is_invalid_header) {
    for (std::string name : {std::string("X Y"), std::string("X:Y"), std::string("X\rY"), std::string("X\nY"),
                             std::string(""), std::string("X(Y)"), std::string("X\"Y"), std::string("X\0Y", 3),
                             std::string("Ünicode")}) {
        auto ok = validate_request(request::get("https://example.com/").header(name, "v"));
        ASSERT_FALSE(ok) << "'" << name << "'";
        EXPECT_EQ(ok.error().code(), errc::invalid_header) << "'" << name << "'";
    }
}

TEST(request_validation, a_method_that_is_not_a_token_is_invalid_header) {
    for (std::string method : {"GE T", "", "GET\r\n", "GET:", "G(E)T"}) {
        auto ok = validate_request(request(method, "https://example.com/"));
        ASSERT_FALSE(ok) << "'" << method << "'";
        EXPECT_EQ(ok.error().code(), errc::invalid_header) << "'" << method << "'";
    }
}

TEST(request_validation, schemes_other_than_http_and_https_are_unsupported) {
    for (std::string url : {"ftp://example.com/file", "file:///etc/passwd", "ws://example.com/socket",
                            "gopher://example.com/"}) {
        auto ok = validate_request(request::get(url));
        ASSERT_FALSE(ok) << url;
        EXPECT_EQ(ok.error().code(), errc::unsupported_scheme) << url;
    }
}

TEST(request_validation, urls_without_a_host_or_that_do_not_parse_are_invalid_url) {
    for (std::string url : {"http:///path", "http://", "https://", "not a url", "/relative/path", "example.com/x",
                            "http://exa mple.com/", ""}) {
        auto ok = validate_request(request::get(url));
        ASSERT_FALSE(ok) << "'" << url << "'";
        EXPECT_EQ(ok.error().code(), errc::invalid_url) << "'" << url << "'";
    }
}

TEST(request_validation, error_messages_redact_the_url) {
    auto ok = validate_request(request::get("ftp://user:pw123@example.com/x?token=abc123"));
    ASSERT_FALSE(ok);
    EXPECT_EQ(ok.error().message().find("pw123"), std::string::npos) << ok.error().message();
    EXPECT_EQ(ok.error().message().find("abc123"), std::string::npos) << ok.error().message();
}

}  // namespace

TEST(request_validation, urls_outside_the_plain_shape_still_get_the_full_check) {
    using tether::http::request;
    using tether::http::detail::validate_request;
    const std::vector<std::pair<std::string, bool>> cases = {
        {"http://h.example/a?b=c&d=%20e", true},
        {"https://h.example:8443/", true},
        {"http://[::1]:8080/x", true},
        {"http://user:pw@h.example/", true},
        {"http://h.example/a#frag", true},
        {"http://h.example/a[b]", false},
        {"http://h.example/%G1", false},
        {"http://h.example/%4", false},
        {"http://h.example:123456/", false},
        {"http://h.example/a b", false},
        {"http://h.example/\x7f", false},
    };
    for (const auto& [url, valid] : cases) {
        EXPECT_EQ(validate_request(request::get(url)).has_value(), valid) << url;
    }
}
