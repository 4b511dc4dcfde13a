#pragma once
/// @file
/// `tether::http::metrics_snapshot`: what a metrics registry held at one moment,
/// and its JSON and Prometheus exports.

#include <tether/core/result.hpp>
#include <tether/http/circuit_breaker.hpp>
#include <tether/http/latency_histogram.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tether::http {

/// What one route (host, method, route template) saw. A call ends in one of:
/// a success (a response below 500 — a 4xx is the server working, and is
/// also counted in `client_errors`), an error (by kind, below), or a
/// cancellation by the caller (neither: it says nothing about the service).
///
/// Error kinds are the `errc` names of failed calls (`"connection_refused"`,
/// `"read_timeout"`, `"circuit_open"`, `"cache_miss"`, ...), and `"http_5xx"`
/// for responses with a 5xx status.
struct route_stats {
    std::string host;    ///< "host:port"
    std::string method;  ///< "GET"
    std::string route;   ///< "/users/{id}"

    std::uint64_t count = 0;          ///< calls (or attempts, see metrics_interceptor)
    std::uint64_t successes = 0;      ///< responses below 500
    std::uint64_t client_errors = 0;  ///< of the successes, 4xx responses
    std::uint64_t cancelled = 0;
    std::map<std::string, std::uint64_t> errors;  ///< by kind
    std::uint64_t retries = 0;
    /// Responses the cache interceptor tagged (`cache_info`), by source;
    /// a cache_only call that found nothing counts as a miss.
    std::uint64_t cache_hits = 0;
    std::uint64_t cache_misses = 0;
    std::uint64_t cache_revalidations = 0;  ///< a 304 confirmed the stored entry
    std::uint64_t cache_fallbacks = 0;      ///< the network failed; the cache answered
    /// Latencies of every call but cancelled ones.
    latency_histogram latency;

    [[nodiscard]] std::uint64_t error_count() const noexcept;
    /// Shares of the calls that completed (successes + errors); 0 when none did.
    [[nodiscard]] double success_rate() const noexcept;
    [[nodiscard]] double error_rate() const noexcept;
    [[nodiscard]] std::chrono::microseconds p50() const noexcept { return latency.quantile(0.50); }
    [[nodiscard]] std::chrono::microseconds p95() const noexcept { return latency.quantile(0.95); }
    [[nodiscard]] std::chrono::microseconds p99() const noexcept { return latency.quantile(0.99); }

    friend bool operator==(const route_stats&, const route_stats&) = default;
};

/// A circuit breaker's circuit, as reported to `metrics_registry::circuit_observer()`.
struct circuit_stats {
    std::string key;  ///< the breaker's key, by default the origin "http://host:port"
    circuit_state state = circuit_state::closed;
    std::uint64_t times_opened = 0;

    friend bool operator==(const circuit_stats&, const circuit_stats&) = default;
};

/// Everything a registry held at one moment: a plain value.
struct metrics_snapshot {
    /// Ordered by host, method, route.
    std::vector<route_stats> routes;
    /// Ordered by key; only circuits that changed state at least once.
    std::vector<circuit_stats> circuits;

    /// The route with this method and template (on `host` when not empty),
    /// or null. Name the snapshot first: the pointer points into it.
    [[nodiscard]] const route_stats* find(std::string_view method, std::string_view route,
                                          std::string_view host = {}) const& noexcept;
    const route_stats* find(std::string_view, std::string_view, std::string_view = {}) const&& = delete;

    friend bool operator==(const metrics_snapshot&, const metrics_snapshot&) = default;
};

/// The snapshot as JSON: every field above, latencies in microseconds with
/// p50/p95/p99/mean added, and the non-empty buckets.
[[nodiscard]] std::string to_json(const metrics_snapshot& snapshot);
/// Reads what `to_json` wrote (e.g. a snapshot saved by a test run, to check
/// gates on); errc::decode_failed says what is wrong with it.
[[nodiscard]] result<metrics_snapshot> metrics_snapshot_from_json(std::string_view json);

/// The snapshot in the Prometheus text exposition format 0.0.4, metric names
/// starting with `prefix`: <prefix>_requests_total, _request_errors_total
/// {kind}, _client_errors_total, _cancelled_total, _retries_total,
/// _cache_total{result}, _request_duration_seconds (a histogram), and
/// _circuit_state{key,state} (1 for the current state) and
/// _circuit_opened_total{key}. Serve it with Content-Type
/// "text/plain; version=0.0.4".
[[nodiscard]] std::string to_prometheus(const metrics_snapshot& snapshot, std::string_view prefix = "tether_http");

}  // namespace tether::http
