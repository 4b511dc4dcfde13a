#include <tether/http/headers.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using tether::http::headers;

// The fields as (name, value) pairs, in order.
std::vector<std::pair<std::string, std::string>> fields_of(const headers& h) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : h) out.emplace_back(f.name, f.value);
    return out;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

TEST(headers, start_empty) {
    headers h;
    EXPECT_TRUE(h.empty());
    EXPECT_EQ(h.size(), 0u);
    EXPECT_EQ(h.get("Accept"), std::nullopt);
    EXPECT_FALSE(h.contains("Accept"));
}

TEST(headers, initializer_list_keeps_order_and_spelling) {
    headers h{{"Accept", "application/json"}, {"X-Id", "1"}, {"accept", "text/plain"}};
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"Accept", "application/json"}, {"X-Id", "1"}, {"accept", "text/plain"}};
    EXPECT_EQ(fields_of(h), expected);
}

TEST(headers, get_and_contains_ignore_case) {
    headers h{{"Content-Type", "text/html"}};
    for (std::string_view name : {"Content-Type", "content-type", "CONTENT-TYPE", "cOnTeNt-TyPe"}) {
        EXPECT_TRUE(h.contains(name)) << name;
        EXPECT_EQ(h.get(name), "text/html") << name;
    }
    EXPECT_FALSE(h.contains("Content-Typ"));
    EXPECT_FALSE(h.contains("Content-Type2"));
    EXPECT_EQ(h.get("Content-Length"), std::nullopt);
}

TEST(headers, an_empty_value_is_present) {
    headers h;
    h.add("X-Empty", "");
    EXPECT_TRUE(h.contains("x-empty"));
    EXPECT_EQ(h.get("x-empty"), "");
}

TEST(headers, add_keeps_repeats_in_order) {
    headers h;
    h.add("Set-Cookie", "a=1").add("Vary", "Accept").add("set-cookie", "b=2").add("SET-COOKIE", "c=3");
    EXPECT_EQ(h.size(), 4u);
    EXPECT_EQ(h.get("Set-Cookie"), "a=1");  // the first
    const std::vector<std::string_view> all = {"a=1", "b=2", "c=3"};
    EXPECT_EQ(h.get_all("set-cookie"), all);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"Set-Cookie", "a=1"}, {"Vary", "Accept"}, {"set-cookie", "b=2"}, {"SET-COOKIE", "c=3"}};
    EXPECT_EQ(fields_of(h), expected);
}

TEST(headers, get_all_of_an_absent_name_is_empty) {
    headers h{{"A", "1"}};
    EXPECT_TRUE(h.get_all("B").empty());
}

TEST(headers, set_replaces_every_field_of_the_name_and_keeps_the_first_position) {
    headers h{{"A", "1"}, {"B", "2"}, {"a", "3"}, {"C", "4"}, {"A", "5"}};
    h.set("a", "x");
    auto fields = fields_of(h);
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_EQ(lower(fields[0].first), "a");
    EXPECT_EQ(fields[0].second, "x");
    EXPECT_EQ(fields[1], (std::pair<std::string, std::string>{"B", "2"}));
    EXPECT_EQ(fields[2], (std::pair<std::string, std::string>{"C", "4"}));
    const std::vector<std::string_view> all = {"x"};
    EXPECT_EQ(h.get_all("A"), all);
}

TEST(headers, set_of_an_absent_name_appends) {
    headers h{{"A", "1"}};
    h.set("B", "2");
    const std::vector<std::pair<std::string, std::string>> expected = {{"A", "1"}, {"B", "2"}};
    EXPECT_EQ(fields_of(h), expected);
}

TEST(headers, remove_returns_how_many_fields_went) {
    headers h{{"A", "1"}, {"B", "2"}, {"a", "3"}, {"C", "4"}};
    EXPECT_EQ(h.remove("A"), 2u);
    const std::vector<std::pair<std::string, std::string>> expected = {{"B", "2"}, {"C", "4"}};
    EXPECT_EQ(fields_of(h), expected);
    EXPECT_EQ(h.remove("A"), 0u);
    EXPECT_EQ(h.remove("missing"), 0u);
    EXPECT_EQ(h.remove("b"), 1u);
    EXPECT_EQ(h.size(), 1u);
}

TEST(headers, clear_empties) {
    headers h{{"A", "1"}, {"B", "2"}};
    h.clear();
    EXPECT_TRUE(h.empty());
    EXPECT_FALSE(h.contains("A"));
}

TEST(headers, equality_compares_fields_in_order) {
    headers a{{"A", "1"}, {"B", "2"}};
    headers b{{"A", "1"}, {"B", "2"}};
    headers reordered{{"B", "2"}, {"A", "1"}};
    EXPECT_EQ(a, b);
    EXPECT_NE(a, reordered);
}

}  // namespace
