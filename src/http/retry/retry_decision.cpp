#include "retry_decision.hpp"

#include "../idempotency.hpp"

#include <tether/core/classify.hpp>
#include <tether/http/retry_after.hpp>

#include <algorithm>
#include <cmath>

namespace tether::http {

std::chrono::milliseconds backoff_delay(const retry_policy& policy, int retry, double random) noexcept {
    if (retry < 1 || policy.base_delay.count() <= 0) return std::chrono::milliseconds(0);
    // base · 2^(retry-1), computed in double so that large retries cannot overflow.
    const double ceiling = std::min(static_cast<double>(policy.max_delay.count()),
                                    static_cast<double>(policy.base_delay.count()) * std::exp2(retry - 1));
    const double r = std::clamp(random, 0.0, 1.0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::floor(ceiling * r)));
}

}  // namespace tether::http

namespace tether::http::detail {

bool may_retry(const request& req) noexcept {
    return req.body().replayable() && may_be_sent_twice(req);
}

bool is_retryable(const retry_policy& policy, const result<response>& outcome) noexcept {
    if (outcome) {
        return std::find(policy.retry_statuses.begin(), policy.retry_statuses.end(), outcome->status()) !=
               policy.retry_statuses.end();
    }
    // One rule for every retrier (retry, reconnect, outbox): classify().
    return classify(outcome.error()) == error_class::transient;
}

retry_decision decide_retry(const retry_policy& policy, const request& req, const result<response>& outcome,
                            int attempt, double random, std::chrono::system_clock::time_point wall_now,
                            std::chrono::steady_clock::time_point now,
                            std::optional<std::chrono::steady_clock::time_point> deadline) {
    retry_decision d;
    if (attempt > policy.max_retries || !is_retryable(policy, outcome) || !may_retry(req)) return d;
    d.delay = backoff_delay(policy, attempt, random);
    if (outcome) {
        if (auto value = outcome->headers().get("Retry-After")) {
            if (auto asked = parse_retry_after(*value, wall_now)) {
                d.delay = std::min<std::chrono::milliseconds>(*asked, policy.max_delay);
            }
        }
    }
    // No retry starts that the deadline would cut short: the answer in hand
    // (e.g. a 429 whose Retry-After is too far) is the call's answer.
    if (deadline && now + d.delay >= *deadline) return d;
    d.retry = true;
    return d;
}

}  // namespace tether::http::detail
