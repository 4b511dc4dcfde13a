// Quality gates: which route fails which gate, with what it measured.

#include <tether/http/metrics.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace {

using namespace std::chrono_literals;
using namespace tether;

// `n` calls to `route` taking `latency` each, `errors` of them refused.
void record(http::metrics_registry& registry, const std::string& route, int n, std::chrono::microseconds latency,
            int errors = 0) {
    for (int i = 0; i < n; ++i) {
        http::call_observation c;
        c.host = "api.example.com:443";
        c.method = "GET";
        c.route = route;
        c.latency = latency;
        c.status = 200;
        if (i < errors) c.error = errc::connection_refused;
        registry.record(c);
    }
}

TEST(metrics_gates, fast_error_free_routes_pass_the_defaults) {
    http::metrics_registry registry;
    record(registry, "/users/{id}", 100, 300ms);
    record(registry, "/health", 10, 2ms);
    const auto report = http::check(registry.snapshot());
    EXPECT_TRUE(report.passed()) << report.to_string();
    EXPECT_EQ(report.routes_checked, 2u);
    EXPECT_EQ(report.to_string(), "all 2 routes judged pass the quality gates");
}

TEST(metrics_gates, a_slow_route_fails_p95_and_the_message_names_route_value_and_limit) {
    http::metrics_registry registry;
    record(registry, "/users/{id}", 120, 742ms);
    record(registry, "/health", 10, 2ms);
    const auto report = http::check(registry.snapshot());
    ASSERT_FALSE(report.passed());
    ASSERT_EQ(report.failures.size(), 1u);
    const auto& f = report.failures[0];
    EXPECT_EQ(f.gate, "p95");
    EXPECT_EQ(f.route, "/users/{id}");
    EXPECT_EQ(f.method, "GET");
    EXPECT_EQ(f.host, "api.example.com:443");
    EXPECT_DOUBLE_EQ(f.measured, 742);
    EXPECT_DOUBLE_EQ(f.limit, 500);
    EXPECT_EQ(f.message, "GET api.example.com:443 /users/{id}: p95 latency 742 ms exceeds the 500 ms limit (120 calls)");
    EXPECT_EQ(report.to_string(), f.message);
}

TEST(metrics_gates, the_limits_themselves_pass) {
    http::metrics_registry registry;
    record(registry, "/edge", 100, 500ms, 1);  // p95 exactly 500 ms, error rate exactly 1 %
    const auto report = http::check(registry.snapshot());
    EXPECT_TRUE(report.passed()) << report.to_string();
}

TEST(metrics_gates, too_many_errors_fail_the_error_rate_gate_with_their_kinds) {
    http::metrics_registry registry;
    record(registry, "/orders", 50, 20ms, 2);
    http::call_observation busy;
    busy.host = "api.example.com:443";
    busy.method = "GET";
    busy.route = "/orders";
    busy.status = 503;
    registry.record(busy);
    const auto report = http::check(registry.snapshot());
    ASSERT_EQ(report.failures.size(), 1u);
    const auto& f = report.failures[0];
    EXPECT_EQ(f.gate, "error_rate");
    EXPECT_NEAR(f.measured, 3.0 / 51.0, 1e-12);
    EXPECT_DOUBLE_EQ(f.limit, 0.01);
    EXPECT_EQ(f.message, "GET api.example.com:443 /orders: error rate 5.88 % (3 of 51 calls: 2 connection_refused, "
                         "1 http_5xx) exceeds the 1 % limit");
}

TEST(metrics_gates, one_route_can_fail_several_gates_and_each_is_named) {
    http::metrics_registry registry;
    record(registry, "/slow", 10, 2s, 5);
    http::quality_gates gates;
    gates.max_p99 = 1500ms;
    const auto report = http::check(registry.snapshot(), gates);
    ASSERT_EQ(report.failures.size(), 3u);
    EXPECT_EQ(report.failures[0].gate, "p95");
    EXPECT_EQ(report.failures[1].gate, "p99");
    EXPECT_EQ(report.failures[2].gate, "error_rate");
    const auto text = report.to_string();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << "one line each: " << text;
}

TEST(metrics_gates, routes_with_too_few_calls_are_not_judged) {
    http::metrics_registry registry;
    record(registry, "/rare", 3, 5s, 3);
    record(registry, "/busy", 30, 10ms);
    http::quality_gates gates;
    gates.min_requests = 10;
    const auto report = http::check(registry.snapshot(), gates);
    EXPECT_TRUE(report.passed()) << report.to_string();
    EXPECT_EQ(report.routes_checked, 1u);
    EXPECT_EQ(report.routes_skipped, 1u);
    EXPECT_EQ(report.to_string(), "the 1 route judged passes the quality gates (1 with too few calls not judged)");
}

TEST(metrics_gates, limits_are_the_callers_to_set) {
    http::metrics_registry registry;
    record(registry, "/batch", 20, 3s, 1);
    http::quality_gates lenient;
    lenient.max_p95 = 5s;
    lenient.max_error_rate = 0.1;
    EXPECT_TRUE(http::check(registry.snapshot(), lenient).passed());
    http::quality_gates strict;
    strict.max_error_rate = 0;
    strict.max_p95 = 10s;
    const auto report = http::check(registry.snapshot(), strict);
    ASSERT_EQ(report.failures.size(), 1u);
    EXPECT_EQ(report.failures[0].gate, "error_rate");
}

}  // namespace
