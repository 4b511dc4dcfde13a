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
class detached_call;

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

    /// The rest of the chain as a call that may run after `intercept` has
    /// returned: work in the background, such as refreshing a cache entry.
    /// It keeps the client's pipeline alive until it has run.
    [[nodiscard]] detached_call detach(request req, call_options opts) const;

    /// A chain over `interceptors` that ends in `last`; `request` and
    /// `options` must outlive it. `owner` keeps `interceptors` and `last`
    /// alive for detached calls (without one, they must outlive those calls).
    /// The client builds these; tests of an interceptor may too.
    chain(std::span<const std::shared_ptr<interceptor>> interceptors, transport& last, const request& req,
          const call_options& opts, std::shared_ptr<const void> owner = nullptr) noexcept
        : rest_(interceptors),
          transport_(last),
          request_(req),
          options_(opts),
          held_owner_(std::move(owner)),
          owner_(&held_owner_) {}

private:
    friend class detached_call;
    chain(std::span<const std::shared_ptr<interceptor>> interceptors, transport& last, const request& req,
          const call_options& opts, const std::shared_ptr<const void>* owner) noexcept
        : rest_(interceptors), transport_(last), request_(req), options_(opts), owner_(owner) {}

    // Runs the rest of the chain on `req` and `opts`, which the caller keeps
    // alive until it completes (it is awaited at once by every caller).
    [[nodiscard]] task<result<response>> forward(const request& req, const call_options& opts) const;
    [[nodiscard]] task<result<response>> run_next_link(const request& req, const call_options& opts) const;

    std::span<const std::shared_ptr<interceptor>> rest_;
    transport& transport_;
    const request& request_;
    const call_options& options_;
    // Set in the outermost chain only; the inner ones point at it.
    std::shared_ptr<const void> held_owner_;
    const std::shared_ptr<const void>* owner_;
};

/// The rest of a chain, detached from the call that made it (see
/// `chain::detach`): run it once, whenever, on any executor.
class detached_call {
public:
    /// Sends the request through the rest of the chain.
    [[nodiscard]] task<result<response>> run() &&;

private:
    friend class chain;
    detached_call(std::span<const std::shared_ptr<interceptor>> rest, transport& last, request req,
                  call_options opts, std::shared_ptr<const void> owner)
        : rest_(rest), transport_(&last), req_(std::move(req)), opts_(std::move(opts)), owner_(std::move(owner)) {}
    static task<result<response>> run_owned(detached_call call);

    std::span<const std::shared_ptr<interceptor>> rest_;
    transport* transport_;
    request req_;
    call_options opts_;
    std::shared_ptr<const void> owner_;
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
