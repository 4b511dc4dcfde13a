#pragma once
// The clients the benchmark compares. Each runs `config.concurrency`
// closed-loop request slots on the calling thread (one event loop, no
// helper threads) for the warm-up and the window, and returns its figures.

#include "load_config.hpp"
#include "load_result.hpp"

#include <tether/http/client_options.hpp>

namespace tether::bench {

// tether::http::client on an io_context the caller's thread runs, with
// `pass_through_interceptors` interceptors that only call proceed(), over
// the curl transport ("tether") or the native one ("native").
[[nodiscard]] load_result run_tether_load(const load_config& config, int pass_through_interceptors,
                                          http::transport_kind transport);

// libcurl's multi interface driven directly: one reused easy handle per
// slot, curl_multi_perform + curl_multi_poll. What tether adds on top of
// its own transport shows up as the difference to this.
[[nodiscard]] load_result run_raw_curl_load(const load_config& config);

// Boost.Beast coroutines, one keep-alive tcp_stream each: about the least
// a C++ HTTP/1.1 client on Asio can do per request.
[[nodiscard]] load_result run_raw_beast_load(const load_config& config);

}  // namespace tether::bench
