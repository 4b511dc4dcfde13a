#include <tether/http/interceptor.hpp>
#include <tether/http/transport.hpp>

#include "request_validation.hpp"

namespace tether::http {

namespace {

task<result<response>> refused(error e) {
    co_return e;
}

}  // namespace

task<result<response>> chain::proceed(request req) const {
    return proceed(std::move(req), options_);
}

task<result<response>> chain::proceed(request req, call_options opts) const {
    // This frame owns the changed request and options while the rest runs.
    co_return co_await forward(req, opts);
}

task<result<response>> chain::forward(const request& req, const call_options& opts) const {
    if (!rest_.empty()) return run_next_link(req, opts);
    // The last link: whatever the interceptors did to the request, it is
    // checked once more before it reaches the wire. No coroutine frame of
    // its own: the transport's task is handed straight back.
    if (auto valid = detail::validate_request(req); !valid) {
        return refused(std::move(valid).error().with_request(req.method(), req.url()));
    }
    return transport_.send(req, opts);
}

task<result<response>> chain::run_next_link(const request& req, const call_options& opts) const {
    const chain next(rest_.subspan(1), transport_, req, opts, owner_);
    co_return co_await rest_.front()->intercept(next);
}

detached_call chain::detach(request req, call_options opts) const {
    return {rest_, transport_, std::move(req), std::move(opts), *owner_};
}

task<result<response>> detached_call::run() && {
    return run_owned(std::move(*this));
}

task<result<response>> detached_call::run_owned(detached_call call) {
    const chain rest(call.rest_, *call.transport_, call.req_, call.opts_, &call.owner_);
    co_return co_await rest.proceed();
}

}  // namespace tether::http
