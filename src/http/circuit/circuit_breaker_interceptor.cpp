#include "circuit.hpp"

#include <tether/core/classify.hpp>

#include "../origin.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace tether::http {

namespace {

// The origin, or the URL itself when it has none.
std::string key_of(const std::string& url) {
    auto o = detail::origin_of(url);
    return o.empty() ? url : o;
}

class breaking final : public interceptor {
public:
    explicit breaking(circuit_breaker_policy policy) : policy_(std::move(policy)) {
        if (!policy_.now) policy_.now = [] { return std::chrono::steady_clock::now(); };
    }

    task<result<response>> intercept(const chain& next) override {
        const auto& req = next.current_request();
        const auto key = policy_.key ? policy_.key(req) : key_of(req.url());
        const auto now = policy_.now();
        detail::circuit::admission admitted;
        std::optional<circuit_state> from;
        circuit_state to{};
        {
            std::lock_guard lock(mutex_);
            auto& c = circuit_for(key);
            admitted = c.admit(now);
            from = c.take_change();
            to = c.state();
        }
        tell(key, from, to);
        if (!admitted.allowed) {
            const auto wait = std::max(std::chrono::seconds(1),
                                       std::chrono::ceil<std::chrono::seconds>(admitted.refused_until - now));
            co_return error(errc::circuit_open, "calls to " + key +
                                                    " have been failing, so the circuit breaker refuses them for " +
                                                    std::to_string(wait.count()) +
                                                    " s more, then lets one through to probe; try again later")
                .with_retry_after(wait)
                .with_request(req.method(), req.url());
        }
        auto outcome = co_await next.proceed();
        const bool cancelled = !outcome && outcome.error().code() == errc::cancelled;
        const bool failed = outcome ? outcome->status() >= 500 : classify(outcome.error()) == error_class::transient;
        {
            std::lock_guard lock(mutex_);
            auto& c = circuit_for(key);
            if (cancelled) {
                c.abandon();
            } else {
                c.record(failed, policy_.now());
            }
            from = c.take_change();
            to = c.state();
        }
        tell(key, from, to);
        co_return outcome;
    }

private:
    detail::circuit& circuit_for(const std::string& key) {
        auto& slot = circuits_[key];
        if (!slot) slot = std::make_unique<detail::circuit>(policy_);
        return *slot;
    }

    void tell(const std::string& key, std::optional<circuit_state> from, circuit_state to) const {
        if (from && policy_.on_state_change) policy_.on_state_change(key, *from, to);
    }

    circuit_breaker_policy policy_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::unique_ptr<detail::circuit>> circuits_;
};

}  // namespace

std::shared_ptr<interceptor> circuit_breaker(circuit_breaker_policy policy) {
    return std::make_shared<breaking>(std::move(policy));
}

}  // namespace tether::http
