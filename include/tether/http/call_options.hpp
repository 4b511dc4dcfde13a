#pragma once
/// @file
/// Per-request settings: what a request may override (`request_options`) and
/// the resolved values every interceptor and transport sees (`call_options`).

#include <tether/http/response_sink.hpp>
#include <tether/http/tags.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

namespace tether::http {

/// Bytes moved so far in one direction.
struct progress {
    std::uint64_t transferred = 0;
    std::optional<std::uint64_t> total;  ///< when the size is known
};

/// Called as bytes move; runs on the transport's thread, keep it short.
using progress_callback = std::function<void(const progress&)>;

/// Decides which statuses are successes at the client's edge; others become
/// typed errors (like Dio's validateStatus). The default accepts 2xx.
using status_policy = std::function<bool(int status)>;

/// The default status policy: 200–299 succeed.
[[nodiscard]] bool default_status_policy(int status) noexcept;

/// What one request may override; unset fields take the client's defaults
/// (like Dio's Options over BaseOptions).
struct request_options {
    std::optional<std::string> base_url;
    std::optional<std::chrono::milliseconds> connect_timeout;
    std::optional<std::chrono::milliseconds> read_timeout;
    /// The whole call, every attempt and redirect included.
    std::optional<std::chrono::milliseconds> total_timeout;
    std::optional<std::uint64_t> max_body_size;
    /// 0 returns redirects as responses.
    std::optional<int> max_redirects;
    std::optional<status_policy> accept_status;
    /// Where the body goes; null buffers it in `response::body()`.
    std::shared_ptr<response_sink> sink;
    progress_callback on_upload_progress;
    progress_callback on_download_progress;
    /// Cancels the call when stop is requested (from any thread).
    std::stop_token cancel;
    /// Values for interceptors (a retry policy for this request, ...).
    http::tags tags;
};

/// The settings of one call, resolved from the request's options and the
/// client's defaults. Interceptors read them from `chain::options()` and may
/// pass changed copies to `chain::proceed`.
struct call_options {
    std::chrono::milliseconds connect_timeout{0};  ///< 0: none
    std::chrono::milliseconds read_timeout{0};     ///< 0: none
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::optional<std::uint64_t> max_body_size;
    int max_redirects = 0;
    bool allow_insecure_redirects = false;
    std::shared_ptr<response_sink> sink;
    progress_callback on_upload_progress;
    progress_callback on_download_progress;
    std::stop_token cancel;
    /// 1 for the first attempt; a retrying interceptor counts up.
    int attempt = 1;
};

}  // namespace tether::http
