#pragma once
/// @file
/// Where the servers started by the interop fixtures listen
/// (tests/interop/fixtures/*_start.sh write their ports into TETHER_INTEROP_DIR).

#include <filesystem>
#include <string>
#include <string_view>

namespace tether::interop {

/// httpbin over plain HTTP, e.g. `httpbin_url("/get")` is
/// "http://127.0.0.1:<port>/get".
[[nodiscard]] std::string httpbin_url(std::string_view path);

/// The same httpbin spelled "localhost": the same server but another origin,
/// since origins compare hosts as strings (RFC 6454 §5).
[[nodiscard]] std::string httpbin_url_via_localhost(std::string_view path);

/// nginx over TLS (HTTP/2 by ALPN), certificate for 127.0.0.1 and localhost.
[[nodiscard]] std::string nginx_https_url(std::string_view path);

/// The same nginx spelled "localhost".
[[nodiscard]] std::string nginx_https_url_via_localhost(std::string_view path);

/// nginx over plain HTTP on another port, with the same locations.
[[nodiscard]] std::string nginx_http_url(std::string_view path);

/// The private CA that signed nginx's certificate, as a PEM file and as text.
[[nodiscard]] std::filesystem::path nginx_ca_file();
[[nodiscard]] std::string nginx_ca_pem();

}  // namespace tether::interop
