// The metrics registry: what each outcome counts as, circuits, the series
// limit and reset.

#include <tether/http/metrics.hpp>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using tether::errc;
using tether::http::cache_source;
using tether::http::call_observation;
using tether::http::circuit_state;
using tether::http::metrics_registry;

call_observation call(int status, std::chrono::microseconds latency = 10ms) {
    call_observation c;
    c.host = "api.example.com:443";
    c.method = "GET";
    c.route = "/users/{id}";
    c.status = status;
    c.latency = latency;
    return c;
}

call_observation failed(errc code) {
    auto c = call(0);
    c.error = code;
    return c;
}

TEST(metrics_registry, each_outcome_is_counted_once_where_it_belongs) {
    metrics_registry registry;
    registry.record(call(200));
    registry.record(call(304));
    registry.record(call(404));  // the server working: a success, and a client error
    registry.record(call(503));
    registry.record(call(500));
    registry.record(failed(errc::connection_refused));
    registry.record(failed(errc::read_timeout));
    registry.record(failed(errc::cancelled));
    const auto snap = registry.snapshot();
    ASSERT_EQ(snap.routes.size(), 1u);
    const auto& r = snap.routes[0];
    EXPECT_EQ(r.host, "api.example.com:443");
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.route, "/users/{id}");
    EXPECT_EQ(r.count, 8u);
    EXPECT_EQ(r.successes, 3u);
    EXPECT_EQ(r.client_errors, 1u);
    EXPECT_EQ(r.cancelled, 1u);
    EXPECT_EQ(r.errors, (std::map<std::string, std::uint64_t>{
                            {"http_5xx", 2}, {"connection_refused", 1}, {"read_timeout", 1}}));
    EXPECT_EQ(r.error_count(), 4u);
    EXPECT_DOUBLE_EQ(r.success_rate(), 3.0 / 7.0) << "cancelled calls say nothing about the service";
    EXPECT_DOUBLE_EQ(r.error_rate(), 4.0 / 7.0);
    EXPECT_EQ(r.latency.count(), 7u) << "every completed call's latency, no cancelled one's";
}

TEST(metrics_registry, rates_of_a_route_without_completed_calls_are_zero) {
    metrics_registry registry;
    registry.record(failed(errc::cancelled));
    const auto snap = registry.snapshot();
    EXPECT_EQ(snap.routes[0].success_rate(), 0.0);
    EXPECT_EQ(snap.routes[0].error_rate(), 0.0);
}

TEST(metrics_registry, retries_add_up) {
    metrics_registry registry;
    auto twice = call(200);
    twice.retries = 2;
    auto once = failed(errc::connection_reset);
    once.retries = 1;
    registry.record(twice);
    registry.record(once);
    registry.record(call(200));
    EXPECT_EQ(registry.snapshot().routes.at(0).retries, 3u);
}

TEST(metrics_registry, cache_sources_are_counted_and_untagged_responses_are_not) {
    metrics_registry registry;
    const std::pair<cache_source, int> sources[] = {{cache_source::cache, 3},
                                                    {cache_source::network, 2},
                                                    {cache_source::revalidated, 1},
                                                    {cache_source::fallback, 4}};
    for (const auto& [source, times] : sources) {
        for (int i = 0; i < times; ++i) {
            auto c = call(200);
            c.cache = source;
            registry.record(c);
        }
    }
    registry.record(call(200));
    const auto snap = registry.snapshot();
    const auto& r = snap.routes.at(0);
    EXPECT_EQ(r.cache_hits, 3u);
    EXPECT_EQ(r.cache_misses, 2u);
    EXPECT_EQ(r.cache_revalidations, 1u);
    EXPECT_EQ(r.cache_fallbacks, 4u);
    EXPECT_EQ(r.successes, 11u);
}

TEST(metrics_registry, routes_differ_by_host_method_and_template_and_come_out_ordered) {
    metrics_registry registry;
    auto post = call(201);
    post.method = "POST";
    auto other_host = call(200);
    other_host.host = "a.example.com:443";
    auto other_route = call(200);
    other_route.route = "/health";
    for (const auto& c : {call(200), post, other_host, other_route, call(200)}) registry.record(c);
    const auto snap = registry.snapshot();
    ASSERT_EQ(snap.routes.size(), 4u);
    EXPECT_EQ(snap.routes[0].host, "a.example.com:443");
    EXPECT_EQ(snap.routes[1].route, "/health");
    EXPECT_EQ(snap.routes[2].route, "/users/{id}");
    EXPECT_EQ(snap.routes[2].method, "GET");
    EXPECT_EQ(snap.routes[2].count, 2u);
    EXPECT_EQ(snap.routes[3].method, "POST");
    ASSERT_NE(snap.find("POST", "/users/{id}"), nullptr);
    EXPECT_EQ(snap.find("POST", "/users/{id}")->successes, 1u);
    EXPECT_EQ(snap.find("GET", "/users/{id}", "a.example.com:443"), &snap.routes[0]);
    EXPECT_EQ(snap.find("DELETE", "/users/{id}"), nullptr);
}

TEST(metrics_registry, routes_past_the_limit_are_folded_into_one_series) {
    metrics_registry registry(2);
    for (const char* route : {"/a", "/b", "/c", "/d", "/a"}) {
        auto c = call(200);
        c.route = route;
        registry.record(c);
    }
    const auto snap = registry.snapshot();
    ASSERT_EQ(snap.routes.size(), 3u);
    EXPECT_EQ(snap.find("GET", "/a")->count, 2u) << "known routes keep counting";
    EXPECT_EQ(snap.find("GET", "/b")->count, 1u);
    const auto* other = snap.find("GET", "{other}", "{other}");
    ASSERT_NE(other, nullptr);
    EXPECT_EQ(other->count, 2u);
}

TEST(metrics_registry, the_circuit_observer_reports_states_and_openings) {
    metrics_registry registry;
    auto observe = registry.circuit_observer();
    observe("http://b:80", circuit_state::closed, circuit_state::open);
    observe("http://b:80", circuit_state::open, circuit_state::half_open);
    observe("http://b:80", circuit_state::half_open, circuit_state::open);
    observe("http://a:80", circuit_state::closed, circuit_state::open);
    observe("http://a:80", circuit_state::open, circuit_state::half_open);
    observe("http://a:80", circuit_state::half_open, circuit_state::closed);
    const auto snap = registry.snapshot();
    ASSERT_EQ(snap.circuits.size(), 2u);
    EXPECT_EQ(snap.circuits[0].key, "http://a:80");
    EXPECT_EQ(snap.circuits[0].state, circuit_state::closed);
    EXPECT_EQ(snap.circuits[0].times_opened, 1u);
    EXPECT_EQ(snap.circuits[1].key, "http://b:80");
    EXPECT_EQ(snap.circuits[1].state, circuit_state::open);
    EXPECT_EQ(snap.circuits[1].times_opened, 2u);
}

TEST(metrics_registry, the_observer_outlives_the_registry_object) {
    std::function<void(const std::string&, circuit_state, circuit_state)> observe;
    {
        metrics_registry registry;
        observe = registry.circuit_observer();
    }
    observe("http://a:80", circuit_state::closed, circuit_state::open);  // must not touch freed memory
    SUCCEED();
}

TEST(metrics_registry, reset_forgets_everything) {
    metrics_registry registry;
    registry.record(call(200));
    registry.circuit_observer()("http://a:80", circuit_state::closed, circuit_state::open);
    registry.reset();
    const auto snap = registry.snapshot();
    EXPECT_TRUE(snap.routes.empty());
    EXPECT_TRUE(snap.circuits.empty());
    registry.record(call(200));
    EXPECT_EQ(registry.snapshot().routes.at(0).count, 1u);
}

}  // namespace
