#include <tether/http/interceptor.hpp>
#include <tether/http/transport.hpp>

#include "request_validation.hpp"

namespace tether::http {

task<result<response>> chain::proceed(request req) const {
    return proceed(std::move(req), options_);
}

task<result<response>> chain::proceed(request req, call_options opts) const {
    // This frame owns the changed request and options while the rest runs.
    co_return co_await forward(req, opts);
}

task<result<response>> chain::forward(const request& req, const call_options& opts) const {
    if (!rest_.empty()) {
        const chain next(rest_.subspan(1), transport_, req, opts);
        co_return co_await rest_.front()->intercept(next);
    }
    // The last link: whatever the interceptors did to the request, it is
    // checked once more before it reaches the wire.
    if (auto valid = detail::validate_request(req); !valid) {
        co_return std::move(valid).error().with_request(req.method(), req.url());
    }
    auto r = co_await transport_.send(req, opts);
    if (!r && r.error().url().empty()) r.error().with_request(req.method(), req.url());
    co_return r;
}

}  // namespace tether::http
