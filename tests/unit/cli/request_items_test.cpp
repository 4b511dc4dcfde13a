#include "request_items.hpp"

#include "support/body_reading.hpp"
#include "support/temp_file.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using tether::errc;
using tether::cli::build_request;
using tether::cli::expand_url;
using tether::cli::parse_request_items;

tether::result<tether::cli::request_items> parse(std::vector<std::string> items) {
    return parse_request_items(items);
}

TEST(request_items, header_colon_value_is_a_header) {
    auto items = parse({"X-Api-Version:2", "Accept:application/json"});
    ASSERT_TRUE(items) << items.error().to_string();
    EXPECT_EQ(items->headers.get("X-Api-Version"), "2");
    EXPECT_EQ(items->headers.get("accept"), "application/json");
    EXPECT_TRUE(items->query.empty());
    EXPECT_TRUE(items->fields.empty());
    EXPECT_TRUE(items->json_fields.empty());
}

TEST(request_items, header_with_nothing_after_the_colon_sends_an_empty_value) {
    auto items = parse({"X-Empty:"});
    ASSERT_TRUE(items);
    ASSERT_TRUE(items->headers.contains("X-Empty"));
    EXPECT_EQ(items->headers.get("X-Empty"), "");
}

TEST(request_items, param_double_equals_value_is_a_query_parameter) {
    auto items = parse({"page==2", "q==a b"});
    ASSERT_TRUE(items);
    const std::vector<std::pair<std::string, std::string>> expected = {{"page", "2"}, {"q", "a b"}};
    EXPECT_EQ(items->query, expected);
    EXPECT_TRUE(items->headers.empty());
    EXPECT_TRUE(items->fields.empty());
}

TEST(request_items, field_equals_value_is_a_string_field) {
    auto items = parse({"name=alice", "age=30"});
    ASSERT_TRUE(items);
    const std::vector<std::pair<std::string, std::string>> expected = {{"name", "alice"}, {"age", "30"}};
    EXPECT_EQ(items->fields, expected);
    EXPECT_EQ(items->json_fields.at("name"), "alice");
    EXPECT_EQ(items->json_fields.at("age"), "30") << "field=value is always a string";
    EXPECT_FALSE(items->has_raw_json);
}

TEST(request_items, field_colon_equals_is_raw_json) {
    auto items = parse({"n:=42", "pi:=3.5", "ok:=true", "none:=null", R"(o:={"a":1})", "arr:=[1,2]"});
    ASSERT_TRUE(items) << items.error().to_string();
    EXPECT_TRUE(items->has_raw_json);
    const auto& j = items->json_fields;
    EXPECT_EQ(j.at("n"), 42);
    EXPECT_EQ(j.at("pi"), 3.5);
    EXPECT_EQ(j.at("ok"), true);
    EXPECT_TRUE(j.at("none").is_null());
    EXPECT_EQ(j.at("o"), boost::json::parse(R"({"a":1})"));
    EXPECT_EQ(j.at("arr"), boost::json::parse("[1,2]"));
    EXPECT_TRUE(items->fields.empty()) << "raw JSON is not a form field";
}

TEST(request_items, field_at_path_is_a_file) {
    auto items = parse({"photo@/tmp/beach.jpg"});
    ASSERT_TRUE(items);
    ASSERT_EQ(items->files.size(), 1u);
    EXPECT_EQ(items->files[0].first, "photo");
    EXPECT_EQ(items->files[0].second, std::filesystem::path("/tmp/beach.jpg"));
}

TEST(request_items, the_first_separator_wins_and_the_longer_at_the_same_place) {
    auto items = parse({"a:=1", "X-Y:a=b", "q==a=b", "u=http://x:1/", "email=a@b.c", "X-At:a@b"});
    ASSERT_TRUE(items) << items.error().to_string();
    // ":=" over ":" at the same position: JSON, not a header "a" with "=1".
    EXPECT_EQ(items->json_fields.at("a"), 1);
    EXPECT_FALSE(items->headers.contains("a"));
    // ':' comes before '=': a header whose value holds '='.
    EXPECT_EQ(items->headers.get("X-Y"), "a=b");
    // "==" over "=" at the same position: query "q" with value "a=b".
    const std::vector<std::pair<std::string, std::string>> query = {{"q", "a=b"}};
    EXPECT_EQ(items->query, query);
    // '=' before ':' and '@': fields whose values hold them.
    EXPECT_EQ(items->json_fields.at("u"), "http://x:1/");
    EXPECT_EQ(items->json_fields.at("email"), "a@b.c");
    EXPECT_EQ(items->headers.get("X-At"), "a@b");
    EXPECT_TRUE(items->files.empty());
}

TEST(request_items, an_item_without_separator_is_an_error_naming_it) {
    auto items = parse({"name=alice", "justtext"});
    ASSERT_FALSE(items);
    EXPECT_EQ(items.error().kind(), tether::error_kind::invalid_request);
    EXPECT_NE(items.error().message().find("justtext"), std::string::npos) << items.error().message();
}

TEST(request_items, invalid_json_after_colon_equals_is_an_error_naming_it) {
    for (std::string item : {"n:=nope", "o:={\"a\":", "x:=", "t:=1 2"}) {
        auto items = parse({item});
        ASSERT_FALSE(items) << item;
        EXPECT_EQ(items.error().kind(), tether::error_kind::invalid_request) << item;
        EXPECT_NE(items.error().message().find(item), std::string::npos) << items.error().message();
    }
}

TEST(request_items, no_items_is_fine) {
    auto items = parse({});
    ASSERT_TRUE(items);
    EXPECT_TRUE(items->headers.empty());
    EXPECT_TRUE(items->json_fields.empty());
}

tether::cli::request_items items_of(std::vector<std::string> items) {
    auto parsed = parse_request_items(items);
    EXPECT_TRUE(parsed) << parsed.error().to_string();
    return parsed ? *parsed : tether::cli::request_items{};
}

TEST(build_request, method_is_upper_cased) {
    auto req = build_request("post", "https://h/x", items_of({}), false);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->method(), "POST");
    EXPECT_EQ(build_request("Patch", "https://h/x", items_of({}), false)->method(), "PATCH");
}

TEST(build_request, fields_make_a_json_body_with_an_accept_header) {
    auto req = build_request("post", "https://h/users", items_of({"name=alice", "age:=30", "tags:=[\"a\"]"}), false);
    ASSERT_TRUE(req) << req.error().to_string();
    const auto& b = req->body();
    EXPECT_EQ(b.content_type(), "application/json");
    ASSERT_NE(b.in_memory(), nullptr);
    EXPECT_EQ(boost::json::parse(*b.in_memory()), boost::json::parse(R"({"name":"alice","age":30,"tags":["a"]})"));
    auto accept = req->headers().get("Accept");
    ASSERT_TRUE(accept);
    EXPECT_NE(accept->find("application/json"), std::string_view::npos) << *accept;
}

TEST(build_request, an_explicit_accept_header_is_kept) {
    auto req = build_request("post", "https://h/x", items_of({"Accept:text/csv", "a=1"}), false);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->headers().get_all("Accept"), std::vector<std::string_view>{"text/csv"});
}

TEST(build_request, headers_and_query_are_added) {
    auto req = build_request("get", "https://h/search", items_of({"X-Trace:t1", "q==a b", "page==2"}), false);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->headers().get("X-Trace"), "t1");
    const std::vector<std::pair<std::string, std::string>> query = {{"q", "a b"}, {"page", "2"}};
    EXPECT_EQ(req->query_params(), query);
    EXPECT_TRUE(req->body().empty()) << "no fields, no body";
}

TEST(build_request, form_flag_gives_a_form_body) {
    auto req = build_request("post", "https://h/login", items_of({"user=alice", "city=New York"}), true);
    ASSERT_TRUE(req) << req.error().to_string();
    EXPECT_EQ(req->body().content_type(), "application/x-www-form-urlencoded");
    ASSERT_NE(req->body().in_memory(), nullptr);
    EXPECT_EQ(*req->body().in_memory(), "user=alice&city=New+York");
}

TEST(build_request, raw_json_with_form_is_an_error) {
    auto req = build_request("post", "https://h/x", items_of({"a=1", "n:=2"}), true);
    ASSERT_FALSE(req);
    EXPECT_EQ(req.error().kind(), tether::error_kind::invalid_request);
}

TEST(build_request, a_file_item_gives_multipart) {
    tether::unit::temp_file file("file content here", ".txt");
    auto req = build_request("post", "https://h/upload",
                             items_of({"title=holiday", "doc@" + file.path().string()}), false);
    ASSERT_TRUE(req) << req.error().to_string();
    const auto& type = req->body().content_type();
    EXPECT_TRUE(type.starts_with("multipart/form-data; boundary=")) << type;
    auto read = tether::unit::read_all(req->body());
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_NE(read->bytes.find("name=\"title\""), std::string::npos);
    EXPECT_NE(read->bytes.find("holiday"), std::string::npos);
    EXPECT_NE(read->bytes.find("name=\"doc\"; filename=\"" + file.path().filename().string() + "\""),
              std::string::npos);
    EXPECT_NE(read->bytes.find("file content here"), std::string::npos);
}

TEST(build_request, raw_json_with_a_file_is_an_error) {
    tether::unit::temp_file file("x");
    auto req = build_request("post", "https://h/x", items_of({"n:=1", "f@" + file.path().string()}), false);
    ASSERT_FALSE(req);
    EXPECT_EQ(req.error().kind(), tether::error_kind::invalid_request);
}

TEST(build_request, the_url_is_expanded) {
    auto req = build_request("get", ":8080/x", items_of({}), false);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->url(), "http://127.0.0.1:8080/x");
}

TEST(expand_url, fills_in_what_was_left_out) {
    const std::vector<std::pair<std::string_view, std::string_view>> cases = {
        {":8080/x", "http://127.0.0.1:8080/x"},
        {":3000", "http://127.0.0.1:3000"},
        {"localhost:1/x", "http://localhost:1/x"},
        {"example.com/a?b=c", "http://example.com/a?b=c"},
        {"https://h/x", "https://h/x"},
        {"http://h:81/x", "http://h:81/x"},
    };
    for (const auto& [in, out] : cases) EXPECT_EQ(expand_url(in), out) << in;
}

}  // namespace
