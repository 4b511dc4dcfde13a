#pragma once
// What the tether command's exit status says (documented in README.md):
//   0   success
//   1   any other failure (decode, policy, internal, local I/O)
//   2   usage: bad arguments, an invalid URL, header or body
//   3   network: DNS, refused, reset, TLS (pinning too), proxy, malformed response
//   4   timeout
//   5   the server answered 4xx
//   6   the server answered 5xx
//   130 cancelled with Ctrl-C

#include <tether/core/error.hpp>

namespace tether::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;
inline constexpr int exit_network = 3;
inline constexpr int exit_timeout = 4;
inline constexpr int exit_client_error = 5;
inline constexpr int exit_server_error = 6;
inline constexpr int exit_cancelled = 130;

int exit_status_for(const error& e) noexcept;

}  // namespace tether::cli
