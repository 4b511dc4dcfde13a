#include "sandbox_retry_after.hpp"

#include "sandbox_common.hpp"

#include <optional>

namespace tether::testing::detail {

mock_response retry_after_limiter::answer(const recorded_request& req) {
    const auto seconds = to_int(req.params.at("seconds"));
    if (!seconds || *seconds < 0 || *seconds > 86'400) {
        return problem(400, "Bad Request", "the Retry-After must be 0 to 86400 seconds");
    }
    const auto times = to_int(req.query_param("times").value_or("1"));
    if (!times || *times < 0 || *times > 1'000'000) return problem(400, "Bad Request", "times must be 0 to 1000000");
    const bool as_date = req.query_param("date").value_or("0") == "1";
    const auto key = client_key(req) + " " + req.path + (as_date ? " date" : "");
    std::optional<std::int64_t> let_through_after;  // the throttled count, once the client is through
    {
        std::lock_guard lock(mutex_);
        auto& count = throttled_[key];
        if (count >= *times) {
            let_through_after = count;
        } else {
            ++count;
        }
    }
    if (let_through_after) {
        return mock_response::json(json::object{{"ok", true}, {"throttled_before_success", *let_through_after}});
    }
    if (!as_date) {
        auto r = problem(429, "Too Many Requests", "slow down: try again in " + std::to_string(*seconds) + " s");
        r.header("Retry-After", std::to_string(*seconds));
        return r;
    }
    // An HTTP-date has whole seconds: round up, so that a client waiting
    // until then waits at least `seconds`.
    const auto now = std::chrono::system_clock::now();
    const auto when = std::chrono::ceil<std::chrono::seconds>(now) + std::chrono::seconds(*seconds);
    auto r = problem(503, "Service Unavailable", "down for maintenance until " + http_date(when));
    r.header("Retry-After", http_date(when));
    return r;
}

}  // namespace tether::testing::detail
