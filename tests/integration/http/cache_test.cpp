// The HTTP cache against a real server: hits, revalidation with 304, Vary,
// the offline fallback, fetch policies, credentials, invalidation and
// persistence across restarts. Time is moved by hand.

#include "support.hpp"

#include <tether/http/cache.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>

using namespace tether;
using namespace tether::test;
using namespace std::chrono_literals;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

// A wall clock the test moves.
struct manual_clock {
    std::atomic<std::int64_t> seconds_since_epoch{1'700'000'000};
    void advance(std::chrono::seconds s) { seconds_since_epoch += s.count(); }
    std::chrono::system_clock::time_point now() const {
        return std::chrono::system_clock::time_point(std::chrono::seconds(seconds_since_epoch.load()));
    }
};

const http::cache_info& info_of(const http::response& r) {
    const auto* info = r.tags().get<http::cache_info>();
    if (!info) throw std::runtime_error("the response carries no cache_info");
    return *info;
}

mock_response cacheable(std::string body, std::string cache_control) {
    return mock_response::text(std::move(body)).header("Cache-Control", std::move(cache_control));
}

}  // namespace

class cache : public transport_test {
protected:
    http::client_options caching(std::function<void(http::cache_options&)> adjust = {}) {
        http::cache_options c;
        c.store = store;
        c.now = [clock = clock] { return clock->now(); };
        c.max_stale = std::chrono::hours(1);
        if (adjust) adjust(c);
        auto opts = options();
        opts.interceptors.push_back(http::cache_interceptor(std::move(c)));
        return opts;
    }
    std::shared_ptr<manual_clock> clock = std::make_shared<manual_clock>();
    std::shared_ptr<http::cache_store> store = http::memory_cache_store();
};

TEST_P(cache, a_fresh_response_answers_from_the_cache_without_a_request) {
    mock_server server;
    server.enqueue(cacheable("v1", "max-age=60"));
    server.enqueue(cacheable("v2", "max-age=60"));
    http::client client(caching());
    auto first = client.execute(http::request::get(server.url("/a")));
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_EQ(info_of(*first).source, http::cache_source::network);
    EXPECT_TRUE(info_of(*first).stored);
    clock->advance(30s);
    auto second = client.execute(http::request::get(server.url("/a")));
    ASSERT_TRUE(second) << second.error().to_string();
    EXPECT_EQ(second->body(), "v1");
    EXPECT_EQ(info_of(*second).source, http::cache_source::cache);
    EXPECT_FALSE(info_of(*second).stale);
    EXPECT_EQ(second->headers().get("Age"), "30");
    EXPECT_EQ(server.request_count(), 1u);
    clock->advance(31s);
    auto third = client.execute(http::request::get(server.url("/a")));
    ASSERT_TRUE(third);
    EXPECT_EQ(third->body(), "v2") << "expired: fetched again";
    EXPECT_EQ(server.request_count(), 2u);
}

TEST_P(cache, a_stale_entry_is_revalidated_with_its_etag_and_a_304_returns_it_with_new_headers) {
    mock_server server;
    server.enqueue(cacheable("the body", "max-age=10").header("ETag", "\"v1\"").header("X-Version", "1"));
    server.enqueue(mock_response(304).header("ETag", "\"v1\"").header("Cache-Control", "max-age=100").header("X-Version", "2"));
    http::client client(caching());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/r"))));
    clock->advance(20s);
    auto r = client.execute(http::request::get(server.url("/r")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
    EXPECT_EQ(r->body(), "the body");
    EXPECT_EQ(r->headers().get("X-Version"), "2");
    EXPECT_EQ(info_of(*r).source, http::cache_source::revalidated);
    ASSERT_EQ(server.request_count(), 2u);
    EXPECT_EQ(server.requests()[1].headers.get("If-None-Match"), "\"v1\"");
    // The 304's max-age=100 now governs: fresh for a while without asking.
    clock->advance(50s);
    auto later = client.execute(http::request::get(server.url("/r")));
    ASSERT_TRUE(later);
    EXPECT_EQ(info_of(*later).source, http::cache_source::cache);
    EXPECT_EQ(server.request_count(), 2u);
}

TEST_P(cache, last_modified_is_used_when_there_is_no_etag) {
    mock_server server;
    server.enqueue(cacheable("dated", "no-cache").header("Last-Modified", "Tue, 15 Nov 1994 12:45:26 GMT"));
    server.enqueue(mock_response(304));
    http::client client(caching());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/d"))));
    auto r = client.execute(http::request::get(server.url("/d")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "dated");
    EXPECT_EQ(info_of(*r).source, http::cache_source::revalidated) << "no-cache: asked every time";
    ASSERT_EQ(server.request_count(), 2u);
    EXPECT_EQ(server.requests()[1].headers.get("If-Modified-Since"), "Tue, 15 Nov 1994 12:45:26 GMT");
}

TEST_P(cache, a_changed_resource_replaces_the_entry) {
    mock_server server;
    server.enqueue(cacheable("old", "max-age=0").header("ETag", "\"v1\""));
    server.enqueue(cacheable("new", "max-age=60").header("ETag", "\"v2\""));
    http::client client(caching());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/c"))));
    auto r = client.execute(http::request::get(server.url("/c")));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body(), "new");
    EXPECT_EQ(info_of(*r).source, http::cache_source::network);
    auto hit = client.execute(http::request::get(server.url("/c")));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->body(), "new");
    EXPECT_EQ(server.request_count(), 2u);
}

TEST_P(cache, vary_keeps_one_entry_per_selecting_header_value) {
    mock_server server;
    server.route("GET", "/greeting", [](const tether::testing::recorded_request& req) {
        const auto lang = req.headers.get("Accept-Language").value_or("en");
        return cacheable(lang == "fr" ? "bonjour" : "hello", "max-age=60").header("Vary", "Accept-Language");
    });
    http::client client(caching());
    auto get = [&](std::string lang) {
        return client.execute(http::request::get(server.url("/greeting")).header("Accept-Language", lang));
    };
    EXPECT_EQ(get("en")->body(), "hello");
    EXPECT_EQ(get("fr")->body(), "bonjour");
    EXPECT_EQ(server.request_count(), 2u);
    auto en = get("en");
    auto fr = get("fr");
    EXPECT_EQ(en->body(), "hello");
    EXPECT_EQ(fr->body(), "bonjour");
    EXPECT_EQ(info_of(*en).source, http::cache_source::cache);
    EXPECT_EQ(info_of(*fr).source, http::cache_source::cache);
    EXPECT_EQ(server.request_count(), 2u);
}

TEST_P(cache, when_the_server_is_down_a_stale_entry_answers_marked_as_a_fallback) {
    auto server = std::make_unique<mock_server>();
    const auto url = server->url("/feed");
    server->enqueue(cacheable("cached feed", "max-age=60"));
    http::client client(caching());
    ASSERT_TRUE(client.execute(http::request::get(url)));
    server->stop();
    clock->advance(10min);
    auto r = client.execute(http::request::get(url));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "cached feed");
    const auto& info = info_of(*r);
    EXPECT_EQ(info.source, http::cache_source::fallback);
    EXPECT_TRUE(info.stale);
    EXPECT_EQ(info.age, 600s);
    EXPECT_NE(info.fallback_reason.find("connection_refused"), std::string::npos) << info.fallback_reason;
}

TEST_P(cache, a_5xx_falls_back_too_but_not_past_max_stale) {
    mock_server server;
    server.enqueue(cacheable("good", "max-age=60"));
    server.enqueue(mock_response(503));
    server.enqueue(mock_response(503));
    http::client client(caching());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/x"))));
    clock->advance(30min);
    auto r = client.execute(http::request::get(server.url("/x")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "good");
    EXPECT_EQ(info_of(*r).source, http::cache_source::fallback);
    EXPECT_EQ(info_of(*r).fallback_reason, "HTTP 503");
    clock->advance(2h);
    auto too_old = client.execute(http::request::get(server.url("/x")));
    ASSERT_FALSE(too_old);
    EXPECT_EQ(too_old.error().code(), errc::server_error) << "beyond max_stale the failure shows";
}

TEST_P(cache, must_revalidate_responses_never_fall_back) {
    mock_server server;
    server.enqueue(cacheable("strict", "max-age=60, must-revalidate"));
    server.enqueue(mock_response(502));
    http::client client(caching());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/s"))));
    clock->advance(61s);
    auto r = client.execute(http::request::get(server.url("/s")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::server_error);
}

TEST_P(cache, the_fallback_can_be_turned_off) {
    mock_server server;
    server.enqueue(cacheable("v", "max-age=1"));
    server.enqueue(mock_response(503));
    http::client client(caching([](auto& c) { c.offline_fallback = false; }));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/o"))));
    clock->advance(5s);
    auto r = client.execute(http::request::get(server.url("/o")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::server_error);
}

TEST_P(cache, one_users_response_never_reaches_another_token) {
    mock_server server;
    server.route("GET", "/me", [](const tether::testing::recorded_request& req) {
        const auto auth = std::string(req.headers.get("Authorization").value_or(""));
        return cacheable("data of " + auth.substr(auth.find(' ') + 1), "public, max-age=60");
    });
    http::client client(caching());
    auto as = [&](const char* token) {
        return client.execute(http::request::get(server.url("/me")).header("Authorization", std::string("Bearer ") + token));
    };
    EXPECT_EQ(as("alice")->body(), "data of alice");
    EXPECT_EQ(as("bob")->body(), "data of bob");
    EXPECT_EQ(as("alice")->body(), "data of alice");
    EXPECT_EQ(as("bob")->body(), "data of bob");
    EXPECT_EQ(server.request_count(), 2u) << "each user's own entry answered the repeats";
    auto anonymous = client.execute(http::request::get(server.url("/me")));
    ASSERT_TRUE(anonymous);
    EXPECT_EQ(info_of(*anonymous).source, http::cache_source::network);
}

TEST_P(cache, answers_to_authorized_requests_are_not_stored_without_consent) {
    mock_server server;
    for (int i = 0; i < 2; ++i) server.enqueue(cacheable("secret", "max-age=60"));
    http::client client(caching());
    auto req = http::request::get(server.url("/private")).header("Authorization", "Bearer t");
    auto r = client.execute(req);
    ASSERT_TRUE(r);
    EXPECT_FALSE(info_of(*r).stored);
    ASSERT_TRUE(client.execute(req));
    EXPECT_EQ(server.request_count(), 2u);
    EXPECT_EQ(store->usage().entries, 0u);
}

TEST_P(cache, cache_only_never_sends_and_a_miss_is_a_typed_error) {
    mock_server server;
    server.enqueue(cacheable("primed", "max-age=5"));
    http::client client(caching());
    auto miss = client.execute(http::request::get(server.url("/co")).tag(http::fetch_policy::cache_only));
    ASSERT_FALSE(miss);
    EXPECT_EQ(miss.error().code(), errc::cache_miss);
    EXPECT_EQ(server.request_count(), 0u);
    ASSERT_TRUE(client.execute(http::request::get(server.url("/co"))));
    clock->advance(30s);
    auto stale = client.execute(http::request::get(server.url("/co")).header("Cache-Control", "only-if-cached"));
    ASSERT_TRUE(stale) << stale.error().to_string();
    EXPECT_EQ(stale->body(), "primed");
    EXPECT_TRUE(info_of(*stale).stale);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_P(cache, network_first_asks_every_time_and_falls_back_when_it_cannot) {
    auto server = std::make_unique<mock_server>();
    const auto url = server->url("/nf");
    server->enqueue(cacheable("one", "max-age=600").header("ETag", "\"1\""));
    server->enqueue(mock_response(304));
    http::client client(caching([](auto& c) { c.default_policy = http::fetch_policy::network_first; }));
    ASSERT_TRUE(client.execute(http::request::get(url)));
    auto again = client.execute(http::request::get(url));
    ASSERT_TRUE(again);
    EXPECT_EQ(info_of(*again).source, http::cache_source::revalidated) << "fresh, yet asked: conditionally";
    EXPECT_EQ(server->request_count(), 2u);
    server->stop();
    auto offline = client.execute(http::request::get(url));
    ASSERT_TRUE(offline) << offline.error().to_string();
    EXPECT_EQ(offline->body(), "one");
    EXPECT_EQ(info_of(*offline).source, http::cache_source::fallback);
    EXPECT_FALSE(info_of(*offline).stale);
}

TEST_P(cache, network_only_stores_but_never_reads_or_falls_back) {
    auto server = std::make_unique<mock_server>();
    const auto url = server->url("/no");
    server->enqueue(cacheable("a", "max-age=600"));
    server->enqueue(cacheable("b", "max-age=600"));
    http::client client(caching());
    auto first = client.execute(http::request::get(url).tag(http::fetch_policy::network_only));
    ASSERT_TRUE(first);
    EXPECT_TRUE(info_of(*first).stored);
    auto second = client.execute(http::request::get(url).tag(http::fetch_policy::network_only));
    ASSERT_TRUE(second);
    EXPECT_EQ(second->body(), "b");
    auto hit = client.execute(http::request::get(url));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->body(), "b") << "what network_only fetched serves later calls";
    server->stop();
    auto offline = client.execute(http::request::get(url).tag(http::fetch_policy::network_only));
    ASSERT_FALSE(offline);
    EXPECT_EQ(offline.error().code(), errc::connection_refused);
}

TEST_P(cache, stale_while_revalidate_answers_at_once_and_refreshes_in_the_background) {
    mock_server server;
    server.enqueue(cacheable("old", "max-age=10").header("ETag", "\"1\""));
    server.enqueue(cacheable("new", "max-age=10").header("ETag", "\"2\""));
    std::mutex mutex;
    std::condition_variable refreshed;
    std::optional<std::string> refreshed_body;
    http::client client(caching([&](auto& c) {
        c.default_policy = http::fetch_policy::stale_while_revalidate;
        c.on_background_refresh = [&](const http::request&, const result<http::response>& r) {
            const std::lock_guard lock(mutex);
            refreshed_body = r ? r->body() : r.error().to_string();
            refreshed.notify_all();
        };
    }));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/swr"))));
    clock->advance(20s);
    auto stale = client.execute(http::request::get(server.url("/swr")));
    ASSERT_TRUE(stale);
    EXPECT_EQ(stale->body(), "old");
    EXPECT_TRUE(info_of(*stale).stale);
    {
        std::unique_lock lock(mutex);
        ASSERT_TRUE(refreshed.wait_for(lock, 5s, [&] { return refreshed_body.has_value(); }));
        EXPECT_EQ(*refreshed_body, "new");
    }
    ASSERT_EQ(server.request_count(), 2u);
    EXPECT_EQ(server.requests()[1].headers.get("If-None-Match"), "\"1\"");
    auto fresh = client.execute(http::request::get(server.url("/swr")));
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->body(), "new");
    EXPECT_EQ(info_of(*fresh).source, http::cache_source::cache);
    EXPECT_EQ(server.request_count(), 2u);
}

TEST_P(cache, a_successful_unsafe_request_invalidates_the_url) {
    mock_server server;
    server.enqueue(cacheable("before", "max-age=600"));
    server.enqueue(mock_response(204));
    server.enqueue(cacheable("after", "max-age=600"));
    http::client client(caching());
    ASSERT_EQ(client.execute(http::request::get(server.url("/item")))->body(), "before");
    ASSERT_TRUE(client.execute(http::request::put(server.url("/item"), http::body::text("x"))));
    auto r = client.execute(http::request::get(server.url("/item")));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body(), "after");
    EXPECT_EQ(server.request_count(), 3u);
}

TEST_P(cache, request_no_cache_forces_a_round_trip_and_no_store_keeps_it_out) {
    mock_server server;
    server.enqueue(cacheable("1", "max-age=600"));
    server.enqueue(cacheable("2", "max-age=600"));
    server.enqueue(cacheable("3", "max-age=600"));
    http::client client(caching());
    auto first = client.execute(http::request::get(server.url("/n")).header("Cache-Control", "no-store"));
    ASSERT_TRUE(first);
    EXPECT_FALSE(info_of(*first).stored);
    ASSERT_EQ(client.execute(http::request::get(server.url("/n")))->body(), "2");
    auto forced = client.execute(http::request::get(server.url("/n")).header("Cache-Control", "no-cache"));
    ASSERT_TRUE(forced);
    EXPECT_EQ(forced->body(), "3");
    EXPECT_EQ(server.request_count(), 3u);
}

TEST_P(cache, streamed_calls_bypass_the_cache) {
    mock_server server;
    server.enqueue(cacheable("streamed", "max-age=600"));
    server.enqueue(cacheable("streamed again", "max-age=600"));
    http::client client(caching());
    std::string got;
    auto req = http::request::get(server.url("/big"));
    req.options().sink = http::callback_sink([&](std::string_view chunk) {
        got += chunk;
        return true;
    });
    ASSERT_TRUE(client.execute(req));
    ASSERT_TRUE(client.execute(req));
    EXPECT_EQ(got, "streamedstreamed again");
    EXPECT_EQ(server.request_count(), 2u);
    EXPECT_EQ(store->usage().entries, 0u);
}

TEST_P(cache, a_sqlite_cache_survives_a_restart_and_answers_offline) {
    temp_file file({}, ".sqlite");
    std::string url;
    {
        mock_server server;
        url = server.url("/persist");
        server.enqueue(cacheable("kept on disk", "max-age=60"));
        auto opened = http::open_sqlite_cache_store(file.path());
        ASSERT_TRUE(opened) << opened.error().to_string();
        store = *opened;
        http::client client(caching());
        ASSERT_TRUE(client.execute(http::request::get(url)));
    }
    store.reset();
    auto reopened = http::open_sqlite_cache_store(file.path());
    ASSERT_TRUE(reopened) << reopened.error().to_string();
    store = *reopened;
    http::client client(caching());
    auto hit = client.execute(http::request::get(url));
    ASSERT_TRUE(hit) << hit.error().to_string();
    EXPECT_EQ(hit->body(), "kept on disk");
    EXPECT_EQ(info_of(*hit).source, http::cache_source::cache);
    clock->advance(5min);
    auto fallback = client.execute(http::request::get(url));
    ASSERT_TRUE(fallback) << fallback.error().to_string();
    EXPECT_EQ(info_of(*fallback).source, http::cache_source::fallback);
    std::error_code ignored;
    std::filesystem::remove(file.path().string() + "-wal", ignored);
    std::filesystem::remove(file.path().string() + "-shm", ignored);
}

TEST_P(cache, concurrent_calls_share_the_cache_safely) {
    mock_server server;
    server.route("GET", "/shared/{n}", [](const tether::testing::recorded_request& req) {
        return cacheable("item " + req.params.at("n"), "max-age=600");
    });
    http::client client(caching());
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                const int n = (t + i) % 5;
                auto r = client.execute(http::request::get(server.url("/shared/" + std::to_string(n))));
                if (!r || r->body() != "item " + std::to_string(n)) ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_LE(server.request_count(), 20u) << "after the first round, hits";
    EXPECT_GE(server.request_count(), 5u);
}

INSTANTIATE_TEST_SUITE_P(transports, cache, ::testing::ValuesIn(tested_transports()), transport_name);
