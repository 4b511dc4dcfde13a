#pragma once
// The token store file's JSON document:
//
//   {"format": "tether-token-store", "version": 1,
//    "tokens": {"access_token": "...", "token_type": "Bearer",
//               "refresh_token": "...", "id_token": "...",
//               "expires_at": 1700000000, "scopes": ["openid", "email"]}}
//
// refresh_token, id_token and expires_at are left out when absent; members
// this version does not know are ignored, so that a later version 1 writer
// may add optional ones.

#include <tether/auth/token.hpp>
#include <tether/core/result.hpp>

#include <string>
#include <string_view>

namespace tether::auth::detail {

inline constexpr std::string_view token_file_format = "tether-token-store";
inline constexpr int token_file_version = 1;

// The document for `tokens`. expires_at is stored in whole seconds, rounded
// down (an expiry a fraction early is harmless; late is not).
std::string encode_token_file(const token_set& tokens);

// The tokens in `text`. Otherwise errc::io_failed saying what is wrong with
// "the token file '<path>'" (`where`) — not JSON, not a tether token store,
// a newer version, a member of the wrong type — without quoting any of the
// file's content, which holds secrets.
result<token_set> decode_token_file(std::string_view text, const std::string& where);

// Whether `text` is at least meant to be a tether token store (a JSON
// object with the format marker), however damaged its other members. Tells
// our own damaged file, which clear() may remove, from another
// application's file, which we never touch.
bool has_token_file_marker(std::string_view text);

}  // namespace tether::auth::detail
