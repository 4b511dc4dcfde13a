#pragma once
// One token refresh that any number of calls await: the first to need it
// starts it, the rest join, and all wake with its outcome.

#include <tether/auth/token.hpp>
#include <tether/core/result.hpp>
#include <tether/http/task.hpp>

#include <boost/asio/experimental/concurrent_channel.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace tether::auth::detail {

class refresh_flight {
public:
    // Resumes once `finish` was called (at once if it was), on the awaiting
    // coroutine's executor.
    [[nodiscard]] task<result<token_set>> wait();
    void finish(result<token_set> outcome);

private:
    std::mutex mutex_;
    // One buffered, thread-safe channel per waiter: a wake-up sent before
    // the waiter got to wait is not lost, whatever thread either runs on.
    using wake_channel = boost::asio::experimental::concurrent_channel<void(boost::system::error_code)>;
    std::optional<result<token_set>> outcome_;
    std::vector<std::shared_ptr<wake_channel>> waiters_;
};

}  // namespace tether::auth::detail
