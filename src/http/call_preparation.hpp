#pragma once
// What the client does to a request before the chain sees it: resolve the
// URL against the base URL, merge default headers, and resolve the call's
// options from the request's and the client's.

#include <tether/core/result.hpp>
#include <tether/http/client_options.hpp>
#include <tether/http/request.hpp>

namespace tether::http::detail {

struct prepared_call {
    request req;
    call_options options;
    status_policy accept_status;
};

result<prepared_call> prepare_call(const client_options& defaults, request req);

// `reference` resolved against `base` (RFC 3986 §5.2), or an invalid_url error.
result<std::string> resolve_url(std::string_view base, std::string_view reference);

}  // namespace tether::http::detail
