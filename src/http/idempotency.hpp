#pragma once
// Whether a request may reach the server twice without harm: the one rule
// the retry interceptor and the transports' replay of requests lost on a
// dead kept-alive connection share (RFC 9110 §9.2.2).

#include <tether/http/request.hpp>

namespace tether::http::detail {

// An idempotent method (GET, HEAD, OPTIONS, PUT, DELETE, TRACE), or POST or
// PATCH with an Idempotency-Key header.
[[nodiscard]] bool may_be_sent_twice(const request& req) noexcept;

}  // namespace tether::http::detail
