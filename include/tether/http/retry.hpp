#pragma once
/// @file
/// `tether::http::retry_interceptor`: retries with exponential backoff and
/// full jitter, honouring Retry-After, idempotency and the call's deadline.

#include <tether/http/interceptor.hpp>
#include <tether/http/task.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <vector>

namespace tether::http {

/// When and how often a call is tried again.
///
/// Retried: errors `classify()` calls transient (a refused, reset or
/// unresolvable connection, connect and read timeouts) and the statuses in
/// `retry_statuses`. Never retried: cancellation, TLS and protocol failures,
/// invalid requests, policy refusals, any other status, and anything once
/// the call's total deadline would pass during the wait. Only idempotent methods (GET, HEAD,
/// OPTIONS, PUT, DELETE, TRACE) are retried, and POST or PATCH that carry an
/// `Idempotency-Key` header; a body that cannot be replayed (a one-shot
/// stream) never is.
struct retry_policy {
    /// Retries after the first attempt (0: none).
    int max_retries = 3;
    /// The backoff before retry n is a random delay in [0, min(max_delay,
    /// base_delay · 2^(n-1))] ("full jitter").
    std::chrono::milliseconds base_delay{1000};
    std::chrono::milliseconds max_delay{30'000};
    std::vector<int> retry_statuses{408, 429, 500, 502, 503, 504};
    /// Gives every POST and PATCH without one a fresh `Idempotency-Key`
    /// (draft-ietf-httpapi-idempotency-key-header), which makes it retryable.
    bool add_idempotency_keys = false;
};

/// How the retry interceptor waits and draws its jitter. Unset members take
/// the real ones (an Asio timer on the call's executor, a per-thread random
/// engine, the steady clock); tests replace them so they never wait.
struct retry_environment {
    /// Waits `delay`; returns false at once when `cancel` is requested or
    /// the awaiting coroutine is cancelled.
    std::function<task<bool>(std::chrono::milliseconds delay, std::stop_token cancel)> sleep;
    /// A number in [0, 1).
    std::function<double()> random;
    std::function<std::chrono::steady_clock::time_point()> now;
};

/// The interceptor. Each attempt goes on with `call_options::attempt`
/// counting up; the response or error that ends the call carries the
/// number of attempts (`response::attempts()`, `error::attempts()`). A
/// `retry_policy` attached to a request (`request_options::tags`) replaces
/// `policy` for that request.
///
/// @code
/// http::client_options opts;
/// opts.interceptors.push_back(http::retry_interceptor());   // 3 retries, 1 s base, 30 s cap
/// @endcode
[[nodiscard]] std::shared_ptr<interceptor> retry_interceptor(retry_policy policy = {},
                                                             retry_environment environment = {});

/// The full-jitter backoff before retry number `retry` (1 for the first),
/// for `random` in [0, 1).
[[nodiscard]] std::chrono::milliseconds backoff_delay(const retry_policy& policy, int retry, double random) noexcept;

}  // namespace tether::http
