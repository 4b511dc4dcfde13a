#include <tether/http/request.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using tether::http::body;
using tether::http::request;

struct method_case {
    request req;
    std::string method;
};

TEST(request, factories_set_the_method_and_url) {
    const std::vector<method_case> cases = {
        {request::get("/a"), "GET"},   {request::head("/a"), "HEAD"},   {request::del("/a"), "DELETE"},
        {request::post("/a"), "POST"}, {request::put("/a"), "PUT"},     {request::patch("/a"), "PATCH"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(c.req.method(), c.method);
        EXPECT_EQ(c.req.url(), "/a");
    }
}

TEST(request, get_head_and_delete_have_no_body) {
    EXPECT_TRUE(request::get("/a").body().empty());
    EXPECT_TRUE(request::head("/a").body().empty());
    EXPECT_TRUE(request::del("/a").body().empty());
}

TEST(request, post_put_and_patch_carry_their_body) {
    for (auto req : {request::post("/a", body::text("p")), request::put("/a", body::text("u")),
                     request::patch("/a", body::text("t"))}) {
        ASSERT_FALSE(req.body().empty()) << req.method();
        ASSERT_NE(req.body().in_memory(), nullptr);
        EXPECT_EQ(req.body().content_type(), "text/plain; charset=utf-8");
    }
    EXPECT_EQ(*request::post("/a", body::text("p")).body().in_memory(), "p");
    EXPECT_EQ(*request::put("/a", body::text("u")).body().in_memory(), "u");
    EXPECT_EQ(*request::patch("/a", body::text("t")).body().in_memory(), "t");
}

TEST(request, post_without_body_has_an_empty_body) {
    EXPECT_TRUE(request::post("/a").body().empty());
}

TEST(request, any_method_can_be_made_and_changed) {
    request req("PROPFIND", "https://h/dav");
    EXPECT_EQ(req.method(), "PROPFIND");
    req.method("OPTIONS").url("https://h/other");
    EXPECT_EQ(req.method(), "OPTIONS");
    EXPECT_EQ(req.url(), "https://h/other");
}

TEST(request, header_adds_fields_and_keeps_repeats) {
    auto req = request::get("/a").header("Accept", "text/plain").header("X-Tag", "1").header("x-tag", "2");
    EXPECT_EQ(req.headers().get("accept"), "text/plain");
    const std::vector<std::string_view> tags = {"1", "2"};
    EXPECT_EQ(req.headers().get_all("X-Tag"), tags);
    req.headers().set("X-Tag", "3");
    EXPECT_EQ(req.headers().get_all("x-tag"), std::vector<std::string_view>{"3"});
}

TEST(request, query_params_accumulate_in_order) {
    auto req = request::get("/search").query("q", "a b").query("page", "2").query("q", "c");
    const std::vector<std::pair<std::string, std::string>> expected = {{"q", "a b"}, {"page", "2"}, {"q", "c"}};
    EXPECT_EQ(req.query_params(), expected);
    EXPECT_EQ(req.url(), "/search") << "query params are merged when sent, not when added";
    req.clear_query_params();
    EXPECT_TRUE(req.query_params().empty());
}

TEST(request, body_can_be_replaced) {
    auto req = request::post("/a", body::text("one"));
    req.body(body::text("two"));
    EXPECT_EQ(*req.body().in_memory(), "two");
    req.body(body{});
    EXPECT_TRUE(req.body().empty());
}

TEST(request, options_start_unset) {
    auto req = request::get("/a");
    EXPECT_FALSE(req.options().base_url);
    EXPECT_FALSE(req.options().connect_timeout);
    EXPECT_FALSE(req.options().read_timeout);
    EXPECT_FALSE(req.options().total_timeout);
    EXPECT_FALSE(req.options().max_body_size);
    EXPECT_FALSE(req.options().max_redirects);
    EXPECT_FALSE(req.options().accept_status);
    EXPECT_EQ(req.options().sink, nullptr);
}

struct retry_tag {
    int max_attempts;
};
struct trace_tag {
    std::string id;
};

TEST(request, absent_tag_is_null) {
    auto req = request::get("/a");
    EXPECT_EQ(req.tag<retry_tag>(), nullptr);
    EXPECT_EQ(req.tag<int>(), nullptr);
}

TEST(request, tags_are_kept_per_type) {
    auto req = request::get("/a").tag(retry_tag{3}).tag(trace_tag{"abc"}).tag(7);
    ASSERT_NE(req.tag<retry_tag>(), nullptr);
    ASSERT_NE(req.tag<trace_tag>(), nullptr);
    ASSERT_NE(req.tag<int>(), nullptr);
    EXPECT_EQ(req.tag<retry_tag>()->max_attempts, 3);
    EXPECT_EQ(req.tag<trace_tag>()->id, "abc");
    EXPECT_EQ(*req.tag<int>(), 7);
    EXPECT_EQ(req.tag<long>(), nullptr) << "types are told apart exactly";
}

TEST(request, a_tag_of_the_same_type_overwrites) {
    auto req = request::get("/a").tag(retry_tag{3});
    req.tag(retry_tag{5});
    ASSERT_NE(req.tag<retry_tag>(), nullptr);
    EXPECT_EQ(req.tag<retry_tag>()->max_attempts, 5);
}

TEST(request, copies_keep_tags) {
    auto original = request::get("/a").tag(trace_tag{"t-1"});
    request copy = original;
    ASSERT_NE(copy.tag<trace_tag>(), nullptr);
    EXPECT_EQ(copy.tag<trace_tag>()->id, "t-1");
}

TEST(request, retagging_a_copy_leaves_the_original_alone) {
    auto original = request::get("/a").tag(trace_tag{"t-1"});
    request copy = original;
    copy.tag(trace_tag{"t-2"});
    copy.tag(retry_tag{1});
    EXPECT_EQ(original.tag<trace_tag>()->id, "t-1");
    EXPECT_EQ(copy.tag<trace_tag>()->id, "t-2");
    EXPECT_EQ(original.tag<retry_tag>(), nullptr);
}

}  // namespace
