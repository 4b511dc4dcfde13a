#pragma once
// An io_context with one thread of its own, for clients built without an
// executor. The thread keeps the loop alive until its run() returns, so the
// last owner may let go from any thread, including the loop's own.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <optional>
#include <thread>

namespace tether::detail {

class event_loop {
public:
    // Starts the thread; the loop runs until release().
    static std::shared_ptr<event_loop> start();

    event_loop(const event_loop&) = delete;
    event_loop& operator=(const event_loop&) = delete;
    ~event_loop();

    [[nodiscard]] boost::asio::any_io_executor executor() noexcept { return context_.get_executor(); }
    [[nodiscard]] bool running_in_this_thread() const noexcept;

    // Lets run() return once the queued work is done and waits for the thread,
    // unless called on the loop's own thread.
    void release() noexcept;

private:
    event_loop() = default;

    boost::asio::io_context context_{1};
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
        context_.get_executor()};
    std::thread thread_;
};

}  // namespace tether::detail
