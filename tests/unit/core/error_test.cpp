#include <tether/core/error.hpp>
#include <tether/http/response.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace {

using tether::errc;
using tether::error;

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(error, a_new_error_has_its_code_and_message_and_no_context) {
    error e(errc::not_found, "no such user");
    EXPECT_EQ(e.code(), errc::not_found);
    EXPECT_EQ(e.kind(), tether::error_kind::http);
    EXPECT_EQ(e.message(), "no such user");
    EXPECT_EQ(e.method(), "");
    EXPECT_EQ(e.url(), "");
    EXPECT_EQ(e.status(), std::nullopt);
    EXPECT_EQ(e.response(), nullptr);
    EXPECT_EQ(e.retry_after(), std::nullopt);
    EXPECT_TRUE(e.field_errors().empty());
    EXPECT_EQ(e.offset(), std::nullopt);
    EXPECT_EQ(e.attempts(), 1);
}

TEST(error, kind_follows_the_code) {
    EXPECT_EQ(error(errc::read_timeout, "").kind(), tether::error_kind::timeout);
    EXPECT_EQ(error(errc::dns_failed, "").kind(), tether::error_kind::network);
    EXPECT_EQ(error(errc::invalid_url, "").kind(), tether::error_kind::invalid_request);
}

TEST(error, with_request_records_the_method) {
    error e(errc::network_failed, "x");
    e.with_request("PATCH", "https://api.example.com/users/1");
    EXPECT_EQ(e.method(), "PATCH");
    EXPECT_EQ(e.url(), "https://api.example.com/users/1");
}

TEST(error, with_request_redacts_the_user_info_password_and_secret_query_values) {
    error e(errc::network_failed, "x");
    e.with_request("GET", "https://alice:hunter2@api.example.com/x?token=abc123&page=2");
    EXPECT_EQ(e.url(), "https://alice:REDACTED@api.example.com/x?token=REDACTED&page=2");
    EXPECT_FALSE(contains(e.url(), "hunter2"));
    EXPECT_FALSE(contains(e.url(), "abc123"));
}

TEST(error, builders_return_the_same_error_for_chaining) {
    error e(errc::rate_limited, "slow down");
    EXPECT_EQ(&e.with_request("GET", "https://h/"), &e);
    EXPECT_EQ(&e.with_response(nullptr, 429), &e);
    EXPECT_EQ(&e.with_retry_after(std::chrono::seconds(3)), &e);
    EXPECT_EQ(&e.with_field_errors({}), &e);
    EXPECT_EQ(&e.with_offset(4), &e);
    EXPECT_EQ(&e.with_attempts(2), &e);
}

TEST(error, with_response_records_the_response_and_its_status) {
    auto res = std::make_shared<const tether::http::response>(404, tether::http::headers{{"X-Id", "7"}}, "missing");
    error e(errc::not_found, "x");
    e.with_response(res, 404);
    EXPECT_EQ(e.status(), 404);
    ASSERT_NE(e.response(), nullptr);
    EXPECT_EQ(e.response().get(), res.get());
    EXPECT_EQ(e.response()->body(), "missing");
    EXPECT_EQ(e.response()->headers().get("x-id"), "7");
}

TEST(error, with_response_without_a_response_still_records_the_status) {
    error e(errc::server_error, "x");
    e.with_response(nullptr, 503);
    EXPECT_EQ(e.status(), 503);
    EXPECT_EQ(e.response(), nullptr);
}

TEST(error, with_retry_after_records_the_delay) {
    error e(errc::rate_limited, "x");
    e.with_retry_after(std::chrono::seconds(42));
    EXPECT_EQ(e.retry_after(), std::chrono::seconds(42));
}

TEST(error, with_field_errors_keeps_them_in_order) {
    const std::vector<tether::field_error> fields = {{"email", "is invalid"}, {"name", "is blank"}, {"email", "is taken"}};
    error e(errc::validation_failed, "x");
    e.with_field_errors(fields);
    EXPECT_EQ(e.field_errors(), fields);
}

TEST(error, with_offset_records_the_byte_offset) {
    error e(errc::decode_failed, "x");
    e.with_offset(0);
    EXPECT_EQ(e.offset(), std::size_t{0});
    e.with_offset(17);
    EXPECT_EQ(e.offset(), std::size_t{17});
}

TEST(error, with_attempts_records_the_count) {
    error e(errc::read_timeout, "x");
    e.with_attempts(3);
    EXPECT_EQ(e.attempts(), 3);
}

TEST(error, to_string_without_a_request_is_code_and_message) {
    EXPECT_EQ(error(errc::cancelled, "the caller cancelled").to_string(), "cancelled: the caller cancelled");
}

TEST(error, to_string_names_code_method_redacted_url_and_message) {
    error e(errc::not_found, "the server answered 404 Not Found");
    e.with_request("GET", "https://api.example.com/users/42?api_key=sk_live_1");
    const auto text = e.to_string();
    EXPECT_EQ(text, "not_found: GET https://api.example.com/users/42?api_key=REDACTED: the server answered 404 Not Found");
    EXPECT_FALSE(contains(text, "sk_live_1"));
}

TEST(error, to_string_mentions_attempts_only_when_there_were_several) {
    error once(errc::read_timeout, "no data for 10 s");
    once.with_request("GET", "https://h/x");
    EXPECT_FALSE(contains(once.to_string(), "attempt")) << once.to_string();

    error thrice = once;
    thrice.with_attempts(3);
    const auto text = thrice.to_string();
    EXPECT_TRUE(contains(text, "after 3 attempts")) << text;
    EXPECT_TRUE(contains(text, "read_timeout")) << text;
    EXPECT_TRUE(contains(text, "GET https://h/x")) << text;
    EXPECT_TRUE(contains(text, "no data for 10 s")) << text;
}

TEST(error, to_string_with_two_attempts_says_so) {
    error e(errc::connection_reset, "reset");
    e.with_request("POST", "https://h/x").with_attempts(2);
    EXPECT_TRUE(contains(e.to_string(), "after 2 attempts")) << e.to_string();
}

TEST(error, copies_are_independent_values) {
    error a(errc::validation_failed, "bad");
    error b = a;
    b.with_field_errors({{"f", "m"}}).with_attempts(4);
    EXPECT_TRUE(a.field_errors().empty());
    EXPECT_EQ(a.attempts(), 1);
}

TEST(field_error, compares_field_and_message) {
    EXPECT_EQ((tether::field_error{"a", "b"}), (tether::field_error{"a", "b"}));
    EXPECT_NE((tether::field_error{"a", "b"}), (tether::field_error{"a", "c"}));
    EXPECT_NE((tether::field_error{"a", "b"}), (tether::field_error{"x", "b"}));
}

}  // namespace
