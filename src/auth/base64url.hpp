#pragma once
// base64url (RFC 4648 §5): the alphabet of JWTs (RFC 7515 §2) and of PKCE
// code challenges (RFC 7636 §4.2).

#include <tether/core/result.hpp>

#include <string>
#include <string_view>

namespace tether::auth::detail {

// `bytes` in base64url without padding, as JWS (RFC 7515 §2) and PKCE
// (RFC 7636 Appendix A) require.
std::string base64url_encode(std::string_view bytes);

// The bytes `text` encodes. Padding is optional (JWTs omit it, some servers
// add it); when present it must complete the last quantum ("QQ==", not
// "QQ="). Characters outside the URL-safe alphabet, including '+', '/' and
// whitespace, and impossible lengths (4n+1 characters) give
// errc::decode_failed naming the offset, never the text. Nonzero bits left
// over in the last character are ignored, as Go's and Python's decoders
// ignore them.
result<std::string> base64url_decode(std::string_view text);

}  // namespace tether::auth::detail
