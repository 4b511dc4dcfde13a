#pragma once
/// @file
/// `tether::auth::token_set`: what an authorization server granted.

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace tether::auth {

/// The tokens of one session. The secrets (access, refresh and ID tokens)
/// never appear in `to_string`, in logs or in error messages.
struct token_set {
    std::string access_token;
    std::string refresh_token;  ///< empty: none
    std::string token_type = "Bearer";
    /// When the access token expires (from `expires_in`, or the JWT `exp`
    /// claim); unset: unknown, used until the server answers 401.
    std::optional<std::chrono::system_clock::time_point> expires_at;
    std::vector<std::string> scopes;
    std::string id_token;  ///< OpenID Connect; empty: none

    [[nodiscard]] bool empty() const noexcept { return access_token.empty(); }
    /// Whether the access token expires within `skew` of `now` (false when
    /// the expiry is unknown).
    [[nodiscard]] bool expires_within(std::chrono::seconds skew,
                                      std::chrono::system_clock::time_point now) const noexcept;

    friend bool operator==(const token_set&, const token_set&) = default;
};

/// A description without any secret: type, expiry, scopes, and which
/// tokens are present.
[[nodiscard]] std::string to_string(const token_set& tokens);
std::ostream& operator<<(std::ostream& out, const token_set& tokens);

}  // namespace tether::auth
