#pragma once
// Where an HTTP/1.1 request goes and the bytes of its head: request line,
// Host, the request's headers and the framing the transport owns.

#include <tether/core/result.hpp>
#include <tether/http/request.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether::http::native {

/// The parts of an absolute http(s) URL a connection and a request line need.
struct request_target {
    bool secure = false;
    std::string host;  ///< lower case; an IPv6 literal without brackets
    std::uint16_t port = 0;
    bool ip_literal = false;
    std::string origin;       ///< "https://host:port": what connections are pooled by
    std::string host_header;  ///< the Host field: the port only when not the scheme's default
    std::string target;       ///< origin-form: path and query, "/" at least
    std::string credentials;  ///< "user:password" from the URL's user-info, decoded; empty if none
};

/// Splits a validated absolute URL; errc::invalid_url or unsupported_scheme
/// for anything else.
[[nodiscard]] result<request_target> parse_request_target(std::string_view url);

/// How the body is framed on the wire.
struct body_framing {
    bool sends_body = false;
    std::optional<std::uint64_t> length;  ///< unset: chunked
};

/// The framing for `req`: PUT, POST and PATCH always carry a body (an empty
/// one announced with Content-Length: 0, RFC 9110 §8.6).
[[nodiscard]] body_framing framing_for(const request& req, std::optional<std::uint64_t> body_size);

/// The request line and header section, ending with the empty line.
/// Content-Length and Transfer-Encoding come from `framing`, never from the
/// request's headers (a stale one would corrupt the message, RFC 9112 §6.3).
/// `accept_encoding` asks for gzip, deflate and br unless the request says
/// what it accepts.
[[nodiscard]] std::string request_head(const request& req, const request_target& where, const body_framing& framing,
                                       bool accept_encoding);

}  // namespace tether::http::native
