#pragma once
/// @file
/// `tether::http::transport`: the last link of the chain, which moves bytes.

#include <tether/core/result.hpp>
#include <tether/http/call_options.hpp>
#include <tether/http/request.hpp>
#include <tether/http/response.hpp>
#include <tether/http/task.hpp>

namespace tether::http {

/// Performs one HTTP exchange: no redirects, no retries, no status policy.
///
/// The request arrives resolved (absolute URL, final headers, validated).
/// A transport honours the timeouts, sink, progress callbacks and
/// cancellation of `call_options`, reports failures as typed errors that
/// carry the request's method and URL (`error::with_request`), and is safe
/// to call from many threads and coroutines at once. The curl transport is
/// the default; see `client_options::transport`.
class transport {
public:
    virtual ~transport() = default;
    [[nodiscard]] virtual task<result<response>> send(request req, call_options options) = 0;
};

}  // namespace tether::http
