#include "http/status_error.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using tether::errc;
using tether::field_error;
using tether::http::request;
using tether::http::response;
using tether::http::detail::status_error;

// Sun, 06 Nov 1994 08:49:37 GMT as Unix time.
const std::chrono::system_clock::time_point rfc_example{std::chrono::seconds(784111777)};

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

response answer(int status, std::string body = {}, tether::http::headers h = {}) {
    return response(status, std::move(h), std::move(body));
}

TEST(status_error, the_code_follows_the_status) {
    const std::vector<std::pair<int, errc>> cases = {
        {400, errc::validation_failed}, {422, errc::validation_failed}, {401, errc::unauthorized},
        {403, errc::forbidden},         {404, errc::not_found},         {409, errc::conflict},
        {429, errc::rate_limited},      {500, errc::server_error},      {503, errc::server_error},
        {418, errc::unexpected_status}, {302, errc::unexpected_status},
    };
    for (const auto& [status, code] : cases) {
        auto e = status_error(request::get("https://h/x"), answer(status), rfc_example);
        EXPECT_EQ(e.code(), code) << status;
        EXPECT_EQ(e.status(), status);
    }
}

TEST(status_error, message_names_the_status_and_reason) {
    auto res = answer(404);
    res.reason("Not Found");
    auto e = status_error(request::get("https://h/users/42"), res, rfc_example);
    EXPECT_TRUE(contains(e.message(), "404")) << e.message();
    EXPECT_TRUE(contains(e.message(), "Not Found")) << e.message();
}

TEST(status_error, message_uses_the_servers_own_reason) {
    auto res = answer(404);
    res.reason("No Such Thing");
    auto e = status_error(request::get("https://h/x"), res, rfc_example);
    EXPECT_TRUE(contains(e.message(), "No Such Thing")) << e.message();
}

TEST(status_error, message_uses_the_standard_phrase_when_http2_sent_none) {
    auto res = answer(503);
    res.version(tether::http::http_version::http2);
    auto e = status_error(request::get("https://h/x"), res, rfc_example);
    EXPECT_TRUE(contains(e.message(), "503 Service Unavailable")) << e.message();
}

TEST(status_error, message_includes_the_servers_summary) {
    auto e = status_error(request::get("https://h/users/42"), answer(404, R"({"message": "no user with id 42"})"),
                          rfc_example);
    EXPECT_TRUE(contains(e.message(), "no user with id 42")) << e.message();
}

TEST(status_error, message_includes_the_problem_detail) {
    auto e = status_error(request::post("https://h/orders"),
                          answer(409, R"({"title": "Conflict", "detail": "order 7 was already shipped"})"),
                          rfc_example);
    EXPECT_TRUE(contains(e.message(), "order 7 was already shipped")) << e.message();
}

TEST(status_error, message_is_not_just_request_failed) {
    auto e = status_error(request::get("https://h/x"), answer(500), rfc_example);
    EXPECT_TRUE(contains(e.message(), "500")) << e.message();
    EXPECT_GT(e.message().size(), std::string("the server answered 500").size()) << "no advice: " << e.message();
}

TEST(status_error, field_errors_of_a_422) {
    auto e = status_error(request::post("https://h/users"),
                          answer(422, R"({"errors": {"email": ["is invalid"], "name": "blank"}})"), rfc_example);
    EXPECT_EQ(e.code(), errc::validation_failed);
    EXPECT_EQ(e.field_errors(), (std::vector<field_error>{{"email", "is invalid"}, {"name", "blank"}}));
    EXPECT_TRUE(contains(e.message(), "email: is invalid")) << e.message();
    EXPECT_TRUE(contains(e.message(), "name: blank")) << e.message();
}

TEST(status_error, field_errors_of_a_400) {
    auto e = status_error(request::post("https://h/users"),
                          answer(400, R"({"invalid-params": [{"name": "age", "reason": "must be positive"}]})"),
                          rfc_example);
    EXPECT_EQ(e.code(), errc::validation_failed);
    EXPECT_EQ(e.field_errors(), (std::vector<field_error>{{"age", "must be positive"}}));
    EXPECT_TRUE(contains(e.message(), "age: must be positive")) << e.message();
}

TEST(status_error, message_lists_the_first_field_errors_only) {
    auto e = status_error(request::post("https://h/users"),
                          answer(422, R"({"errors": {"f1": "m1", "f2": "m2", "f3": "m3", "f4": "m4", "f5": "m5"}})"),
                          rfc_example);
    EXPECT_EQ(e.field_errors().size(), 5u) << "every field error is kept in field_errors()";
    EXPECT_TRUE(contains(e.message(), "f1: m1")) << e.message();
    EXPECT_FALSE(contains(e.message(), "f5: m5")) << "the message should stay one readable line: " << e.message();
}

TEST(status_error, other_statuses_have_no_field_errors) {
    auto e = status_error(request::post("https://h/users"), answer(409, R"({"errors": {"email": ["is taken"]}})"),
                          rfc_example);
    EXPECT_TRUE(e.field_errors().empty());
}

TEST(status_error, the_response_is_kept_with_its_body_and_headers) {
    auto e = status_error(request::get("https://h/x"), answer(500, "stack trace here", {{"X-Request-Id", "r-1"}}),
                          rfc_example);
    ASSERT_NE(e.response(), nullptr);
    EXPECT_EQ(e.response()->status(), 500);
    EXPECT_EQ(e.response()->body(), "stack trace here");
    EXPECT_EQ(e.response()->headers().get("x-request-id"), "r-1");
}

TEST(status_error, the_request_is_recorded_with_its_url_redacted) {
    auto e = status_error(request("DELETE", "https://bob:pw@h/x?token=abc123&page=2"), answer(403), rfc_example);
    EXPECT_EQ(e.method(), "DELETE");
    EXPECT_EQ(e.url(), "https://bob:REDACTED@h/x?token=REDACTED&page=2");
    EXPECT_FALSE(contains(e.to_string(), "abc123")) << e.to_string();
    EXPECT_FALSE(contains(e.to_string(), ":pw@")) << e.to_string();
}

TEST(status_error, retry_after_seconds_for_429_and_503) {
    for (int status : {429, 503}) {
        auto e = status_error(request::get("https://h/x"), answer(status, "", {{"Retry-After", "120"}}), rfc_example);
        EXPECT_EQ(e.retry_after(), 120s) << status;
    }
}

TEST(status_error, retry_after_date_is_relative_to_the_injected_now) {
    for (int status : {429, 503}) {
        auto e = status_error(request::get("https://h/x"),
                              answer(status, "", {{"Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"}}),
                              rfc_example - 30s);
        EXPECT_EQ(e.retry_after(), 30s) << status;
    }
}

TEST(status_error, rate_limited_message_says_how_long_to_wait) {
    auto e = status_error(request::get("https://h/x"), answer(429, "", {{"Retry-After", "17"}}), rfc_example);
    EXPECT_TRUE(contains(e.message(), "17")) << e.message();
}

TEST(status_error, retry_after_is_ignored_for_other_statuses) {
    for (int status : {500, 502, 404}) {
        auto e = status_error(request::get("https://h/x"), answer(status, "", {{"Retry-After", "120"}}), rfc_example);
        EXPECT_EQ(e.retry_after(), std::nullopt) << status;
    }
}

TEST(status_error, an_unreadable_retry_after_is_ignored) {
    auto e = status_error(request::get("https://h/x"), answer(429, "", {{"Retry-After", "later"}}), rfc_example);
    EXPECT_EQ(e.code(), errc::rate_limited);
    EXPECT_EQ(e.retry_after(), std::nullopt);
}

}  // namespace
