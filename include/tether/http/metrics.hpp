#pragma once
/// @file
/// `tether::http::metrics_interceptor`: counts, latencies, errors, retries,
/// cache use and circuit states per host and route, with a snapshot, JSON
/// and Prometheus exports, and quality gates to check them against.

#include <tether/core/errc.hpp>
#include <tether/http/cache.hpp>
#include <tether/http/circuit_breaker.hpp>
#include <tether/http/interceptor.hpp>
#include <tether/http/latency_histogram.hpp>
#include <tether/http/metrics_snapshot.hpp>
#include <tether/http/quality_gates.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::http {

/// Names the route of one request for metrics, e.g. "/users/{id}":
/// `req.options().tags.set(http::route_template{"/users/{id}"})`. Without
/// it, the route is the first of `metrics_options::route_templates` that
/// matches the path, or else one derived from the path (see there).
struct route_template {
    std::string value;
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

}  // namespace tether::http
