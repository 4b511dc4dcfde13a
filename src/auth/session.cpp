#include <tether/auth/session.hpp>

#include "refresh_flight.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace tether::auth {

namespace asio = boost::asio;
using std::chrono::system_clock;

std::string_view to_string(auth_state s) noexcept {
    switch (s) {
        case auth_state::unauthenticated: return "unauthenticated";
        case auth_state::authenticated: return "authenticated";
        case auth_state::refreshing: return "refreshing";
    }
    return "unknown";
}

namespace {

// A refused grant ends the session; anything else may pass.
bool ends_session(const error& e) noexcept {
    const auto code = e.code();
    return code == errc::unauthorized || code == errc::forbidden || code == errc::validation_failed;
}

std::string authorization_for(const token_set& t) {
    return (t.token_type.empty() ? std::string("Bearer") : t.token_type) + " " + t.access_token;
}

}  // namespace

struct session::impl {
    session_options options;
    mutable std::mutex mutex;
    std::optional<token_set> tokens;
    std::uint64_t generation = 0;
    auth_state state = auth_state::unauthenticated;
    std::shared_ptr<detail::refresh_flight> flight;
    std::vector<std::weak_ptr<std::function<void(auth_state)>>> observers;

    token_grant grant_locked() const { return {authorization_for(*tokens), generation}; }

    // Call without the lock held: observers may call back into the session.
    void announce(auth_state s) {
        std::vector<std::shared_ptr<std::function<void(auth_state)>>> live;
        {
            const std::lock_guard lock(mutex);
            std::erase_if(observers, [](const auto& w) { return w.expired(); });
            for (const auto& w : observers) {
                if (auto o = w.lock()) live.push_back(std::move(o));
            }
        }
        for (const auto& o : live) (*o)(s);
    }

    // Moves to `s`; true when it changed (announce it then).
    bool move_to_locked(auth_state s) {
        if (state == s) return false;
        state = s;
        return true;
    }
};

namespace {

// Runs apart from every caller, so that a caller's cancellation never
// cancels the refresh the others wait for.
task<void> run_refresh(std::shared_ptr<session::impl> s, std::shared_ptr<detail::refresh_flight> flight,
                       token_set current) {
    std::optional<result<token_set>> got;
    try {
        got.emplace(co_await s->options.refresh(std::move(current)));
    } catch (const std::exception& e) {
        got.emplace(error(errc::internal_error, std::string("the token refresher threw: ") + e.what()));
    } catch (...) {
        got.emplace(error(errc::internal_error, "the token refresher threw"));
    }
    auto& outcome = *got;
    if (outcome && outcome->access_token.empty()) {
        outcome = error(errc::unauthorized, "the token refresh returned no access token; sign in again");
    }
    result<token_set> told = outcome;
    bool changed = false;
    auth_state now_state;
    {
        const std::lock_guard lock(s->mutex);
        s->flight.reset();
        if (outcome) {
            s->tokens = *outcome;
            ++s->generation;
            if (auto saved = s->options.store->save(*outcome); !saved && s->options.on_store_error) {
                // The new tokens serve this process; they will not outlive it.
                s->options.on_store_error(saved.error());
            }
            changed = s->move_to_locked(auth_state::authenticated);
        } else if (ends_session(outcome.error())) {
            s->tokens.reset();
            ++s->generation;
            (void)s->options.store->clear();
            changed = s->move_to_locked(auth_state::unauthenticated);
            told = error(errc::unauthorized, "the session ended: the token refresh was refused (" +
                                                 std::string(to_string(outcome.error().code())) + ": " +
                                                 outcome.error().message() + "); sign in again");
        } else {
            changed = s->move_to_locked(s->tokens ? auth_state::authenticated : auth_state::unauthenticated);
        }
        now_state = s->state;
    }
    if (changed) s->announce(now_state);
    flight->finish(std::move(told));
}

}  // namespace

result<std::shared_ptr<session>> session::create(session_options options) {
    if (!options.store) options.store = memory_token_store();
    if (!options.now) options.now = [] { return system_clock::now(); };
    auto state = std::make_shared<impl>();
    auto loaded = options.store->load();
    if (!loaded) return std::move(loaded).error();
    state->options = std::move(options);
    if (*loaded && !(*loaded)->empty()) {
        state->tokens = std::move(**loaded);
        state->state = auth_state::authenticated;
    }
    return std::make_shared<session>(std::move(state));
}

task<result<std::optional<token_grant>>> session::current() {
    std::uint64_t seen = 0;
    {
        const std::lock_guard lock(impl_->mutex);
        if (!impl_->tokens) co_return std::optional<token_grant>{};
        const bool expiring = impl_->options.refresh &&
                              impl_->tokens->expires_within(impl_->options.refresh_skew, impl_->options.now());
        if (!expiring && !impl_->flight) co_return std::optional<token_grant>(impl_->grant_locked());
        seen = impl_->generation;
    }
    auto renewed = co_await refresh_after(seen);
    if (renewed) co_return std::optional<token_grant>(std::move(*renewed));
    if (renewed.error().code() == errc::unauthorized) co_return std::move(renewed).error();
    // The refresh failed for now: the old token serves while it lasts.
    const std::lock_guard lock(impl_->mutex);
    if (impl_->tokens && !impl_->tokens->expires_within(std::chrono::seconds(0), impl_->options.now())) {
        co_return std::optional<token_grant>(impl_->grant_locked());
    }
    co_return std::move(renewed).error();
}

task<result<token_grant>> session::refresh_after(std::uint64_t generation) {
    std::shared_ptr<detail::refresh_flight> flight;
    std::optional<token_set> to_refresh;
    {
        const std::lock_guard lock(impl_->mutex);
        if (impl_->generation != generation && impl_->tokens) co_return impl_->grant_locked();
        if (!impl_->tokens) {
            co_return error(errc::unauthorized, "not signed in (or the session ended); sign in again");
        }
        if (!impl_->options.refresh) {
            co_return error(errc::unauthorized, "the access token was refused and no token refresher is configured");
        }
        if (!impl_->flight) {
            impl_->flight = std::make_shared<detail::refresh_flight>();
            to_refresh = impl_->tokens;
        }
        flight = impl_->flight;
    }
    if (to_refresh) {
        bool changed = false;
        {
            const std::lock_guard lock(impl_->mutex);
            changed = impl_->move_to_locked(auth_state::refreshing);
        }
        if (changed) impl_->announce(auth_state::refreshing);
        auto executor = co_await asio::this_coro::executor;
        asio::co_spawn(executor, run_refresh(impl_, flight, std::move(*to_refresh)), asio::detached);
    }
    auto outcome = co_await flight->wait();
    if (!outcome) co_return std::move(outcome).error();
    const std::lock_guard lock(impl_->mutex);
    if (!impl_->tokens) co_return error(errc::unauthorized, "the session ended while refreshing; sign in again");
    co_return impl_->grant_locked();
}

bool session::can_refresh() const noexcept {
    return static_cast<bool>(impl_->options.refresh);
}

result<void> session::sign_in(token_set tokens) {
    if (tokens.empty()) throw std::invalid_argument("session::sign_in needs a token_set with an access token");
    if (auto saved = impl_->options.store->save(tokens); !saved) return saved;
    bool changed = false;
    {
        const std::lock_guard lock(impl_->mutex);
        impl_->tokens = std::move(tokens);
        ++impl_->generation;
        changed = impl_->move_to_locked(auth_state::authenticated);
    }
    if (changed) impl_->announce(auth_state::authenticated);
    return {};
}

result<void> session::sign_out() {
    auto cleared = impl_->options.store->clear();
    bool changed = false;
    {
        const std::lock_guard lock(impl_->mutex);
        impl_->tokens.reset();
        ++impl_->generation;
        changed = impl_->move_to_locked(auth_state::unauthenticated);
    }
    if (changed) impl_->announce(auth_state::unauthenticated);
    return cleared;
}

std::optional<token_set> session::tokens() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->tokens;
}

auth_state session::state() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->state;
}

std::shared_ptr<void> session::observe(std::function<void(auth_state)> on_change) {
    auto holder = std::make_shared<std::function<void(auth_state)>>(std::move(on_change));
    const std::lock_guard lock(impl_->mutex);
    impl_->observers.push_back(holder);
    return holder;
}

}  // namespace tether::auth
