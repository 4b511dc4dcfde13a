#pragma once
/// @file
/// `tether::auth::bearer_interceptor`: the session's access token on every
/// request to its origins, refreshed once when a server refuses it.

#include <tether/auth/session.hpp>
#include <tether/http/interceptor.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tether::auth {

struct bearer_options {
    /// The origins the token is for, e.g. "https://api.example.com" (scheme,
    /// host and port; default ports may be left out). Requests to any other
    /// origin go without it. Must not be empty.
    std::vector<std::string> origins;
};

/// Adds `Authorization: <type> <access token>` to requests for `options.origins`
/// that carry none. Before sending, a token about to expire is refreshed
/// (`session::current`); on a 401 the session refreshes — one refresh for
/// all the calls refused at once — and the request goes once more with the
/// new token (a second 401 is the answer). When the refresh ends the
/// session, the call fails with errc::unauthorized. Requests whose body
/// cannot be sent twice get the 401 back instead of a replay.
///
/// Put it inside a retry interceptor (after it in the list): each attempt
/// then takes the current token.
///
/// Throws std::invalid_argument for a null session, no origins or an origin
/// that is not an absolute http(s) URL.
[[nodiscard]] std::shared_ptr<http::interceptor> bearer_interceptor(std::shared_ptr<session> s,
                                                                   bearer_options options);

}  // namespace tether::auth
