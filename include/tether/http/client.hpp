#pragma once
/// @file
/// `tether::http::client`: sends requests through the interceptor chain.

#include <tether/core/result.hpp>
#include <tether/http/client_options.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>
#include <tether/http/task.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <future>
#include <memory>
#include <string>

namespace tether::http {

namespace detail {
struct client_state;
}

/// An HTTP client: resolves each request against its defaults, sends it
/// through the interceptors and the transport, and turns statuses its
/// status policy rejects into typed errors.
///
/// A client is a cheap handle: copies share one connection pool and
/// configuration. Keep one per backend and share it.
///
/// @code
/// http::client client({.base_url = "http://127.0.0.1:8080/"});
/// // coroutine
/// auto r = co_await client.get("users");
/// // blocking
/// auto users = client.execute(http::request::get("users")).value().json();
/// @endcode
///
/// @par Thread Safety
/// Safe to use from many threads and coroutines at once.
class client {
public:
    /// A client with its own event-loop thread.
    explicit client(client_options options = {});
    /// A client whose I/O runs on `executor` (the caller runs its loop).
    explicit client(boost::asio::any_io_executor executor, client_options options = {});

    /// Sends `req`; completes on the awaiting coroutine's executor.
    /// Cancellation: the awaiting coroutine's cancellation slot, or
    /// `req.options().cancel`.
    [[nodiscard]] task<result<response>> send(request req) const;

    /// Sends `req` and waits. Must not be called from the client's own
    /// event-loop thread (it would wait for itself).
    [[nodiscard]] result<response> execute(request req) const;

    /// Sends `req`; the future becomes ready when it completes.
    [[nodiscard]] std::future<result<response>> enqueue(request req) const;

    /// Sends `req` and calls `on_done` with the result on the client's executor.
    void enqueue(request req, std::function<void(result<response>)> on_done) const;

    [[nodiscard]] task<result<response>> get(std::string url) const { return send(request::get(std::move(url))); }
    [[nodiscard]] task<result<response>> del(std::string url) const { return send(request::del(std::move(url))); }
    [[nodiscard]] task<result<response>> post(std::string url, body b = {}) const {
        return send(request::post(std::move(url), std::move(b)));
    }
    [[nodiscard]] task<result<response>> put(std::string url, body b = {}) const {
        return send(request::put(std::move(url), std::move(b)));
    }
    [[nodiscard]] task<result<response>> patch(std::string url, body b = {}) const {
        return send(request::patch(std::move(url), std::move(b)));
    }

    /// The executor the client's I/O runs on.
    [[nodiscard]] boost::asio::any_io_executor executor() const noexcept;
    [[nodiscard]] const client_options& options() const noexcept;

private:
    std::shared_ptr<detail::client_state> state_;
};

}  // namespace tether::http
