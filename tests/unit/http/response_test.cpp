#include <tether/http/response.hpp>

#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using tether::errc;
using tether::http::response;

TEST(response, keeps_status_headers_and_body) {
    response r(201, {{"Location", "/users/7"}}, "created");
    EXPECT_EQ(r.status(), 201);
    EXPECT_EQ(r.headers().get("location"), "/users/7");
    EXPECT_EQ(r.body(), "created");
}

TEST(response, default_is_empty) {
    response r;
    EXPECT_EQ(r.status(), 0);
    EXPECT_EQ(r.body(), "");
    EXPECT_TRUE(r.headers().empty());
    EXPECT_EQ(r.redirects(), 0);
    EXPECT_EQ(r.version(), tether::http::http_version::unknown);
}

TEST(response, json_parses_the_body) {
    response r(200, {}, R"({"a": [1, 2, {"b": null}], "s": "x"})");
    auto v = r.json();
    ASSERT_TRUE(v) << v.error().to_string();
    ASSERT_TRUE(v->is_object());
    EXPECT_EQ(v->at("a").at(1), 2);
    EXPECT_TRUE(v->at("a").at(2).at("b").is_null());
    EXPECT_EQ(v->at("s"), "x");
}

TEST(response, json_parses_scalars_and_surrounding_whitespace) {
    EXPECT_EQ(*response(200, {}, " 42 \n").json(), 42);
    EXPECT_EQ(*response(200, {}, "\"s\"").json(), "s");
    EXPECT_TRUE(response(200, {}, "[]").json()->is_array());
}

TEST(response, invalid_json_offset_is_the_failing_byte) {
    const std::vector<std::pair<std::string_view, std::size_t>> cases = {
        // {"a": 1,}     the '}' where another member must start
        {R"({"a": 1,})", 8},
        // {"a": [1, 2, x]}
        {R"({"a": [1, 2, x]})", 13},
        // {"a": 12.e5}  a digit must follow the '.'
        {R"({"a": 12.e5})", 9},
        // {"a": "abcdefghij\q"}  the 'q' of an invalid escape
        {R"({"a": "abcdefghij\q"})", 18},
        // {"abcdefgh" 1}  the '1' where ':' must be
        {R"({"abcdefgh" 1})", 12},
    };
    for (const auto& [text, offset] : cases) {
        auto v = response(200, {}, std::string(text)).json();
        ASSERT_FALSE(v) << text;
        EXPECT_EQ(v.error().code(), errc::decode_failed) << text;
        EXPECT_EQ(v.error().offset(), offset) << text << ": " << v.error().message();
    }
}

TEST(response, invalid_literal_offset_points_into_the_literal) {
    // {"a": tru}
    // 0123456789: "tru" starts at byte 6; the '}' at byte 9 is where it stops being "true".
    response r(200, {{"Content-Type", "application/json"}}, R"({"a": tru})");
    auto v = r.json();
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code(), errc::decode_failed);
    ASSERT_TRUE(v.error().offset().has_value());
    EXPECT_GE(*v.error().offset(), 6u) << v.error().message();
    EXPECT_LE(*v.error().offset(), 9u) << v.error().message();
}

TEST(response, invalid_json_message_names_the_offset_and_content_type) {
    response r(200, {{"Content-Type", "text/html"}}, "<html>");
    auto v = r.json();
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code(), errc::decode_failed);
    EXPECT_EQ(v.error().offset(), std::size_t{0});
    EXPECT_NE(v.error().message().find("text/html"), std::string::npos) << v.error().message();
}

TEST(response, trailing_garbage_fails) {
    // {} x
    // 0123: the 'x' at byte 3 is garbage after a complete value.
    response r(200, {}, "{} x");
    auto v = r.json();
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code(), errc::decode_failed);
    ASSERT_TRUE(v.error().offset().has_value());
    EXPECT_EQ(*v.error().offset(), 3u) << v.error().message();
}

TEST(response, two_json_documents_fail) {
    auto v = response(200, {}, "{}{}").json();
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code(), errc::decode_failed);
}

TEST(response, truncated_json_fails) {
    auto v = response(200, {}, R"({"a": [1, 2)").json();
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code(), errc::decode_failed);
}

TEST(response, empty_body_fails_to_decode) {
    auto v = response(204, {}, "").json();
    ASSERT_FALSE(v);
    EXPECT_EQ(v.error().code(), errc::decode_failed);
    EXPECT_NE(v.error().message().find("empty"), std::string::npos) << v.error().message();
}

TEST(response, reason_is_the_one_the_server_sent) {
    response r(404);
    r.reason("Nope");
    EXPECT_EQ(r.reason(), "Nope");
}

TEST(response, empty_reason_falls_back_to_the_standard_phrase) {
    // HTTP/2 and HTTP/3 carry no reason phrase.
    const std::vector<std::pair<int, std::string_view>> cases = {
        {200, "OK"}, {201, "Created"}, {204, "No Content"}, {301, "Moved Permanently"}, {304, "Not Modified"},
        {400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"}, {409, "Conflict"},
        {422, "Unprocessable Content"}, {429, "Too Many Requests"}, {500, "Internal Server Error"},
        {502, "Bad Gateway"}, {503, "Service Unavailable"}, {504, "Gateway Timeout"},
    };
    for (const auto& [status, phrase] : cases) {
        response r(status);
        r.version(tether::http::http_version::http2);
        EXPECT_EQ(r.reason(), phrase) << status;
        EXPECT_EQ(tether::http::standard_reason(status), phrase) << status;
    }
}

TEST(response, unknown_status_has_no_reason) {
    EXPECT_EQ(response(599).reason(), "");
    EXPECT_EQ(tether::http::standard_reason(299), "");
}

TEST(response, ok_is_true_for_2xx_only) {
    for (int status : {200, 201, 204, 250, 299}) EXPECT_TRUE(response(status).ok()) << status;
    for (int status : {0, 100, 199, 300, 304, 400, 404, 500}) EXPECT_FALSE(response(status).ok()) << status;
}

TEST(response, setters_chain) {
    response r;
    r.status(418).reason("I'm a teapot").body("short and stout").url("https://h/tea").redirects(2);
    EXPECT_EQ(r.status(), 418);
    EXPECT_EQ(r.reason(), "I'm a teapot");
    EXPECT_EQ(r.body(), "short and stout");
    EXPECT_EQ(r.url(), "https://h/tea");
    EXPECT_EQ(r.redirects(), 2);
}

TEST(http_version, to_string_names_each_version) {
    using tether::http::http_version;
    EXPECT_EQ(tether::http::to_string(http_version::http1_0), "HTTP/1.0");
    EXPECT_EQ(tether::http::to_string(http_version::http1_1), "HTTP/1.1");
    EXPECT_EQ(tether::http::to_string(http_version::http2), "HTTP/2");
    EXPECT_EQ(tether::http::to_string(http_version::http3), "HTTP/3");
}

}  // namespace
