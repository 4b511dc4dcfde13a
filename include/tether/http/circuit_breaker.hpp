#pragma once
/// @file
/// `tether::http::circuit_breaker`: stops calling a host that keeps failing,
/// and lets a probe through after a cool-down.

#include <tether/http/interceptor.hpp>
#include <tether/http/request.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace tether::http {

enum class circuit_state {
    closed,     ///< calls go through
    open,       ///< calls fail at once with errc::circuit_open
    half_open,  ///< a probe goes through; its result closes or reopens the circuit
};

[[nodiscard]] std::string_view to_string(circuit_state s) noexcept;

/// When a circuit opens and how it recovers. A failure is a transient error
/// (`classify()`: connection failures, timeouts) or a 5xx response; 4xx
/// answers are the server working and count as successes.
struct circuit_breaker_policy {
    /// Opens after this many failures in a row (0: never for that reason).
    int consecutive_failures = 5;
    /// Opens when at least this share of the last `window_calls` calls failed
    /// (once `window_calls` calls were seen; 0 disables the rule).
    double failure_rate = 0.5;
    int window_calls = 20;
    /// How long an open circuit refuses calls before letting a probe through.
    std::chrono::milliseconds cool_down{30'000};
    /// Calls let through at once while half-open.
    int half_open_probes = 1;
    /// One circuit per key; unset: per origin ("https://host:port").
    std::function<std::string(const request&)> key;
    /// Told of every state change (on the thread of the call that caused it).
    std::function<void(const std::string& key, circuit_state from, circuit_state to)> on_state_change;
    /// The clock; unset: steady_clock. Tests set it to move time.
    std::function<std::chrono::steady_clock::time_point()> now;
};

/// The interceptor. While a circuit is open, calls fail at once with
/// errc::circuit_open (a `circuit_open_error` from `value()`), whose
/// `retry_after()` says when a probe will be let through.
///
/// @code
/// opts.interceptors.push_back(http::retry_interceptor());
/// opts.interceptors.push_back(http::circuit_breaker());   // inside the retries: each attempt counts
/// @endcode
[[nodiscard]] std::shared_ptr<interceptor> circuit_breaker(circuit_breaker_policy policy = {});

}  // namespace tether::http
