#pragma once
/// @file
/// `tether::auth::auth_service`: the classic login / refresh / logout
/// endpoints of an API that issues its own tokens.

#include <tether/auth/session.hpp>
#include <tether/auth/token.hpp>
#include <tether/http/client.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace tether::auth {

/// Where the endpoints are and how their JSON names things.
struct auth_endpoints {
    std::string login = "auth/login";      ///< POST {username, password} → tokens
    std::string refresh = "auth/refresh";  ///< POST {refresh_token} → tokens
    std::string logout = "auth/logout";    ///< POST with the access token
    std::string username_field = "username";
    std::string password_field = "password";
    std::string access_token_field = "access_token";
    std::string refresh_token_field = "refresh_token";
    std::string token_type_field = "token_type";
    std::string expires_in_field = "expires_in";
};

/// Talks to the endpoints through `client`, which must not carry the
/// bearer interceptor of the session these tokens are for (give it a retry
/// interceptor instead, so that a refresh rides out a network blip).
///
/// @code
/// auth::auth_service service(auth_client, {});
/// auto s = auth::session::create({.store = store, .refresh = service.refresher()}).value();
/// auto tokens = co_await service.login("ada", password);
/// if (tokens) (void)s->sign_in(*tokens);
/// @endcode
class auth_service {
public:
    auth_service(http::client client, auth_endpoints endpoints = {},
                 std::function<std::chrono::system_clock::time_point()> now = {});

    /// Signs in with a user name and password. Wrong credentials give
    /// errc::unauthorized or validation_failed with the server's description;
    /// an answer without an access token gives errc::decode_failed.
    [[nodiscard]] task<result<token_set>> login(std::string username, std::string password) const;
    /// Exchanges the refresh token for new tokens; a refresh token the
    /// answer leaves out is kept (servers without rotation).
    [[nodiscard]] task<result<token_set>> refresh(token_set current) const;
    /// For `session_options::refresh`.
    [[nodiscard]] token_refresher refresher() const;
    /// Tells the server to revoke the tokens.
    [[nodiscard]] task<result<void>> logout(token_set current) const;

private:
    [[nodiscard]] task<result<token_set>> request_tokens(std::string path, boost::json::object body,
                                                         token_set previous) const;

    http::client client_;
    auth_endpoints endpoints_;
    std::function<std::chrono::system_clock::time_point()> now_;
};

}  // namespace tether::auth
