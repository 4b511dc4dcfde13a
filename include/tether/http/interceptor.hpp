#pragma once
/// @file
/// The interceptor chain: the one way to extend the client.

#include <tether/core/result.hpp>
#include <tether/http/call_options.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>
#include <tether/http/task.hpp>

#include <memory>
#include <span>
#include <type_traits>
#include <utility>

namespace tether::http {

class interceptor;
class transport;

/// The rest of the pipeline, as seen by one interceptor.
///
/// `proceed` sends a request through the interceptors after this one and
/// the transport, and may be called zero times (answer from a cache), once,
/// or several times (retry, re-authentication). The chain object lives for
/// the duration of `interceptor::intercept`; never keep a reference to it in
/// work that outlives that call.
class chain {
public:
    /// The request as this interceptor received it.
    [[nodiscard]] const request& current_request() const noexcept { return request_; }
    /// The resolved settings of this call.
    [[nodiscard]] const call_options& options() const noexcept { return options_; }

    /// Sends the current request on, unchanged, with the same options. The
    /// cheapest form: nothing is copied until the transport.
    [[nodiscard]] task<result<response>> proceed() const { return forward(request_, options_); }
    /// Sends `req` on through the rest of the chain with the same options.
    [[nodiscard]] task<result<response>> proceed(request req) const;
    /// Sends `req` on with changed options (e.g. the next attempt number).
    [[nodiscard]] task<result<response>> proceed(request req, call_options opts) const;

    /// A chain over `interceptors` that ends in `last`; `request` and
    /// `options` must outlive it. The client builds these; tests of an
    /// interceptor may too.
    chain(std::span<const std::shared_ptr<interceptor>> interceptors, transport& last, const request& req,
          const call_options& opts) noexcept
        : rest_(interceptors), transport_(last), request_(req), options_(opts) {}

private:
    // Runs the rest of the chain on `req` and `opts`, which the caller keeps
    // alive until it completes (it is awaited at once by every caller).
    [[nodiscard]] task<result<response>> forward(const request& req, const call_options& opts) const;
    [[nodiscard]] task<result<response>> run_next_link(const request& req, const call_options& opts) const;

    std::span<const std::shared_ptr<interceptor>> rest_;
    transport& transport_;
    const request& request_;
    const call_options& options_;
};

/// One link of the chain: sees the request on the way in and the result on
/// the way out, with a single "around" method.
///
/// @code
/// class user_agent_interceptor final : public http::interceptor {
///     task<result<response>> intercept(const chain& next) override {
///         if (next.current_request().headers().contains("User-Agent")) co_return co_await next.proceed();
///         auto req = next.current_request();
///         req.headers().set("User-Agent", "my-app/1.0");
///         co_return co_await next.proceed(std::move(req));
///     }
/// };
/// @endcode
///
/// @par Thread Safety
/// One interceptor object serves every call of a client, concurrently:
/// keep per-call state in the coroutine, shared state synchronized.
class interceptor {
public:
    virtual ~interceptor() = default;
    [[nodiscard]] virtual task<result<response>> intercept(const chain& next) = 0;
};

namespace detail {
template <class F>
class lambda_interceptor final : public interceptor {
public:
    explicit lambda_interceptor(F f) : f_(std::move(f)) {}
    task<result<response>> intercept(const chain& next) override { return f_(next); }

private:
    F f_;
};
}  // namespace detail

/// Makes an interceptor from a callable `task<result<response>>(const chain&)`.
/// The callable is stored in the interceptor and outlives every call, so a
/// coroutine lambda may use its captures safely.
template <class F>
[[nodiscard]] std::shared_ptr<interceptor> make_interceptor(F f) {
    static_assert(std::is_invocable_r_v<task<result<response>>, F&, const chain&>,
                  "an interceptor lambda takes (const chain&) and returns task<result<response>>");
    return std::make_shared<detail::lambda_interceptor<F>>(std::move(f));
}

}  // namespace tether::http
