#pragma once
// The mock server's shared state and its connection handling.

#include <tether/testing/mock_server.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace tether::testing {

struct route_entry {
    std::string method;
    std::vector<std::string> segments;  // "{name}" captures, a final "*" matches the rest
    route_handler handler;
};

struct mock_server::impl {
    explicit impl(mock_server_options opts);

    // Records `rec` and picks its answer: queue, routes, then 404. Fills
    // rec.params from the matched route. Runs on the server's thread.
    mock_response respond(recorded_request& rec);
    // True when a response is queued or a route matches `rec`.
    bool has_script_for(const recorded_request& rec);
    // Adds `rec` to the received requests and wakes take_request().
    void record(const recorded_request& rec);

    // Connection bookkeeping, on the server's thread: stop() closes every
    // live connection through the closer it registered.
    std::uint64_t register_connection(std::function<void()> closer);
    void unregister_connection(std::uint64_t id);

    mock_server_options options;
    boost::asio::io_context io{1};
    boost::asio::ip::tcp::acceptor acceptor{io};
    std::optional<boost::asio::ssl::context> tls;
    std::string ca_pem;
    std::filesystem::path ca_file;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work{io.get_executor()};
    std::thread thread;
    std::uint16_t port = 0;
    bool stopped = false;  // guarded by the thread that calls stop()

    mutable std::mutex mutex;
    std::condition_variable arrived;
    std::deque<mock_response> queue;
    std::vector<route_entry> routes;
    std::vector<recorded_request> received;
    std::size_t taken = 0;
    std::atomic<std::size_t> connections{0};
    std::atomic<std::size_t> most_open{0};

    std::map<std::uint64_t, std::function<void()>> live;  // server thread only
    std::uint64_t next_live = 0;
};

// Accepts connections until the acceptor closes.
boost::asio::awaitable<void> accept_loop(mock_server::impl& server);

}  // namespace tether::testing
