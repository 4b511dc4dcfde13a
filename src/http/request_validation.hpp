#pragma once
// The checks every request passes before a transport sees it.

#include <tether/core/result.hpp>
#include <tether/http/request.hpp>

namespace tether::http::detail {

// Fails with invalid_url, unsupported_scheme or invalid_header when `req`
// cannot be sent safely: a URL that does not parse or has no host, a scheme
// other than http/https, a method or header name that is not a token
// (RFC 9110 §5.6.2), or a header value with CR, LF or NUL, which would let
// it inject headers or split the request (RFC 9110 §5.5).
result<void> validate_request(const request& req);

}  // namespace tether::http::detail
