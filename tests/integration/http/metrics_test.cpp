// The metrics interceptor against a real server: counts per route, error
// kinds, retries on either side of the retry interceptor, circuit states,
// and many threads recording at once (these also run under ThreadSanitizer).

#include "support.hpp"

#include <tether/http/cache.hpp>
#include <tether/http/metrics.hpp>

#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <mutex>
#include <stop_token>
#include <thread>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

// Retries without waiting (see retry_test.cpp).
http::retry_environment no_waiting() {
    http::retry_environment env;
    env.sleep = [](std::chrono::milliseconds, std::stop_token) -> task<bool> { co_return true; };
    env.random = [] { return 0.5; };
    return env;
}

// A clock that moves `step` every time it is read, from any thread.
struct ticking_clock {
    explicit ticking_clock(std::chrono::milliseconds s) : step(s) {}
    std::chrono::steady_clock::time_point operator()() {
        return std::chrono::steady_clock::time_point(step * ticks.fetch_add(1));
    }
    std::chrono::milliseconds step;
    std::atomic<long> ticks{0};
};

void answer_every_path(mock_server& server, int status = 200) {
    server.route("*", "/*", [status](const auto& r) { return mock_response::text(r.path, status); });
}

std::string host_of(const mock_server& server) { return "127.0.0.1:" + std::to_string(server.port()); }

}  // namespace

class metrics : public transport_test {
protected:
    http::client_options measured(std::vector<std::shared_ptr<http::interceptor>> inner = {},
                                  http::metrics_options o = {}) {
        auto opts = options();
        opts.interceptors.push_back(http::metrics_interceptor(registry, std::move(o)));
        for (auto& i : inner) opts.interceptors.push_back(std::move(i));
        return opts;
    }
    std::shared_ptr<http::metrics_registry> registry = std::make_shared<http::metrics_registry>();
};

TEST_P(metrics, calls_are_counted_per_host_method_and_route) {
    mock_server server;
    answer_every_path(server);
    http::client client(measured());
    for (const char* path : {"/users/1", "/users/2", "/users/3?expand=posts", "/health"}) {
        ASSERT_TRUE(client.execute(http::request::get(server.url(path))));
    }
    ASSERT_TRUE(client.execute(http::request::post(server.url("/users/4"))));
    const auto snap = registry->snapshot();
    ASSERT_EQ(snap.routes.size(), 3u);
    const auto* users = snap.find("GET", "/users/{id}", host_of(server));
    ASSERT_NE(users, nullptr) << http::to_json(snap);
    EXPECT_EQ(users->count, 3u);
    EXPECT_EQ(users->successes, 3u);
    EXPECT_EQ(users->latency.count(), 3u);
    EXPECT_GT(users->latency.max(), std::chrono::microseconds(0));
    EXPECT_LT(users->latency.max(), std::chrono::microseconds(10s));
    EXPECT_EQ(snap.find("GET", "/health")->count, 1u);
    EXPECT_EQ(snap.find("POST", "/users/{id}")->count, 1u);
}

TEST_P(metrics, latency_is_read_from_the_injected_clock) {
    mock_server server;
    answer_every_path(server);
    auto clock = std::make_shared<ticking_clock>(7ms);
    http::metrics_options o;
    o.now = [clock] { return (*clock)(); };
    http::client client(measured({}, o));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(client.execute(http::request::get(server.url("/items"))));
    const auto snap = registry->snapshot();
    const auto* items = snap.find("GET", "/items");
    ASSERT_NE(items, nullptr);
    EXPECT_EQ(items->latency.sum(), 35ms) << "one 7 ms tick between the start and the end of each call";
    EXPECT_EQ(items->p95(), 7ms);
}

TEST_P(metrics, a_503_and_a_refused_connection_are_errors_of_their_kind_and_a_404_is_not) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response(404));
    server.enqueue(mock_response::text("fine"));
    http::client client(measured());
    EXPECT_EQ(client.execute(http::request::get(server.url("/a"))).error().code(), errc::server_error);
    EXPECT_EQ(client.execute(http::request::get(server.url("/a"))).error().code(), errc::not_found);
    EXPECT_TRUE(client.execute(http::request::get(server.url("/a"))));
    const auto down = refused_url();
    EXPECT_EQ(client.execute(http::request::get(down + "a")).error().code(), errc::connection_refused);

    const auto snap = registry->snapshot();
    const auto* served = snap.find("GET", "/a", host_of(server));
    ASSERT_NE(served, nullptr);
    EXPECT_EQ(served->count, 3u);
    EXPECT_EQ(served->successes, 2u) << "the 404 is the server working";
    EXPECT_EQ(served->client_errors, 1u);
    EXPECT_EQ(served->errors, (std::map<std::string, std::uint64_t>{{"http_5xx", 1}}));
    const auto* refused = snap.find("GET", "/a", down.substr(7, down.size() - 8));
    ASSERT_NE(refused, nullptr) << http::to_json(snap);
    EXPECT_EQ(refused->errors, (std::map<std::string, std::uint64_t>{{"connection_refused", 1}}));
    EXPECT_EQ(refused->latency.count(), 1u);

    const auto report = http::check(snap);
    ASSERT_EQ(report.failures.size(), 2u) << report.to_string();
    EXPECT_EQ(report.failures[0].gate, "error_rate");
    EXPECT_EQ(report.failures[1].gate, "error_rate");
}

TEST_P(metrics, outside_the_retry_interceptor_a_call_is_one_observation_with_its_retries) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("finally"));
    http::client client(measured({http::retry_interceptor({}, no_waiting())}));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/flaky"))));
    const auto snap = registry->snapshot();
    const auto* s = snap.find("GET", "/flaky");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->count, 1u);
    EXPECT_EQ(s->successes, 1u);
    EXPECT_EQ(s->retries, 2u);
    EXPECT_TRUE(s->errors.empty());
    EXPECT_EQ(server.request_count(), 3u);
}

TEST_P(metrics, after_the_retry_interceptor_every_attempt_is_an_observation) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("finally"));
    auto opts = options();
    opts.interceptors.push_back(http::retry_interceptor({}, no_waiting()));
    opts.interceptors.push_back(http::metrics_interceptor(registry));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(server.url("/flaky"))));
    const auto snap = registry->snapshot();
    const auto* s = snap.find("GET", "/flaky");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->count, 3u);
    EXPECT_EQ(s->successes, 1u);
    EXPECT_EQ(s->errors, (std::map<std::string, std::uint64_t>{{"http_5xx", 2}}));
    EXPECT_EQ(s->retries, 2u);
}

TEST_P(metrics, retries_that_run_out_are_counted_on_the_error) {
    const auto down = refused_url();
    http::retry_policy twice;
    twice.max_retries = 2;
    http::client client(measured({http::retry_interceptor(twice, no_waiting())}));
    EXPECT_EQ(client.execute(http::request::get(down)).error().code(), errc::connection_refused);
    const auto snap = registry->snapshot();
    ASSERT_EQ(snap.routes.size(), 1u);
    EXPECT_EQ(snap.routes[0].retries, 2u);
    EXPECT_EQ(snap.routes[0].errors, (std::map<std::string, std::uint64_t>{{"connection_refused", 1}}));
}

TEST_P(metrics, the_circuit_observer_reports_the_breakers_state) {
    mock_server server;
    answer_every_path(server, 500);
    http::circuit_breaker_policy policy;
    policy.consecutive_failures = 2;
    policy.failure_rate = 0;
    policy.cool_down = 60s;
    policy.on_state_change = registry->circuit_observer();
    http::client client(measured({http::circuit_breaker(policy)}));
    for (int i = 0; i < 3; ++i) (void)client.execute(http::request::get(server.url("/orders")));
    const auto snap = registry->snapshot();
    ASSERT_EQ(snap.circuits.size(), 1u);
    EXPECT_EQ(snap.circuits[0].key, server.origin());
    EXPECT_EQ(snap.circuits[0].state, http::circuit_state::open);
    EXPECT_EQ(snap.circuits[0].times_opened, 1u);
    EXPECT_EQ(snap.find("GET", "/orders")->errors,
              (std::map<std::string, std::uint64_t>{{"circuit_open", 1}, {"http_5xx", 2}}));
    EXPECT_EQ(server.request_count(), 2u);
}

TEST_P(metrics, the_cache_interceptor_further_in_reports_hits_misses_revalidations_and_fallbacks) {
    auto server = std::make_unique<mock_server>();
    const auto url = server->url("/feed");
    server->enqueue(mock_response::text("v1").header("Cache-Control", "max-age=600").header("ETag", "\"1\""));
    server->enqueue(mock_response(304));
    http::client client(measured({http::cache_interceptor()}));
    ASSERT_TRUE(client.execute(http::request::get(url)));                                   // miss
    ASSERT_TRUE(client.execute(http::request::get(url)));                                   // hit
    ASSERT_TRUE(client.execute(http::request::get(url).header("Cache-Control", "no-cache")));  // revalidated
    server->stop();
    ASSERT_TRUE(client.execute(http::request::get(url).header("Cache-Control", "no-cache")));  // fallback
    auto miss = client.execute(http::request::get(server->url("/never")).tag(http::fetch_policy::cache_only));
    ASSERT_FALSE(miss);
    const auto snap = registry->snapshot();
    const auto* s = snap.find("GET", "/feed");
    ASSERT_NE(s, nullptr) << http::to_json(snap);
    EXPECT_EQ(s->count, 4u);
    EXPECT_EQ(s->cache_misses, 1u);
    EXPECT_EQ(s->cache_hits, 1u);
    EXPECT_EQ(s->cache_revalidations, 1u);
    EXPECT_EQ(s->cache_fallbacks, 1u);
    EXPECT_EQ(s->successes, 4u) << "a fallback is an answer";
    const auto* never = snap.find("GET", "/never");
    ASSERT_NE(never, nullptr);
    EXPECT_EQ(never->cache_misses, 1u);
    EXPECT_EQ(never->errors.at("cache_miss"), 1u);
}

TEST_P(metrics, routes_come_from_the_request_tag_then_the_template_list) {
    mock_server server;
    answer_every_path(server);
    http::metrics_options o;
    o.route_templates = {"/users/{name}/posts/{post}"};
    http::client client(measured({}, o));
    auto tagged = http::request::get(server.url("/search/ada"));
    tagged.options().tags.set(http::route_template{"/search/{query}"});
    ASSERT_TRUE(client.execute(tagged));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/users/ada/posts/hello-world"))));
    const auto snap = registry->snapshot();
    EXPECT_NE(snap.find("GET", "/search/{query}"), nullptr) << http::to_json(snap);
    EXPECT_NE(snap.find("GET", "/users/{name}/posts/{post}"), nullptr) << http::to_json(snap);
}

TEST_P(metrics, many_threads_record_at_once_and_nothing_is_lost) {
    mock_server server;
    answer_every_path(server);
    http::client client(measured());
    constexpr int threads = 8;
    constexpr int calls = 25;
    std::atomic<bool> done{false};
    // Snapshots and exports taken while calls are recorded.
    std::thread reader([&] {
        while (!done.load()) {
            const auto snap = registry->snapshot();
            (void)http::to_prometheus(snap);
            (void)http::to_json(snap);
            std::this_thread::yield();
        }
    });
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (int i = 0; i < calls; ++i) {
                const auto path = (i % 2 == 0 ? "/users/" : "/orders/") + std::to_string(t * 1000 + i);
                (void)client.execute(http::request::get(server.url(path)));
            }
        });
    }
    for (auto& th : pool) th.join();
    done = true;
    reader.join();
    const auto snap = registry->snapshot();
    ASSERT_EQ(snap.routes.size(), 2u);
    EXPECT_EQ(snap.find("GET", "/users/{id}")->count + snap.find("GET", "/orders/{id}")->count,
              static_cast<std::uint64_t>(threads * calls));
    EXPECT_EQ(snap.find("GET", "/users/{id}")->successes, static_cast<std::uint64_t>(threads * ((calls + 1) / 2)));
}

TEST_P(metrics, coroutines_on_a_thread_pool_share_one_registry) {
    mock_server server;
    answer_every_path(server);
    boost::asio::thread_pool pool(4);
    http::client client(pool.get_executor(), measured());
    constexpr int workers = 16;
    constexpr int calls = 5;
    auto worker = [](http::client c, std::string base) -> task<int> {
        int ok = 0;
        for (int i = 0; i < calls; ++i) {
            auto r = co_await c.get(base + "/items/" + std::to_string(i));
            if (r) ++ok;
        }
        co_return ok;
    };
    std::vector<std::future<int>> done;
    for (int w = 0; w < workers; ++w) {
        done.push_back(boost::asio::co_spawn(pool, worker(client, server.url("")), boost::asio::use_future));
    }
    int ok = 0;
    for (auto& f : done) {
        ASSERT_EQ(f.wait_for(30s), std::future_status::ready);
        ok += f.get();
    }
    pool.join();
    EXPECT_EQ(ok, workers * calls);
    const auto snap = registry->snapshot();
    EXPECT_EQ(snap.find("GET", "/items/{id}")->count, static_cast<std::uint64_t>(workers * calls));
}

INSTANTIATE_TEST_SUITE_P(transports, metrics, ::testing::ValuesIn(tested_transports()), transport_name);
