#pragma once
// One request and its response over a pooled connection, with the call's
// timeouts and cancellation.

#include "connection.hpp"
#include "native_context.hpp"
#include "request_head.hpp"

#include <tether/core/result.hpp>
#include <tether/http/body.hpp>
#include <tether/http/call_options.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>
#include <tether/http/task.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <stop_token>

namespace tether::http::native {

struct dns_lookup;

class exchange : public std::enable_shared_from_this<exchange> {
public:
    using clock = std::chrono::steady_clock;

    /// `executor` runs the exchange and its timers: serialized (a strand,
    /// or an io_context run by one thread).
    exchange(std::shared_ptr<native_context> context, request req, call_options options,
             boost::asio::any_io_executor executor);
    ~exchange();

    [[nodiscard]] const boost::asio::any_io_executor& executor() const noexcept { return executor_; }

    /// Carries the request out, replaying it once on a fresh connection when
    /// a reused one turns out to have been closed by the server. Runs on
    /// `executor`: in the caller's coroutine when that is where it already
    /// is, or spawned there.
    [[nodiscard]] static task<result<response>> run(std::shared_ptr<exchange> self);

    /// Stops the exchange: the operation in progress ends and `run` returns
    /// the error for `reason` (cancelled, connect_timeout, read_timeout,
    /// deadline_exceeded). Call on the executor.
    void abort(errc reason);

private:
    enum class phase { starting, waiting_for_connection, connecting, transferring, finished };
    struct attempt;

    task<result<response>> run_attempts();
    task<result<std::shared_ptr<connection>>> obtain_connection(lease granted, std::shared_ptr<pool_waiter> waiter,
                                                                bool thorough, boost::asio::ssl::context* tls);
    task<result<void>> open(std::shared_ptr<connection> c);
    task<result<boost::asio::ip::tcp::resolver::results_type>> resolve();
    task<result<void>> connect(std::shared_ptr<connection> c, boost::asio::ip::tcp::resolver::results_type endpoints);
    task<result<void>> handshake(std::shared_ptr<connection> c);
    template <class Stream>
    task<attempt> transfer_on(Stream& stream, std::shared_ptr<connection> c, opened_body body);
    template <class Stream>
    task<result<void>> send_body(Stream& stream, body_reader& reader, std::optional<std::uint64_t> length);
    template <class Stream>
    task<result<response>> receive(Stream& stream, connection& c, bool& reusable);

    void note_cancellation(const boost::system::error_code& ec) noexcept;
    void enter(phase p);
    void arm_watchdog();
    void on_watchdog();
    [[nodiscard]] std::optional<clock::time_point> due() const;
    [[nodiscard]] error abort_error() const;
    [[nodiscard]] result<void> report_upload(std::uint64_t sent, std::optional<std::uint64_t> total);

    std::shared_ptr<native_context> context_;
    request req_;
    call_options options_;
    boost::asio::any_io_executor executor_;
    request_target where_;
    boost::asio::steady_timer watchdog_;

    phase phase_ = phase::starting;
    std::optional<errc> aborted_;
    clock::time_point started_;
    clock::time_point connect_started_;
    clock::time_point last_activity_;
    http::timings timings_;
    // The connection ended before any byte of the answer arrived.
    bool stale_candidate_ = false;

    // What abort() interrupts.
    std::shared_ptr<pool_waiter> waiter_;
    std::shared_ptr<dns_lookup> lookup_;
    std::shared_ptr<connection> active_;

    struct cancel_request {
        std::weak_ptr<exchange> target;
        boost::asio::any_io_executor executor;
        void operator()() const;
    };
    std::optional<std::stop_callback<cancel_request>> stop_watch_;
    // In the transport's list of exchanges in flight.
    exchange* live_previous_ = nullptr;
    exchange* live_next_ = nullptr;
    friend class live_exchanges;
};

template <class F>
void live_exchanges::for_each_locked(F& f) {
    for (auto* x = first_; x; x = x->live_next_) f(*x);
}

}  // namespace tether::http::native
