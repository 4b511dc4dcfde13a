#pragma once
// Whether and when a call is tried again: the retry interceptor's rules,
// without I/O or clocks of their own.

#include <tether/core/result.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>
#include <tether/http/retry.hpp>

#include <chrono>
#include <optional>

namespace tether::http::detail {

struct retry_decision {
    bool retry = false;
    std::chrono::milliseconds delay{0};
};

/// Whether `req` may be sent more than once: an idempotent method, or POST
/// and PATCH with an Idempotency-Key, and a body that can be replayed.
[[nodiscard]] bool may_retry(const request& req) noexcept;

/// Whether `outcome` is worth another attempt under `policy`.
[[nodiscard]] bool is_retryable(const retry_policy& policy, const result<response>& outcome) noexcept;

/// What to do after attempt number `attempt` (1 for the first) ended with
/// `outcome`: retry after a delay (Retry-After when the server sent one,
/// capped by max_delay, else the jittered backoff), or stop. It stops when
/// retries are used up, the request may not be retried, or the wait would
/// end past `deadline`.
[[nodiscard]] retry_decision decide_retry(const retry_policy& policy, const request& req,
                                          const result<response>& outcome, int attempt, double random,
                                          std::chrono::system_clock::time_point wall_now,
                                          std::chrono::steady_clock::time_point now,
                                          std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace tether::http::detail
