#pragma once
// The native transport's connections, kept per origin for reuse, within
// limits per origin and in total.

#include "connection.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace tether::http::native {

/// How long after its last exchange an idle connection is trusted without a check.
inline constexpr std::chrono::milliseconds recently_used{100};

struct pool_limits {
    std::size_t per_origin = 0;  ///< 0: no limit
    std::size_t total = 0;       ///< 0: no limit
    std::size_t idle_total = 256;
    std::chrono::milliseconds idle_timeout{60'000};
};

/// What a caller may do next: use `reused` (an idle connection checked to
/// be usable), or open a new connection (`may_open`), or wait to be woken.
struct lease {
    std::shared_ptr<connection> reused;
    bool may_open = false;
    [[nodiscard]] bool granted() const noexcept { return reused || may_open; }
};

/// Someone waiting for a connection to an origin. The pool grants it a
/// lease and cancels `wake`, on the waiter's own executor.
struct pool_waiter {
    explicit pool_waiter(const boost::asio::any_io_executor& executor) : wake(executor) {}
    boost::asio::steady_timer wake;
    std::string origin;
    /// Check an idle connection even when it was used moments ago.
    bool thorough = false;
    lease granted;
};

/// Thread-safe: exchanges on any thread take and return connections.
///
/// Idle connections past the idle timeout are closed as the pool is used,
/// not by a timer: nothing the pool keeps may count as work on the event
/// loop, so that a caller's io_context::run() returns once its calls have.
class connection_pool {
public:
    explicit connection_pool(pool_limits limits);

    /// A lease for `origin` now, or none: then `waiter` is queued and will
    /// be granted one later (unless it gives up with `leave`).
    ///
    /// An idle connection is checked for a close or stray bytes before it is
    /// handed out, unless it was returned less than `recently_used` ago and
    /// the waiter does not ask for a thorough check: a connection that broke
    /// in that moment is found when the request is sent, and the request
    /// goes again on a fresh one (OkHttp checks only after 10 s idle, and
    /// only for requests other than GET).
    /// `waiter` is made on `executor` the first time one is needed.
    [[nodiscard]] lease acquire(const std::string& origin, bool thorough, std::shared_ptr<pool_waiter>& waiter,
                                const boost::asio::any_io_executor& executor);
    /// Takes a waiter out of the queue; returns what it was granted meanwhile.
    [[nodiscard]] lease leave(const std::shared_ptr<pool_waiter>& waiter);

    /// Returns a connection after an exchange: kept for reuse when
    /// `reusable`, closed otherwise.
    void release(const std::string& origin, std::shared_ptr<connection> c, bool reusable);
    /// Gives back a permission to open that was not used.
    void forfeit(const std::string& origin);

    /// Closes every idle connection; later releases close theirs.
    void shut_down();

private:
    struct origin_state {
        std::vector<std::shared_ptr<connection>> idle;  // most recently used last
        std::size_t open = 0;                           // idle, busy and opening
    };

    lease try_acquire_locked(const std::string& origin, bool thorough);
    bool evict_one_idle_locked(const std::string& except);
    void hand_over_locked(std::vector<std::shared_ptr<pool_waiter>>& woken);
    void wake(std::vector<std::shared_ptr<pool_waiter>>& woken);
    void sweep_now_and_then_locked(connection::clock::time_point now);

    pool_limits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, origin_state> origins_;
    std::deque<std::shared_ptr<pool_waiter>> waiters_;
    std::size_t open_ = 0;
    std::size_t idle_ = 0;
    connection::clock::time_point last_sweep_{};
    bool shut_down_ = false;
};

}  // namespace tether::http::native
