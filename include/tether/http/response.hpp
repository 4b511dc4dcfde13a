#pragma once
/// @file
/// `tether::http::response`: what a server answered.

#include <tether/core/result.hpp>
#include <tether/http/headers.hpp>
#include <tether/http/tags.hpp>

#include <boost/json/fwd.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace tether::http {

/// The HTTP version an exchange used.
enum class http_version { unknown, http1_0, http1_1, http2, http3 };

[[nodiscard]] std::string_view to_string(http_version v) noexcept;

/// Where the time of one exchange went, as measured by the transport.
/// `dns`, `connect` and `tls` are the durations of those phases (zero when a
/// connection was reused); `first_byte` and `total` count from the start.
struct timings {
    std::chrono::microseconds dns{0};
    std::chrono::microseconds connect{0};
    std::chrono::microseconds tls{0};
    std::chrono::microseconds first_byte{0};
    std::chrono::microseconds total{0};
    bool reused_connection = false;
};

/// An HTTP response. Inside the interceptor chain every status is a
/// response; the client's status policy turns rejected ones into errors
/// at its edge (the response stays reachable through `error::response()`).
///
/// @code
/// auto r = co_await client.send(http::request::get("/users/1"));
/// if (r) {
///     auto user = r->json();   // result<boost::json::value>
/// }
/// @endcode
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
class response {
public:
    response() = default;
    explicit response(int status, http::headers fields = {}, std::string body = {});

    [[nodiscard]] int status() const noexcept { return status_; }
    response& status(int s) noexcept { status_ = s; return *this; }
    /// The reason phrase the server sent, or the standard one (HTTP/2 sends none).
    [[nodiscard]] std::string_view reason() const noexcept;
    response& reason(std::string r) { reason_ = std::move(r); return *this; }
    /// True for 2xx.
    [[nodiscard]] bool ok() const noexcept { return status_ >= 200 && status_ <= 299; }

    [[nodiscard]] const http::headers& headers() const noexcept { return headers_; }
    [[nodiscard]] http::headers& headers() noexcept { return headers_; }

    /// The body, decompressed; empty when it was streamed to a sink.
    [[nodiscard]] const std::string& body() const noexcept { return body_; }
    [[nodiscard]] std::string& body() noexcept { return body_; }
    response& body(std::string b) { body_ = std::move(b); return *this; }

    /// The body parsed as JSON; invalid JSON gives errc::decode_failed with
    /// the byte offset where parsing stopped.
    [[nodiscard]] result<boost::json::value> json() const;

    /// The URL that produced this response (after redirects).
    [[nodiscard]] const std::string& url() const noexcept { return url_; }
    response& url(std::string u) { url_ = std::move(u); return *this; }

    [[nodiscard]] http_version version() const noexcept { return version_; }
    response& version(http_version v) noexcept { version_ = v; return *this; }

    [[nodiscard]] const http::timings& timings() const noexcept { return timings_; }
    response& timings(const http::timings& t) noexcept { timings_ = t; return *this; }

    /// How many redirects were followed to get here.
    [[nodiscard]] int redirects() const noexcept { return redirects_; }
    response& redirects(int n) noexcept { redirects_ = n; return *this; }

    /// How many attempts the call made to get this response (1 unless an
    /// interceptor retried); an error made from it says the same.
    [[nodiscard]] int attempts() const noexcept { return attempts_; }
    response& attempts(int n) noexcept { attempts_ = n; return *this; }

    /// Values interceptors attach on the way back for those further out
    /// (the cache says where the response came from: `cache_info`).
    [[nodiscard]] const http::tags& tags() const noexcept { return tags_; }
    [[nodiscard]] http::tags& tags() noexcept { return tags_; }

private:
    int status_ = 0;
    std::string reason_;
    http::headers headers_;
    std::string body_;
    std::string url_;
    http_version version_ = http_version::unknown;
    http::timings timings_;
    int redirects_ = 0;
    int attempts_ = 1;
    http::tags tags_;
};

/// The standard reason phrase of `status` (RFC 9110 §15), or "".
[[nodiscard]] std::string_view standard_reason(int status) noexcept;

}  // namespace tether::http
