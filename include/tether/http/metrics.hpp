#pragma once
/// @file
/// `tether::http::metrics_interceptor`: counts, latencies, errors, retries,
/// cache use and circuit states per host and route, with a snapshot, JSON
/// and Prometheus exports, and quality gates to check them against.

#include <tether/core/errc.hpp>
#include <tether/core/result.hpp>
#include <tether/http/cache.hpp>
#include <tether/http/circuit_breaker.hpp>
#include <tether/http/interceptor.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tether::http {

namespace detail {
struct histogram_access;
}

/// Latencies in fixed, log-spaced buckets: the upper bounds follow the R10
/// preferred numbers (1, 1.25, 1.6, 2, 2.5, 3.15, 4, 5, 6.3, 8 per decade;
/// ISO 3), from 100 µs to 80 s, then one overflow bucket. Each bucket spans
/// at most 28 % of its upper bound, which bounds a quantile's error; 500 ms,
/// 1 s and other round limits are bounds themselves. Two histograms merge by
/// adding their buckets.
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
class latency_histogram {
public:
    /// Buckets with an upper bound, and the overflow bucket after them.
    static constexpr std::size_t bounded_buckets = 60;
    static constexpr std::size_t bucket_count = bounded_buckets + 1;

    /// The upper bounds (inclusive), in ascending order: bucket i counts
    /// latencies in (bounds[i-1], bounds[i]], bucket 0 those up to bounds[0].
    [[nodiscard]] static std::span<const std::chrono::microseconds, bounded_buckets> bounds() noexcept;

    /// Adds one latency (negative ones count as zero).
    void observe(std::chrono::microseconds latency) noexcept;
    /// Adds every observation of `other`.
    void merge(const latency_histogram& other) noexcept;

    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    [[nodiscard]] std::chrono::microseconds sum() const noexcept { return sum_; }
    /// Exact extremes; zero when empty.
    [[nodiscard]] std::chrono::microseconds min() const noexcept { return min_; }
    [[nodiscard]] std::chrono::microseconds max() const noexcept { return max_; }
    [[nodiscard]] std::chrono::microseconds mean() const noexcept;
    /// The q-quantile (q in [0, 1]) estimated as Prometheus's
    /// histogram_quantile does: linear interpolation inside the bucket that
    /// holds the rank, kept within the observed min and max. Zero when empty.
    [[nodiscard]] std::chrono::microseconds quantile(double q) const noexcept;
    /// Observations per bucket (not cumulative), overflow last.
    [[nodiscard]] std::span<const std::uint64_t, bucket_count> bucket_counts() const noexcept { return counts_; }

    friend bool operator==(const latency_histogram&, const latency_histogram&) = default;

private:
    friend struct detail::histogram_access;
    std::array<std::uint64_t, bucket_count> counts_{};
    std::uint64_t count_ = 0;
    std::chrono::microseconds sum_{0};
    std::chrono::microseconds min_{0};
    std::chrono::microseconds max_{0};
};

/// Names the route of one request for metrics, e.g. "/users/{id}":
/// `req.options().tags.set(http::route_template{"/users/{id}"})`. Without
/// it, the route is the first of `metrics_options::route_templates` that
/// matches the path, or else one derived from the path (see there).
struct route_template {
    std::string value;
};

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

/// One finished call or attempt, as an interceptor reports it to a registry.
/// The registry classifies it: `error` set → an error of that kind (or a
/// cancellation); else `status` ≥ 500 → an "http_5xx" error; else a success.
struct call_observation {
    std::string host;
    std::string method;
    std::string route;
    std::chrono::microseconds latency{0};
    int status = 0;              ///< the response's, when there was one
    std::optional<errc> error;   ///< set when the call failed without a response
    int retries = 0;
    std::optional<cache_source> cache;
};

/// Holds the metrics of every client and interceptor that shares it.
///
/// @code
/// auto metrics = std::make_shared<http::metrics_registry>();
/// opts.interceptors.push_back(http::metrics_interceptor(metrics));
/// ...
/// std::cout << http::to_prometheus(metrics->snapshot());
/// @endcode
///
/// @par Thread Safety
/// Every member may be called from any thread at the same time.
class metrics_registry {
public:
    /// Once `max_routes` series exist, calls to further routes are counted
    /// under the host "{other}" and route "{other}" (one series per method),
    /// so that paths full of ids no template catches cannot grow memory or
    /// a Prometheus scrape without bound.
    explicit metrics_registry(std::size_t max_routes = 1000);

    void record(const call_observation& call);

    /// Plugs into `circuit_breaker_policy::on_state_change`; it keeps the
    /// registry's data alive. Chain it with your own observer if you have one.
    [[nodiscard]] std::function<void(const std::string& key, circuit_state from, circuit_state to)> circuit_observer();

    [[nodiscard]] metrics_snapshot snapshot() const;
    /// Forgets every route and circuit.
    void reset();

    struct impl;

private:
    std::shared_ptr<impl> impl_;
};

struct metrics_options {
    /// Templates tried in order against the path of requests that carry no
    /// `route_template` tag, e.g. "/users/{id}/posts/{post}": literal
    /// segments match themselves, `{name}` any one segment. A path none
    /// matches gets a derived template: segments that look like ids (all
    /// digits, UUIDs, 16+ hex digits, 20+ letters and digits mixed) become
    /// "{id}", and the query is dropped.
    std::vector<std::string> route_templates;
    /// The clock latencies are measured with; unset: steady_clock. Tests set it.
    std::function<std::chrono::steady_clock::time_point()> now;
};

/// The interceptor. Where it sits decides what it counts:
/// - first, outside a retry interceptor (the usual place): one observation
///   per call as the caller sees it — the latency includes backoff waits,
///   and `attempts() - 1` of the final response or error are its retries;
/// - after a retry interceptor: one observation per attempt, each attempt
///   after the first counting one retry.
///
/// @code
/// auto metrics = std::make_shared<http::metrics_registry>();
/// http::circuit_breaker_policy breaker;
/// breaker.on_state_change = metrics->circuit_observer();
/// opts.interceptors = {http::metrics_interceptor(metrics), http::retry_interceptor(),
///                      http::circuit_breaker(breaker)};
/// @endcode
///
/// Throws std::invalid_argument for a null registry or an invalid template.
[[nodiscard]] std::shared_ptr<interceptor> metrics_interceptor(std::shared_ptr<metrics_registry> registry,
                                                               metrics_options options = {});

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

/// Limits every route must keep. A route fails a gate when its measure
/// exceeds the limit; routes with fewer than `min_requests` completed calls
/// are not judged.
struct quality_gates {
    std::chrono::milliseconds max_p95{500};
    std::optional<std::chrono::milliseconds> max_p99;
    double max_error_rate = 0.01;
    std::uint64_t min_requests = 1;
};

/// One gate one route failed.
struct gate_failure {
    std::string gate;  ///< "p95", "p99" or "error_rate"
    std::string host;
    std::string method;
    std::string route;
    double measured = 0;  ///< milliseconds for latencies, a share for rates
    double limit = 0;
    /// "GET 127.0.0.1:8080 /users/{id}: p95 latency 742 ms exceeds the 500 ms limit (120 calls)"
    std::string message;
};

struct gate_report {
    std::vector<gate_failure> failures;
    std::size_t routes_checked = 0;
    std::size_t routes_skipped = 0;  ///< below min_requests

    [[nodiscard]] bool passed() const noexcept { return failures.empty(); }
    /// One line per failure, or one line saying how many routes passed.
    [[nodiscard]] std::string to_string() const;
};

/// Checks every route of `snapshot` against `gates`.
///
/// @code
/// auto report = http::check(metrics->snapshot(), http::quality_gates{});
/// EXPECT_TRUE(report.passed()) << report.to_string();
/// @endcode
[[nodiscard]] gate_report check(const metrics_snapshot& snapshot, const quality_gates& gates = {});

}  // namespace tether::http
