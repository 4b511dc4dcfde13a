#pragma once
/// @file
/// `tether::auth::decode_jwt_unverified`: what a JWT says, read WITHOUT
/// checking who said it.

#include <tether/core/result.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::auth {

/// The JOSE header of a JWT (RFC 7515 §4.1): which algorithm and key the
/// issuer says it signed with. Empty strings: the member is absent.
struct jwt_header {
    std::string alg;  ///< e.g. "RS256"; always present (RFC 7515 §4.1.1 requires it)
    std::string kid;  ///< the signing key's id in the issuer's JWKS
    std::string typ;  ///< e.g. "JWT", "at+jwt" (RFC 9068)

    friend bool operator==(const jwt_header&, const jwt_header&) = default;
};

/// The registered claims of a JWT (RFC 7519 §4.1, and OpenID Connect's
/// `nonce`) and the whole payload. Empty strings and unset times: the claim
/// is absent.
///
/// @warning Nothing here is verified: not the signature, not the issuer, not
/// the audience, not the expiry. Anyone can write a token with any claims.
/// Use these values only for decisions a forged token cannot abuse — when to
/// refresh your own token, what to show in a UI — never to grant access.
/// Signature verification (against the issuer's JWKS) is a separate step.
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
struct jwt_claims {
    jwt_header header;
    std::string iss;                ///< issuer
    std::string sub;                ///< subject
    std::vector<std::string> aud;   ///< audiences; a single string becomes one element
    std::optional<std::chrono::system_clock::time_point> exp;  ///< expiry
    std::optional<std::chrono::system_clock::time_point> iat;  ///< issued at
    std::optional<std::chrono::system_clock::time_point> nbf;  ///< not before
    std::string nonce;              ///< OpenID Connect Core §2: echoes the authorization request's nonce
    boost::json::object payload;    ///< every claim, registered or not, as the token carries it
};

/// Reads a JWS-compact JWT (`header.payload.signature`, RFC 7519 §3)
/// WITHOUT VERIFYING ANYTHING: the signature is not checked (it is only
/// required to be well-formed base64url, and may be empty), nor `exp`,
/// `nbf`, `iss` or `aud`. The result says what the token claims, not what is
/// true; see the warning on `jwt_claims`.
///
/// The segments are base64url with or without padding; the header and the
/// payload must be JSON objects, and the header must name its `alg`.
/// NumericDate claims (`exp`, `iat`, `nbf`) must be numbers of seconds since
/// 1970 (fractions allowed, RFC 7519 §2) that `system_clock` can hold
/// (±292 years with libstdc++); `aud` a
/// string or an array of strings; `iss`, `sub`, `nonce` strings. Anything
/// else — a JWE (five segments), bad base64url, invalid JSON, a claim of the
/// wrong type — gives errc::decode_failed, whose message names the segment or
/// the claim and never contains the token.
///
/// @par Example
/// @code
/// auto claims = auth::decode_jwt_unverified(tokens.id_token);
/// if (claims) show_signed_in_as(claims->sub);   // display only: unverified
/// @endcode
///
/// @par Thread Safety
/// Safe to call from many threads at once.
[[nodiscard]] result<jwt_claims> decode_jwt_unverified(std::string_view token);

/// The `exp` claim of `token`, read as `decode_jwt_unverified` reads it;
/// nullopt when the token is not a readable JWT or has no `exp`. Used to
/// fill `token_set::expires_at` when a server omits `expires_in`: the token
/// is refreshed on time either way, and a forged `exp` only moves the moment
/// we refresh our own token.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> jwt_expiry(std::string_view token);

}  // namespace tether::auth
