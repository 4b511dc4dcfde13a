// The sandbox backend: what the README demo and the examples run against.

#include "support.hpp"

#include <tether/testing/sandbox.hpp>

using namespace tether;
using namespace tether::test;
using tether::testing::sandbox;
using tether::testing::sandbox_options;

namespace {

http::client client_for(const sandbox& box) {
    auto opts = quick_options();
    opts.base_url = box.url("/");
    return http::client(opts);
}

}  // namespace

TEST(sandbox, health_answers_ok) {
    sandbox box;
    auto r = client_for(box).execute(http::request::get("health"));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->json().value().at("status"), "ok");
}

TEST(sandbox, users_are_paginated) {
    sandbox box(sandbox_options{.seed_users = 23});
    auto client = client_for(box);
    auto page3 = client.execute(http::request::get("users").query("page", "3").query("limit", "10"));
    ASSERT_TRUE(page3) << page3.error().to_string();
    auto body = page3->json().value().as_object();
    EXPECT_EQ(body.at("page"), 3);
    EXPECT_EQ(body.at("limit"), 10);
    EXPECT_EQ(body.at("total"), 23);
    ASSERT_EQ(body.at("data").as_array().size(), 3u);
    EXPECT_EQ(body.at("data").as_array()[0].at("id"), 21);

    auto bad = client.execute(http::request::get("users").query("limit", "0"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code(), errc::validation_failed);
    EXPECT_EQ(bad.error().field_errors().at(0).field, "limit");
}

TEST(sandbox, users_support_create_read_update_delete) {
    sandbox box(sandbox_options{.seed_users = 0});
    auto client = client_for(box);
    auto created = client.execute(http::request::post("users", http::body::json({{"name", "Ada"}, {"email", "ada@example.com"}})));
    ASSERT_TRUE(created) << created.error().to_string();
    EXPECT_EQ(created->status(), 201);
    auto id = created->json().value().at("id").as_int64();
    EXPECT_EQ(created->headers().get("Location"), "/users/" + std::to_string(id));
    auto path = "users/" + std::to_string(id);

    auto read = client.execute(http::request::get(path));
    ASSERT_TRUE(read);
    EXPECT_EQ(read->json().value().at("name"), "Ada");

    auto patched = client.execute(http::request::patch(path, http::body::json({{"name", "Ada L."}})));
    ASSERT_TRUE(patched) << patched.error().to_string();
    EXPECT_EQ(patched->json().value().at("name"), "Ada L.");
    EXPECT_EQ(patched->json().value().at("email"), "ada@example.com");

    auto put = client.execute(http::request::put(path, http::body::json({{"name", "Grace"}, {"email", "grace@example.com"}})));
    ASSERT_TRUE(put) << put.error().to_string();
    EXPECT_EQ(put->json().value().at("email"), "grace@example.com");

    auto removed = client.execute(http::request::del(path));
    ASSERT_TRUE(removed);
    EXPECT_EQ(removed->status(), 204);
    auto gone = client.execute(http::request::get(path));
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code(), errc::not_found);
}

TEST(sandbox, invalid_users_get_field_errors_and_duplicates_conflict) {
    sandbox box(sandbox_options{.seed_users = 1});
    auto client = client_for(box);
    auto invalid = client.execute(http::request::post("users", http::body::json({{"name", ""}, {"email", "nope"}})));
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code(), errc::validation_failed);
    EXPECT_EQ(invalid.error().status(), 422);
    EXPECT_EQ(invalid.error().field_errors(),
              (std::vector<field_error>{{"name", "must be a non-empty string of at most 100 characters"},
                                        {"email", "must be a valid email address"}}));
    auto duplicate = client.execute(http::request::post("users", http::body::json({{"name", "x"}, {"email", "user1@example.com"}})));
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code(), errc::conflict);
    auto not_json = client.execute(http::request::post("users", http::body::text("{oops")));
    ASSERT_FALSE(not_json);
    EXPECT_EQ(not_json.error().status(), 400);
}

TEST(sandbox, status_delay_drop_and_echo_behave_as_documented) {
    sandbox box;
    auto client = client_for(box);
    auto teapot = client.execute(http::request::get("status/418"));
    ASSERT_FALSE(teapot);
    EXPECT_EQ(teapot.error().status(), 418);
    auto limited = client.execute(http::request::get("status/429"));
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().retry_after(), std::chrono::seconds(1));

    auto start = std::chrono::steady_clock::now();
    auto delayed = client.execute(http::request::get("delay/150"));
    ASSERT_TRUE(delayed);
    EXPECT_GE(elapsed_ms(start), 140);

    auto dropped = client.execute(http::request::get("drop"));
    ASSERT_FALSE(dropped);
    EXPECT_EQ(dropped.error().code(), errc::connection_reset);

    auto echo = client.execute(http::request::put("echo", http::body::text("hi")).query("a", "1").header("X-E", "v"));
    ASSERT_TRUE(echo);
    auto e = echo->json().value();
    EXPECT_EQ(e.at("method"), "PUT");
    EXPECT_EQ(e.at("path"), "/echo");
    EXPECT_EQ(e.at("query"), "a=1");
    EXPECT_EQ(e.at("body"), "hi");
    EXPECT_EQ(e.at("headers").at("X-E"), "v");
}

TEST(sandbox, flaky_fails_n_times_per_client_key_then_succeeds) {
    sandbox box;
    auto client = client_for(box);
    auto call = [&](const std::string& key) {
        return client.execute(http::request::get("flaky").query("fail", "2").header("X-Client-Key", key));
    };
    EXPECT_EQ(call("alice").error().code(), errc::server_error);
    EXPECT_EQ(call("bob").error().code(), errc::server_error);
    EXPECT_EQ(call("alice").error().code(), errc::server_error);
    auto third = call("alice");
    ASSERT_TRUE(third) << third.error().to_string();
    EXPECT_EQ(third->json().value().at("failures_before_success"), 2);
    EXPECT_FALSE(call("bob"));
    EXPECT_TRUE(call("bob"));
}
