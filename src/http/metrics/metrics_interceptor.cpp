#include "route_template.hpp"

#include <tether/http/metrics.hpp>

#include <stdexcept>

namespace tether::http {

namespace {

using clock = std::chrono::steady_clock;

class measuring final : public interceptor {
public:
    measuring(std::shared_ptr<metrics_registry> registry, metrics_options options)
        : registry_(std::move(registry)), now_(std::move(options.now)), matcher_(std::move(options.route_templates)) {
        if (!registry_) {
            throw std::invalid_argument("metrics_interceptor needs a registry: pass "
                                        "std::make_shared<http::metrics_registry>()");
        }
        if (!now_) now_ = [] { return clock::now(); };
    }

    task<result<response>> intercept(const chain& next) override {
        const auto started = now_();
        auto outcome = co_await next.proceed();
        const auto elapsed = now_() - started;
        registry_->record(observe(next, outcome, elapsed));
        co_return outcome;
    }

private:
    call_observation observe(const chain& next, const result<response>& outcome, clock::duration elapsed) const {
        const auto& req = next.current_request();
        call_observation call;
        call.host = detail::host_of(req.url());
        call.method = req.method();
        call.route = route_of(req);
        call.latency = std::chrono::duration_cast<std::chrono::microseconds>(elapsed);
        // Outside a retry interceptor the outcome says how many attempts it
        // took; after one, each attempt past the first is itself a retry.
        const int attempts = outcome ? outcome->attempts() : outcome.error().attempts();
        call.retries = std::max(0, attempts - 1) + (next.options().attempt > 1 ? 1 : 0);
        if (outcome) {
            call.status = outcome->status();
            if (const auto* info = outcome->tags().get<cache_info>()) call.cache = info->source;
        } else {
            call.error = outcome.error().code();
        }
        return call;
    }

    std::string route_of(const request& req) const {
        if (const auto* named = req.options().tags.get<route_template>()) return named->value;
        const auto path = detail::path_of(req.url());
        if (auto matched = matcher_.match(path)) return std::move(*matched);
        return detail::derive_route(path);
    }

    std::shared_ptr<metrics_registry> registry_;
    std::function<clock::time_point()> now_;
    detail::route_matcher matcher_;
};

}  // namespace

std::shared_ptr<interceptor> metrics_interceptor(std::shared_ptr<metrics_registry> registry,
                                                 metrics_options options) {
    return std::make_shared<measuring>(std::move(registry), std::move(options));
}

}  // namespace tether::http
