#pragma once
/// @file
/// Where a response body goes: buffered (the default), a file, or a callback.

#include <tether/core/result.hpp>
#include <tether/http/headers.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string_view>

namespace tether::http {

/// Receives one response body chunk by chunk.
class body_writer {
public:
    /// Destroyed without `finish()` when the exchange failed: discard the
    /// partial result (e.g. delete a temporary file).
    virtual ~body_writer() = default;
    [[nodiscard]] virtual result<void> write(std::string_view chunk) = 0;
    /// Called once after the last chunk when the body arrived whole.
    [[nodiscard]] virtual result<void> finish() = 0;
};

/// Decides, once the status and headers are in, where the body goes.
///
/// The transport calls `open` for every response it receives (also for
/// redirects that will be followed, which the redirect follower keeps out of
/// user sinks). Returning null buffers the body into `response::body()`.
/// Sinks wrap: an interceptor may install a sink that delegates to the one
/// it found in `call_options`.
///
/// @par Thread Safety
/// `open` and the writer are called on the transport's thread, one
/// exchange at a time per writer.
class response_sink {
public:
    virtual ~response_sink() = default;
    [[nodiscard]] virtual result<std::unique_ptr<body_writer>> open(int status, const headers& fields) = 0;
};

/// Streams a 2xx body to `path`: written to `path` + ".part" and renamed when
/// complete, so a failed download never leaves a truncated file behind.
/// Other statuses are buffered so that the error can be read.
[[nodiscard]] std::shared_ptr<response_sink> file_sink(std::filesystem::path path);

/// Hands each chunk of a 2xx body to `on_chunk`; returning false stops the
/// transfer with errc::cancelled. Other statuses are buffered.
[[nodiscard]] std::shared_ptr<response_sink> callback_sink(std::function<bool(std::string_view chunk)> on_chunk);

}  // namespace tether::http
