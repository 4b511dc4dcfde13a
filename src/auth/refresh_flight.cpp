#include "refresh_flight.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace tether::auth::detail {

namespace asio = boost::asio;

task<result<token_set>> refresh_flight::wait() {
    auto executor = co_await asio::this_coro::executor;
    auto wake = std::make_shared<wake_channel>(executor, 1);
    {
        const std::lock_guard lock(mutex_);
        if (outcome_) co_return *outcome_;
        waiters_.push_back(wake);
    }
    auto [ec] = co_await wake->async_receive(asio::as_tuple(asio::use_awaitable));
    const std::lock_guard lock(mutex_);
    // Woken without an outcome: the awaiting call was cancelled.
    if (!outcome_) co_return error(errc::cancelled, "the call was cancelled while waiting for a token refresh");
    (void)ec;
    co_return *outcome_;
}

void refresh_flight::finish(result<token_set> outcome) {
    std::vector<std::shared_ptr<wake_channel>> waking;
    {
        const std::lock_guard lock(mutex_);
        outcome_.emplace(std::move(outcome));
        waking.swap(waiters_);
    }
    // Buffered: each waiter resumes on its own executor, never inside this call.
    for (auto& w : waking) (void)w->try_send(boost::system::error_code{});
}

}  // namespace tether::auth::detail
