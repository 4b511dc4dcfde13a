#pragma once
// Drives one curl multi handle from an Asio executor: curl tells us which
// sockets to watch (CURLMOPT_SOCKETFUNCTION) and when to wake it
// (CURLMOPT_TIMERFUNCTION); Asio waits and we call curl_multi_socket_action.
// Everything touching curl runs serialized (on a strand, or on an executor
// that only one thread runs) and never from inside a curl
// callback (the shape of curl's multi-uv.c and asiohiper.cpp).

#include "exchange.hpp"
#include "transport_settings.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <curl/curl.h>

#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tether::http::curl {

class multi_driver : public std::enable_shared_from_this<multi_driver> {
public:
    multi_driver(boost::asio::any_io_executor executor, transport_settings settings);
    multi_driver(const multi_driver&) = delete;
    multi_driver& operator=(const multi_driver&) = delete;
    ~multi_driver();

    // Starts an exchange; from any thread. `handler` completes exactly once.
    void start(request req, call_options opts, completion handler);

    // Fails what is in flight with `cancelled` and releases curl; on the
    // driver's executor.
    void shutdown();

    // Where everything touching curl runs, one handler at a time.
    [[nodiscard]] const boost::asio::any_io_executor& executor() const noexcept { return executor_; }

private:
    struct socket_watch;

    void begin(std::shared_ptr<exchange> x);
    void abort(const std::weak_ptr<exchange>& weak, errc code);
    void abort_with(exchange& x, error e);
    void watch_idle(std::chrono::milliseconds read_timeout);
    void sweep_idle();
    void stop_sweeping_when_idle();
    void finish_done_transfers();
    void finish(CURL* easy, CURLcode code);
    void release_easy(CURL* easy) noexcept;
    void end_if_unread_bytes(curl_socket_t fd) noexcept;
    CURL* acquire_easy();

    void watch(curl_socket_t fd, int what, socket_watch* known);
    void arm(const std::shared_ptr<socket_watch>& w);
    void socket_ready(const std::shared_ptr<socket_watch>& w, int flags);
    void timer_expired();

    static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socketp) noexcept;
    static int on_timer(CURLM* multi, long timeout_ms, void* self) noexcept;
    static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address) noexcept;
    static int on_close_socket(void* self, curl_socket_t fd) noexcept;
    void forget(std::unordered_map<curl_socket_t, std::shared_ptr<socket_watch>>::iterator it);

    boost::asio::any_io_executor executor_;
    transport_settings settings_;
    CURLM* multi_ = nullptr;
    boost::asio::steady_timer timer_;
    bool timeout_posted_ = false;
    // One timer for every exchange's read timeout: it sweeps the active
    // exchanges at an eighth of the shortest timeout among them, instead of
    // a timer armed and cancelled per request.
    boost::asio::steady_timer idle_sweep_;
    std::chrono::milliseconds sweep_interval_{0};
    bool closed_ = false;
    std::unordered_map<curl_socket_t, std::shared_ptr<socket_watch>> sockets_;
    // Sockets opened through on_open_socket: curl tells us when it closes
    // them, so their event-loop registration can outlive a transfer.
    std::unordered_set<curl_socket_t> owned_sockets_;
    std::unordered_map<CURL*, std::shared_ptr<exchange>> active_;
    std::vector<CURL*> idle_handles_;
};

}  // namespace tether::http::curl
