#pragma once
/// @file
/// `tether::testing::recorded_request`: what the mock server received.

#include <tether/http/headers.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tether::testing {

/// A request as the mock server received it, for assertions.
struct recorded_request {
    std::string method;
    /// The request target as sent: origin-form ("/a?b=c"), or absolute-form
    /// ("http://host/a") when the client spoke to the server as a proxy.
    std::string target;
    /// The path of the target, still percent-encoded.
    std::string path;
    /// The query of the target without '?', still percent-encoded.
    std::string query;
    std::string version;  ///< "HTTP/1.1"
    http::headers headers;
    std::string body;
    /// 1 for the first connection the server accepted, 2 for the next ...
    std::uint64_t connection = 0;
    /// Over TLS: whether the connection resumed an earlier TLS session
    /// (abbreviated handshake, no certificates exchanged).
    bool tls_session_resumed = false;
    /// Over mutual TLS: the subject of the client's certificate
    /// ("O=tether tests, CN=tether test client"); empty without one.
    std::string client_certificate_subject{};
    /// Values of `{name}` segments of the matched route.
    std::map<std::string, std::string, std::less<>> params;

    /// The decoded value of query parameter `name` ('+' as space), if present.
    [[nodiscard]] std::optional<std::string> query_param(std::string_view name) const;
};

}  // namespace tether::testing
