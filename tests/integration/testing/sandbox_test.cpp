// The sandbox backend: what the README demo and the examples run against.

#include "support.hpp"

#include <tether/testing/sandbox.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <stdexcept>
#include <thread>

using namespace tether;
using namespace tether::test;
using tether::testing::outage_mode;
using tether::testing::sandbox;
using tether::testing::sandbox_fault_mix;
using tether::testing::sandbox_options;

namespace {

http::client client_for(const sandbox& box) {
    auto opts = quick_options();
    opts.base_url = box.url("/");
    return http::client(opts);
}

// Every status is a response: the tests look at 304s, 429s and 503s as such.
http::client lenient_client_for(const sandbox& box) {
    auto opts = quick_options();
    opts.base_url = box.url("/");
    opts.accept_status = [](int) { return true; };
    opts.proxy.from_environment = false;
    return http::client(opts);
}

std::string header_of(const http::response& r, std::string_view name) {
    return std::string(r.headers().get(name).value_or("<none>"));
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

// ---- cacheable resources ----------------------------------------------------

TEST(sandbox, cache_answers_with_validators_and_304_when_if_none_match_matches) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto first = client.execute(http::request::get("cache/news"));
    ASSERT_TRUE(first) << first.error().to_string();
    ASSERT_EQ(first->status(), 200);
    EXPECT_EQ(header_of(*first, "ETag"), "\"news-v1\"");
    EXPECT_EQ(header_of(*first, "Cache-Control"), "max-age=60");
    ASSERT_TRUE(http::parse_http_date(header_of(*first, "Last-Modified")));
    auto body = first->json().value();
    EXPECT_EQ(body.at("name"), "news");
    EXPECT_EQ(body.at("version"), 1);
    EXPECT_TRUE(body.at("served_at").is_string());

    // Each matching form of If-None-Match (RFC 9110 §13.1.2) gives 304.
    for (std::string matching : {"\"news-v1\"", "W/\"news-v1\"", "\"other\", \"news-v1\"", "*"}) {
        auto again = client.execute(http::request::get("cache/news").header("If-None-Match", matching));
        ASSERT_TRUE(again) << again.error().to_string();
        EXPECT_EQ(again->status(), 304) << matching;
        EXPECT_EQ(header_of(*again, "ETag"), "\"news-v1\"");
        EXPECT_EQ(header_of(*again, "Cache-Control"), "max-age=60");
        EXPECT_TRUE(again->body().empty());
    }
    auto stale = client.execute(http::request::get("cache/news").header("If-None-Match", "\"news-v0\""));
    ASSERT_TRUE(stale);
    EXPECT_EQ(stale->status(), 200);

    const auto stats = box.cache_stats("news");
    EXPECT_EQ(stats.version, 1);
    EXPECT_EQ(stats.ok, 2u);
    EXPECT_EQ(stats.not_modified, 4u);
    auto over_http = client.execute(http::request::get("cache/news/stats"));
    ASSERT_TRUE(over_http);
    EXPECT_EQ(over_http->json().value(), boost::json::parse(R"({"name":"news","version":1,"ok":2,"not_modified":4})"));
    EXPECT_EQ(box.cache_stats("never-touched").version, 0);
}

TEST(sandbox, cache_max_age_is_configurable_and_zero_means_no_cache) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto five = client.execute(http::request::get("cache/a").query("max_age", "5"));
    ASSERT_TRUE(five);
    EXPECT_EQ(header_of(*five, "Cache-Control"), "max-age=5");
    auto zero = client.execute(http::request::get("cache/a").query("max_age", "0"));
    ASSERT_TRUE(zero);
    EXPECT_EQ(header_of(*zero, "Cache-Control"), "no-cache");
    auto bad = client.execute(http::request::get("cache/a").query("max_age", "soon"));
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status(), 400);
}

TEST(sandbox, cache_put_bumps_the_version_so_old_validators_no_longer_match) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto v1 = client.execute(http::request::get("cache/doc"));
    ASSERT_TRUE(v1);
    const auto v1_modified = header_of(*v1, "Last-Modified");
    // Without If-None-Match, If-Modified-Since decides (RFC 9110 §13.2.2).
    auto unchanged = client.execute(http::request::get("cache/doc").header("If-Modified-Since", v1_modified));
    ASSERT_TRUE(unchanged);
    EXPECT_EQ(unchanged->status(), 304);

    auto put = client.execute(http::request::put("cache/doc", http::body::json({{"text", "new"}})));
    ASSERT_TRUE(put) << put.error().to_string();
    EXPECT_EQ(put->json().value().at("version"), 2);

    auto by_etag = client.execute(http::request::get("cache/doc").header("If-None-Match", "\"doc-v1\""));
    ASSERT_TRUE(by_etag);
    EXPECT_EQ(by_etag->status(), 200);
    EXPECT_EQ(header_of(*by_etag, "ETag"), "\"doc-v2\"");
    const auto v2_modified = header_of(*by_etag, "Last-Modified");
    EXPECT_NE(v2_modified, v1_modified) << "a change in the same second must still move Last-Modified";
    auto by_date = client.execute(http::request::get("cache/doc").header("If-Modified-Since", v1_modified));
    ASSERT_TRUE(by_date);
    EXPECT_EQ(by_date->status(), 200);
    auto current = client.execute(http::request::get("cache/doc").header("If-Modified-Since", v2_modified));
    ASSERT_TRUE(current);
    EXPECT_EQ(current->status(), 304);
    // A non-matching If-None-Match wins over a current If-Modified-Since.
    auto both = client.execute(http::request::get("cache/doc")
                                   .header("If-None-Match", "\"doc-v1\"")
                                   .header("If-Modified-Since", v2_modified));
    ASSERT_TRUE(both);
    EXPECT_EQ(both->status(), 200);
}

TEST(sandbox, cache_vary_answers_per_accept_language) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto ask = [&](std::string languages) {
        auto req = http::request::get("cache/hello/vary");
        if (!languages.empty()) req.header("Accept-Language", languages);
        return client.execute(req);
    };
    auto fr = ask("fr-CH, fr;q=0.9");
    ASSERT_TRUE(fr);
    EXPECT_EQ(fr->json().value().at("greeting"), "Bonjour");
    EXPECT_EQ(header_of(*fr, "Vary"), "Accept-Language");
    EXPECT_EQ(header_of(*fr, "Content-Language"), "fr");
    EXPECT_EQ(header_of(*fr, "ETag"), "\"hello-v1-fr\"");
    EXPECT_EQ(ask("de;q=0.5, es;q=0.9")->json().value().at("greeting"), "Hola");
    EXPECT_EQ(ask("")->json().value().at("greeting"), "Hello");
    EXPECT_EQ(ask("ja")->json().value().at("language"), "en");

    // The French validator does not match the German representation.
    auto de = client.execute(http::request::get("cache/hello/vary")
                                 .header("Accept-Language", "de")
                                 .header("If-None-Match", "\"hello-v1-fr\""));
    ASSERT_TRUE(de);
    EXPECT_EQ(de->status(), 200);
    EXPECT_EQ(de->json().value().at("greeting"), "Hallo");
    auto fr_again = client.execute(http::request::get("cache/hello/vary")
                                       .header("Accept-Language", "fr")
                                       .header("If-None-Match", "\"hello-v1-fr\""));
    ASSERT_TRUE(fr_again);
    EXPECT_EQ(fr_again->status(), 304);
    EXPECT_EQ(header_of(*fr_again, "Vary"), "Accept-Language");
}

TEST(sandbox, cache_private_answers_per_bearer_and_requires_one) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto as = [&](std::string user) {
        return client.execute(http::request::get("cache/inbox/private").header("Authorization", "Bearer " + user));
    };
    auto alice = as("alice");
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->status(), 200);
    EXPECT_EQ(alice->json().value().at("user"), "alice");
    EXPECT_EQ(header_of(*alice, "Cache-Control"), "private, max-age=60");
    auto bob = as("bob");
    ASSERT_TRUE(bob);
    EXPECT_EQ(bob->json().value().at("user"), "bob");
    EXPECT_NE(header_of(*alice, "ETag"), header_of(*bob, "ETag"));

    auto nobody = client.execute(http::request::get("cache/inbox/private"));
    ASSERT_TRUE(nobody);
    EXPECT_EQ(nobody->status(), 401);
    EXPECT_EQ(header_of(*nobody, "WWW-Authenticate"), "Bearer realm=\"sandbox\"");
    EXPECT_EQ(box.cache_stats("inbox").ok, 2u);
}

// ---- Retry-After ------------------------------------------------------------

TEST(sandbox, retry_after_throttles_n_times_per_client_key_then_succeeds) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto call = [&](const std::string& key) {
        return client.execute(http::request::get("retry-after/3").query("times", "2").header("X-Client-Key", key));
    };
    for (int i = 0; i < 2; ++i) {
        auto limited = call("alice");
        ASSERT_TRUE(limited);
        EXPECT_EQ(limited->status(), 429);
        EXPECT_EQ(header_of(*limited, "Retry-After"), "3");
    }
    EXPECT_EQ(call("bob")->status(), 429);
    auto through = call("alice");
    ASSERT_TRUE(through);
    EXPECT_EQ(through->status(), 200);
    EXPECT_EQ(through->json().value().at("throttled_before_success"), 2);
    // Default: once.
    EXPECT_EQ(client.execute(http::request::get("retry-after/1").query("key", "carol"))->status(), 429);
    EXPECT_EQ(client.execute(http::request::get("retry-after/1").query("key", "carol"))->status(), 200);
}

TEST(sandbox, retry_after_date_form_answers_503_with_an_http_date_far_enough_ahead) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto r = client.execute(http::request::get("retry-after/5").query("date", "1").query("key", "dave"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status(), 503);
    const auto value = header_of(*r, "Retry-After");
    ASSERT_TRUE(http::parse_http_date(value)) << value;
    const auto wait = http::parse_retry_after(value);
    ASSERT_TRUE(wait);
    EXPECT_GE(*wait, std::chrono::seconds(5));
    EXPECT_LE(*wait, std::chrono::seconds(6));
    EXPECT_EQ(client.execute(http::request::get("retry-after/5").query("date", "1").query("key", "dave"))->status(),
              200);
}

// ---- outages ----------------------------------------------------------------

TEST(sandbox, outage_drop_closes_every_other_connection_and_admin_keeps_working) {
    sandbox box;
    auto client = lenient_client_for(box);
    // Each request on a connection of its own: a request dropped on a reused
    // connection looks to a transport like an idle connection the server had
    // closed, and it would resend it unseen (the resent one being served).
    auto health = [&] { return client.execute(http::request::get("health").header("Connection", "close")); };
    auto set = client.execute(
        http::request::post("admin/outage", http::body::json({{"mode", "drop"}})).header("Connection", "close"));
    ASSERT_TRUE(set) << set.error().to_string();
    EXPECT_EQ(set->json().value().at("mode"), "drop");
    EXPECT_EQ(box.outage(), outage_mode::drop);

    auto first = health();
    ASSERT_FALSE(first) << "answered " << first->status();
    EXPECT_EQ(first.error().code(), errc::connection_reset);
    auto second = health();
    ASSERT_TRUE(second) << second.error().to_string();
    EXPECT_EQ(second->status(), 200);
    auto admin = client.execute(http::request::get("admin/outage").header("Connection", "close"));
    ASSERT_TRUE(admin) << "the admin routes are outside the outage";
    EXPECT_EQ(admin->json().value().at("mode"), "drop");
    EXPECT_FALSE(health());

    auto off = client.execute(http::request::post("admin/outage", http::body::json({{"mode", "none"}})));
    ASSERT_TRUE(off);
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(health());
    auto unknown = client.execute(http::request::post("admin/outage", http::body::json({{"mode", "partial"}})));
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->status(), 422);
}

TEST(sandbox, outage_503_answers_every_other_request_with_retry_after) {
    sandbox box;
    auto client = lenient_client_for(box);
    box.outage(outage_mode::unavailable);
    std::vector<int> statuses;
    for (int i = 0; i < 4; ++i) {
        auto r = client.execute(http::request::get("users/1"));
        ASSERT_TRUE(r) << r.error().to_string();
        statuses.push_back(r->status());
        if (r->status() == 503) {
            EXPECT_EQ(header_of(*r, "Retry-After"), "1");
        }
    }
    EXPECT_EQ(statuses, (std::vector<int>{503, 200, 503, 200}));
    auto over_http = client.execute(http::request::get("admin/outage"));
    ASSERT_TRUE(over_http);
    EXPECT_EQ(over_http->json().value().at("mode"), "503");
}

TEST(sandbox, outage_refuse_resets_every_request_unanswered) {
    sandbox box;
    auto client = lenient_client_for(box);
    box.outage(outage_mode::refuse);
    for (int i = 0; i < 3; ++i) {
        auto r = client.execute(http::request::get("health"));
        ASSERT_FALSE(r) << "answered " << r->status();
        EXPECT_EQ(classify(r.error()), error_class::transient) << r.error().to_string();
    }
    EXPECT_TRUE(client.execute(http::request::get("admin/effects")));
    box.outage(outage_mode::none);
    EXPECT_TRUE(client.execute(http::request::get("health")));
}

// ---- chaos: fault mix and effects -------------------------------------------

namespace {

// What the client saw of one request: the status, or 0 for no answer.
std::vector<int> chaos_outcomes(const sandbox& box, int n) {
    auto client = lenient_client_for(box);
    std::vector<int> seen;
    for (int i = 0; i < n; ++i) {
        // A fresh connection each time: a transport resends a request whose
        // reused connection closed unanswered, which would blur the count.
        auto r = client.execute(http::request::get("chaos/items/" + std::to_string(i)).header("Connection", "close"));
        seen.push_back(r ? r->status() : 0);
    }
    return seen;
}

}  // namespace

TEST(sandbox, chaos_items_follow_the_fault_mix_and_a_seed_repeats_it) {
    const sandbox_fault_mix mix{.percent_503 = 30, .percent_drop = 10, .percent_slow = 5,
                                .slow_delay = std::chrono::milliseconds(20), .seed = 7};
    sandbox box(sandbox_options{.faults = mix});
    const auto seen = chaos_outcomes(box, 200);
    const auto e = box.effects();
    EXPECT_EQ(e.requests, 200u);
    EXPECT_EQ(static_cast<std::uint64_t>(std::count(seen.begin(), seen.end(), 503)), e.faults_503);
    EXPECT_EQ(static_cast<std::uint64_t>(std::count(seen.begin(), seen.end(), 0)), e.dropped);
    EXPECT_EQ(static_cast<std::uint64_t>(std::count(seen.begin(), seen.end(), 200)), 200u - e.faults_503 - e.dropped);
    // Roughly the mix (binomial, n = 200: these bounds are > 4 sigma wide).
    EXPECT_GT(e.faults_503, 30u);
    EXPECT_LT(e.faults_503, 90u);
    EXPECT_GT(e.dropped, 3u);
    EXPECT_LT(e.dropped, 40u);
    EXPECT_GT(e.slowed, 0u);

    sandbox same_seed(sandbox_options{.faults = mix});
    EXPECT_EQ(chaos_outcomes(same_seed, 200), seen);
    auto other = mix;
    other.seed = 8;
    same_seed.fault_mix(other);
    EXPECT_NE(chaos_outcomes(same_seed, 200), seen);
}

TEST(sandbox, chaos_fault_mix_is_set_and_effects_read_over_http) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto set = client.execute(http::request::post("admin/faults", http::body::json({{"percent_503", 100}})));
    ASSERT_TRUE(set) << set.error().to_string();
    EXPECT_EQ(set->json().value().at("percent_503"), 100);
    EXPECT_EQ(box.fault_mix().percent_503, 100);
    EXPECT_EQ(client.execute(http::request::get("chaos/items/1"))->status(), 503);
    auto effects = client.execute(http::request::get("admin/effects"));
    ASSERT_TRUE(effects);
    EXPECT_EQ(effects->json().value().at("requests"), 1);
    EXPECT_EQ(effects->json().value().at("faults_503"), 1);

    auto too_much = client.execute(
        http::request::post("admin/faults", http::body::json({{"percent_503", 90}, {"percent_drop", 20}})));
    ASSERT_TRUE(too_much);
    EXPECT_EQ(too_much->status(), 422);
    EXPECT_EQ(box.fault_mix().percent_503, 100) << "a rejected mix changes nothing";
    EXPECT_THROW(box.fault_mix(sandbox_fault_mix{.percent_503 = -1}), std::invalid_argument);
}

TEST(sandbox, chaos_order_applies_once_per_idempotency_key_and_replays_the_first_result) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto order = [&](std::string key, std::string client_order_id) {
        return client.execute(http::request::post("chaos/orders", http::body::json({{"client_order_id", client_order_id}}))
                                  .header("Idempotency-Key", key));
    };
    auto first = order("key-1", "order-a");
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status(), 201);
    auto again = order("key-1", "order-a");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status(), 201);
    EXPECT_EQ(again->json().value(), first->json().value());
    EXPECT_EQ(header_of(*again, "Idempotent-Replayed"), "true");

    auto other_body = order("key-1", "order-b");
    ASSERT_TRUE(other_body);
    EXPECT_EQ(other_body->status(), 422);

    const auto e = box.effects();
    EXPECT_EQ(e.orders_applied, 1u);
    EXPECT_EQ(e.repeated_keys, 2u);
    EXPECT_EQ(e.key_mismatches, 1u);
    EXPECT_EQ(e.duplicated_effects, 0u);
}

TEST(sandbox, chaos_order_with_a_key_still_in_flight_conflicts) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto order = [&] {
        return http::request::post("chaos/orders", http::body::json({{"client_order_id", "slow-one"}}))
            .query("processing_ms", "1000")
            .header("Idempotency-Key", "key-slow");
    };
    auto pending = client.enqueue(order());
    // Wait until the sandbox has the first request, then race it.
    for (int i = 0; i < 200 && box.server().request_count() == 0; ++i) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(box.server().request_count(), 1u);
    auto racing = client.execute(order());
    ASSERT_TRUE(racing) << racing.error().to_string();
    EXPECT_EQ(racing->status(), 409);

    auto first = pending.get();
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_EQ(first->status(), 201);
    auto after = client.execute(order());
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status(), 201);
    EXPECT_EQ(after->json().value(), first->json().value());
    EXPECT_EQ(box.effects().orders_applied, 1u);
    EXPECT_EQ(box.effects().key_conflicts, 1u);
}

TEST(sandbox, chaos_duplicated_effects_are_counted_by_client_order_id_whatever_the_key) {
    sandbox box;
    auto client = lenient_client_for(box);
    auto post = [&](std::optional<std::string> key) {
        auto req = http::request::post("chaos/orders", http::body::json({{"client_order_id", "twice"}}));
        if (key) req.header("Idempotency-Key", *key);
        return client.execute(req);
    };
    EXPECT_EQ(post(std::nullopt)->status(), 201);
    EXPECT_EQ(post("a-fresh-key")->status(), 201);
    EXPECT_EQ(box.effects().orders_applied, 2u);
    EXPECT_EQ(box.effects().duplicated_effects, 1u);

    auto no_id = client.execute(http::request::post("chaos/orders", http::body::json({{"item", 1}})));
    ASSERT_TRUE(no_id);
    EXPECT_EQ(no_id->status(), 422);
    EXPECT_EQ(box.effects().orders_applied, 2u);
}

TEST(sandbox, chaos_dropped_orders_fall_both_before_and_after_the_effect) {
    sandbox box(sandbox_options{.faults = {.percent_drop = 100, .seed = 3}});
    auto client = lenient_client_for(box);
    for (int i = 0; i < 40; ++i) {
        auto r = client.execute(
            http::request::post("chaos/orders", http::body::json({{"client_order_id", "o" + std::to_string(i)}}))
                .header("Connection", "close"));
        ASSERT_FALSE(r) << "answered " << r->status();
    }
    const auto e = box.effects();
    EXPECT_EQ(e.dropped, 40u);
    // The answer was lost, yet these orders exist: what only a key can reveal.
    EXPECT_EQ(e.orders_applied, e.dropped_after_effect);
    EXPECT_GT(e.dropped_after_effect, 5u);
    EXPECT_LT(e.dropped_after_effect, 35u);
    EXPECT_EQ(e.duplicated_effects, 0u);
}
