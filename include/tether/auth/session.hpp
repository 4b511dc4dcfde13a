#pragma once
/// @file
/// `tether::auth::session`: the tokens of one signed-in user, refreshed
/// before they expire and when a server refuses them — once, however many
/// calls notice at the same time.

#include <tether/auth/token.hpp>
#include <tether/auth/token_store.hpp>
#include <tether/core/result.hpp>
#include <tether/http/task.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tether::auth {

enum class auth_state {
    unauthenticated,  ///< no tokens: sign in
    authenticated,    ///< tokens that are (as far as is known) valid
    refreshing,       ///< a refresh is running; calls wait for it
};

[[nodiscard]] std::string_view to_string(auth_state s) noexcept;

/// Gets new tokens for `current` (a refresh-token grant, a client-credentials
/// grant ...). Its failure decides what happens to the session: errc
/// unauthorized, forbidden or validation_failed (e.g. OAuth `invalid_grant`)
/// end it — tokens cleared, state unauthenticated; any other error (network,
/// timeout, 5xx: give the refresher's client a retry interceptor for those)
/// leaves the tokens in place for the next try.
using token_refresher = std::function<task<result<token_set>>(token_set current)>;

struct session_options {
    /// Where the tokens live; unset: in memory.
    std::shared_ptr<token_store> store;
    /// Unset: tokens are never refreshed, and a refused token is the caller's answer.
    token_refresher refresh;
    /// Refresh this long before the access token expires.
    std::chrono::seconds refresh_skew{60};
    /// Told when refreshed tokens could not be stored (they still serve
    /// this process, but will not outlive it).
    std::function<void(const error&)> on_store_error;
    /// The wall clock expiry is judged by; unset: system_clock. Tests set it.
    std::function<std::chrono::system_clock::time_point()> now;
};

/// An access token ready for a request, and the generation it belongs to.
struct token_grant {
    /// The Authorization value, e.g. "Bearer eyJ...".
    std::string authorization;
    /// Counts token changes; a call that was refused with an older
    /// generation's token just retries with the current one.
    std::uint64_t generation = 0;
};

/// One user's session, shared by every interceptor and connection that
/// authenticates as that user (HTTP now, WebSocket handshakes later).
///
/// @code
/// auto s = auth::session::create({.store = auth::open_file_token_store(path).value(),
///                                 .refresh = service.refresher()});
/// opts.interceptors.push_back(auth::bearer_interceptor(s, {.origins = {"https://api.example.com"}}));
/// auto watch = s->observe([](auth::auth_state st) { if (st == auth::auth_state::unauthenticated) show_login(); });
/// @endcode
///
/// @par Thread Safety
/// Every member may be called from many threads and coroutines at once.
class session {
public:
    /// Loads the stored tokens (a store that cannot be read is an error).
    [[nodiscard]] static result<std::shared_ptr<session>> create(session_options options = {});

    /// The current token, refreshed first when it expires within the skew;
    /// nullopt when signed out. Fails with errc::unauthorized when a needed
    /// refresh ended the session.
    [[nodiscard]] task<result<std::optional<token_grant>>> current();

    /// A token newer than `generation`: the current one when it already is,
    /// else the outcome of a refresh — one refresh for all the calls that ask
    /// at once. Fails with errc::unauthorized when the session ended (or
    /// there is no refresher), and with the refresher's error otherwise.
    [[nodiscard]] task<result<token_grant>> refresh_after(std::uint64_t generation);

    /// Whether refused tokens can be refreshed.
    [[nodiscard]] bool can_refresh() const noexcept;

    /// Stores `tokens` (after a sign-in) and becomes authenticated.
    [[nodiscard]] result<void> sign_in(token_set tokens);
    /// Clears the tokens and becomes unauthenticated.
    [[nodiscard]] result<void> sign_out();

    /// The tokens as they stand (e.g. for revocation at sign-out).
    [[nodiscard]] std::optional<token_set> tokens() const;
    [[nodiscard]] auth_state state() const;

    /// Calls `on_change` on each state change (on the thread that caused
    /// it) for as long as the returned handle is kept.
    [[nodiscard]] std::shared_ptr<void> observe(std::function<void(auth_state)> on_change);

    struct impl;
    explicit session(std::shared_ptr<impl> state) noexcept : impl_(std::move(state)) {}

private:
    std::shared_ptr<impl> impl_;
};

}  // namespace tether::auth
