#include "http/field_errors.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using tether::field_error;
using tether::http::detail::error_summary;
using tether::http::detail::parse_field_errors;

using fields = std::vector<field_error>;

TEST(field_errors, rfc9457_problem_details_errors_with_json_pointers) {
    // RFC 9457 §3 example.
    const auto body = R"({
        "type": "https://example.net/validation-error",
        "title": "Your request is not valid.",
        "errors": [
            {"detail": "must be a positive integer", "pointer": "#/age"},
            {"detail": "must be 'green', 'red' or 'blue'", "pointer": "#/profile/color"}
        ]
    })";
    EXPECT_EQ(parse_field_errors(body),
              (fields{{"age", "must be a positive integer"}, {"color", "must be 'green', 'red' or 'blue'"}}));
}

TEST(field_errors, rfc7807_invalid_params) {
    // RFC 7807 §3 example.
    const auto body = R"({
        "type": "https://example.net/validation-error",
        "title": "Your request parameters didn't validate.",
        "invalid-params": [
            {"name": "age", "reason": "must be a positive integer"},
            {"name": "color", "reason": "must be 'green', 'red' or 'blue'"}
        ]
    })";
    EXPECT_EQ(parse_field_errors(body),
              (fields{{"age", "must be a positive integer"}, {"color", "must be 'green', 'red' or 'blue'"}}));
}

TEST(field_errors, rails_style_map_of_field_to_messages) {
    const auto body = R"({"errors": {"email": ["is invalid", "is taken"], "name": "blank"}})";
    EXPECT_EQ(parse_field_errors(body), (fields{{"email", "is invalid"}, {"email", "is taken"}, {"name", "blank"}}));
}

TEST(field_errors, json_api_source_pointer) {
    // JSON:API 1.1 "Error Objects" example.
    const auto body = R"({"errors": [{
        "status": "422",
        "source": {"pointer": "/data/attributes/firstName"},
        "title": "Invalid Attribute",
        "detail": "First name must contain at least two characters."
    }]})";
    EXPECT_EQ(parse_field_errors(body), (fields{{"firstName", "First name must contain at least two characters."}}));
}

TEST(field_errors, json_pointer_escapes_are_undone) {
    // RFC 6901 §4: "~1" is '/', "~0" is '~', and "~01" is "~1" (not '/').
    const auto body = R"({"errors": [
        {"source": {"pointer": "/data/attributes/a~1b"}, "detail": "slash"},
        {"source": {"pointer": "/data/attributes/c~0d"}, "detail": "tilde"},
        {"source": {"pointer": "/data/attributes/e~01f"}, "detail": "both"}
    ]})";
    EXPECT_EQ(parse_field_errors(body), (fields{{"a/b", "slash"}, {"c~d", "tilde"}, {"e~1f", "both"}}));
}

TEST(field_errors, json_api_source_parameter) {
    const auto body = R"({"errors": [{"source": {"parameter": "page[size]"}, "detail": "must be at most 100"}]})";
    EXPECT_EQ(parse_field_errors(body), (fields{{"page[size]", "must be at most 100"}}));
}

TEST(field_errors, json_api_title_when_there_is_no_detail) {
    const auto body = R"({"errors": [{"source": {"pointer": "/data/attributes/age"}, "title": "Invalid Attribute"}]})";
    EXPECT_EQ(parse_field_errors(body), (fields{{"age", "Invalid Attribute"}}));
}

TEST(field_errors, fastapi_detail_with_loc) {
    const auto body = R"({"detail": [
        {"loc": ["body", "age"], "msg": "value is not a valid integer", "type": "type_error.integer"},
        {"loc": ["query", "q"], "msg": "field required", "type": "value_error.missing"}
    ]})";
    EXPECT_EQ(parse_field_errors(body),
              (fields{{"age", "value is not a valid integer"}, {"q", "field required"}}));
}

TEST(field_errors, errors_without_a_field_keep_their_message) {
    const auto body = R"({"errors": [{"message": "the request is malformed"}]})";
    EXPECT_EQ(parse_field_errors(body), (fields{{"", "the request is malformed"}}));
}

TEST(field_errors, items_without_a_message_are_skipped) {
    const auto body = R"({"errors": [{"pointer": "#/a"}, {"pointer": "#/b", "detail": "bad"}, "text", 3]})";
    EXPECT_EQ(parse_field_errors(body), (fields{{"b", "bad"}}));
}

TEST(field_errors, bodies_without_field_errors_give_none) {
    for (std::string_view body : {
             "",
             "not json",
             "<html><body>422</body></html>",
             R"([{"field": "a", "message": "b"}])",  // a JSON array, not an object
             R"({"message": "validation failed"})",
             R"({"detail": "Not Found"})",
             R"({"errors": []})",
             R"({"errors": {}})",
             R"({"errors": null})",
             R"({"errors": "bad"})",
             R"({"errors": [)",
             "42",
         }) {
        EXPECT_TRUE(parse_field_errors(body).empty()) << body;
    }
}

TEST(error_summary, picks_the_most_helpful_text) {
    const std::vector<std::pair<std::string_view, std::string_view>> cases = {
        {R"({"type": "about:blank", "title": "Bad Request", "detail": "age must be positive"})", "age must be positive"},
        {R"({"message": "Quota exceeded"})", "Quota exceeded"},
        {R"({"error": "invalid_grant", "error_description": "The code expired"})", "The code expired"},
        {R"({"error": "invalid_grant"})", "invalid_grant"},
        {R"({"error": {"message": "nested message", "code": 7}})", "nested message"},
        {R"({"title": "Bad Request"})", "Bad Request"},
    };
    for (const auto& [body, expected] : cases) {
        EXPECT_EQ(error_summary(body), expected) << body;
    }
}

TEST(error_summary, nothing_known_gives_empty_text) {
    for (std::string_view body : {"", "not json", "[]", R"(["message"])", R"({"status": 500})", "null"}) {
        EXPECT_EQ(error_summary(body), "") << body;
    }
}

TEST(error_summary, long_text_is_truncated) {
    const std::string text(5000, 'x');
    const auto summary = error_summary(R"({"message": ")" + text + R"("})");
    EXPECT_LT(summary.size(), 400u);
    EXPECT_GE(summary.size(), 50u) << "truncated to nothing useful";
    EXPECT_TRUE(summary.starts_with(std::string(50, 'x')));
    EXPECT_TRUE(summary.ends_with("...") || summary.ends_with("\u2026")) << "truncation is not marked";
}

TEST(error_summary, short_text_is_kept_whole) {
    const std::string text(150, 'y');
    EXPECT_EQ(error_summary(R"({"message": ")" + text + R"("})"), text);
}

}  // namespace

TEST(parse_field_errors, empty_messages_are_not_field_errors) {
    const auto fields = parse_field_errors(R"({"errors":{"name":"","email":["","is invalid"]}})");
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_EQ(fields[0].field, "email");
    EXPECT_EQ(fields[0].message, "is invalid");
}
