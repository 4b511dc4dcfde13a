#include "connection_pool.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace tether::http::native {

namespace asio = boost::asio;

connection_pool::connection_pool(pool_limits limits) : limits_(limits) {}

lease connection_pool::acquire(const std::string& origin, bool thorough, std::shared_ptr<pool_waiter>& waiter,
                               const asio::any_io_executor& executor) {
    std::lock_guard lock(mutex_);
    auto granted = try_acquire_locked(origin, thorough);
    if (!granted.granted()) {
        if (!waiter) waiter = std::make_shared<pool_waiter>(executor);
        waiter->origin = origin;
        waiter->thorough = thorough;
        waiters_.push_back(waiter);
    }
    return granted;
}

lease connection_pool::leave(const std::shared_ptr<pool_waiter>& waiter) {
    std::lock_guard lock(mutex_);
    waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), waiter), waiters_.end());
    return std::exchange(waiter->granted, lease{});
}

lease connection_pool::try_acquire_locked(const std::string& origin, bool thorough) {
    const auto now = connection::clock::now();
    sweep_now_and_then_locked(now);
    auto& o = origins_[origin];
    while (!o.idle.empty()) {
        auto c = std::move(o.idle.back());
        o.idle.pop_back();
        --idle_;
        const auto idle = now - c->idle_since;
        const bool trusted = idle < recently_used && !thorough;
        if (idle < limits_.idle_timeout && (trusted || c->usable_when_idle())) return {std::move(c), false};
        c->close();
        --o.open;
        --open_;
    }
    if (limits_.per_origin > 0 && o.open >= limits_.per_origin) return {};
    if (limits_.total > 0 && open_ >= limits_.total && !evict_one_idle_locked(origin)) return {};
    ++o.open;
    ++open_;
    return {nullptr, true};
}

bool connection_pool::evict_one_idle_locked(const std::string& except) {
    // The connection idle the longest, to any other origin, makes room.
    origin_state* oldest_origin = nullptr;
    for (auto& [name, o] : origins_) {
        if (name == except || o.idle.empty()) continue;
        if (!oldest_origin || o.idle.front()->idle_since < oldest_origin->idle.front()->idle_since) oldest_origin = &o;
    }
    if (!oldest_origin) return false;
    oldest_origin->idle.front()->close();
    oldest_origin->idle.erase(oldest_origin->idle.begin());
    --oldest_origin->open;
    --open_;
    --idle_;
    return true;
}

void connection_pool::release(const std::string& origin, std::shared_ptr<connection> c, bool reusable) {
    std::vector<std::shared_ptr<pool_waiter>> woken;
    {
        std::lock_guard lock(mutex_);
        auto& o = origins_[origin];
        if (reusable && !shut_down_ && c->socket().is_open()) {
            c->idle_since = connection::clock::now();
            auto waiting = std::find_if(waiters_.begin(), waiters_.end(),
                                        [&](const auto& w) { return w->origin == origin; });
            if (waiting != waiters_.end()) {
                (*waiting)->granted = {std::move(c), false};
                woken.push_back(std::move(*waiting));
                waiters_.erase(waiting);
            } else if (idle_ < limits_.idle_total) {
                o.idle.push_back(std::move(c));
                ++idle_;
            } else {
                reusable = false;
            }
        } else {
            reusable = false;
        }
        if (!reusable) {
            if (c) c->close();
            --o.open;
            --open_;
        }
        // A freed slot, or an idle connection another origin may evict.
        if (!waiters_.empty()) hand_over_locked(woken);
    }
    wake(woken);
}

void connection_pool::forfeit(const std::string& origin) {
    std::vector<std::shared_ptr<pool_waiter>> woken;
    {
        std::lock_guard lock(mutex_);
        --origins_[origin].open;
        --open_;
        hand_over_locked(woken);
    }
    wake(woken);
}

void connection_pool::hand_over_locked(std::vector<std::shared_ptr<pool_waiter>>& woken) {
    for (auto it = waiters_.begin(); it != waiters_.end();) {
        auto granted = try_acquire_locked((*it)->origin, (*it)->thorough);
        if (!granted.granted()) {
            ++it;
            continue;
        }
        (*it)->granted = std::move(granted);
        woken.push_back(std::move(*it));
        it = waiters_.erase(it);
    }
}

void connection_pool::wake(std::vector<std::shared_ptr<pool_waiter>>& woken) {
    // A waiter's timer belongs to its own executor: it is cancelled there.
    for (auto& w : woken) {
        asio::post(w->wake.get_executor(), [w] { w->wake.cancel(); });
    }
}

void connection_pool::sweep_now_and_then_locked(connection::clock::time_point now) {
    if (now - last_sweep_ < limits_.idle_timeout / 2) return;
    last_sweep_ = now;
    for (auto& entry : origins_) {
        auto& o = entry.second;
        auto expired = [&](const std::shared_ptr<connection>& c) {
            if (now - c->idle_since < limits_.idle_timeout) return false;
            c->close();
            --o.open;
            --open_;
            --idle_;
            return true;
        };
        o.idle.erase(std::remove_if(o.idle.begin(), o.idle.end(), expired), o.idle.end());
    }
    std::erase_if(origins_, [](const auto& entry) { return entry.second.open == 0; });
}

void connection_pool::shut_down() {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    for (auto& [name, o] : origins_) {
        for (auto& c : o.idle) c->close();
        o.open -= o.idle.size();
        open_ -= o.idle.size();
        o.idle.clear();
    }
    idle_ = 0;
}

}  // namespace tether::http::native
