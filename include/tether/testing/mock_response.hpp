#pragma once
/// @file
/// `tether::testing::mock_response`: a scripted answer, with faults.

#include <tether/http/headers.hpp>

#include <boost/json/fwd.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

namespace tether::testing {

namespace detail {
struct mock_response_access;
}

/// What the mock server does with one request: answer with a status, headers
/// and body, possibly badly — late, slowly, half, or not at all (the faults
/// of OkHttp's MockWebServer SocketPolicy).
///
/// @code
/// server.enqueue(mock_response::json({{"id", 1}}));
/// server.enqueue(mock_response(503).header("Retry-After", "1"));
/// server.enqueue(mock_response().body(std::string(1 << 20, 'x')).drop_after(1000));
/// @endcode
class mock_response {
public:
    /// Content encodings the server can apply to the body.
    enum class encoding { identity, gzip, deflate, br };

    explicit mock_response(int status = 200);
    /// `value` serialized, with Content-Type: application/json.
    static mock_response json(const boost::json::value& value, int status = 200);
    /// `text` with Content-Type: text/plain; charset=utf-8.
    static mock_response text(std::string text, int status = 200);

    mock_response& status(int s);
    mock_response& reason(std::string r);
    mock_response& header(std::string name, std::string value);
    mock_response& body(std::string b);
    /// Sends the body with Transfer-Encoding: chunked, `chunk_size` bytes a chunk.
    mock_response& chunked(std::size_t chunk_size = 1024);
    /// Compresses the body and sets Content-Encoding.
    mock_response& encode(encoding e);
    /// Sends no Content-Length and closes after the body (RFC 9112 §6.3 rule 8).
    mock_response& until_close();
    /// Closes the connection after this response.
    mock_response& close();

    // ---- faults ----
    /// Waits before sending the headers.
    mock_response& delay(std::chrono::milliseconds before_headers);
    /// Sends the body `bytes` at a time with `every` between slices.
    mock_response& throttle(std::size_t bytes, std::chrono::milliseconds every);
    /// Sends the headers and the first `body_bytes` of the body, then closes.
    mock_response& drop_after(std::size_t body_bytes);
    /// Resets the connection (TCP RST) instead of answering.
    mock_response& reset();
    /// Never answers; holds the connection open until the client gives up.
    mock_response& hang();
    /// Writes `bytes` verbatim instead of a response (for malformed
    /// answers), then closes.
    mock_response& raw(std::string bytes);

    [[nodiscard]] int status() const noexcept { return status_; }
    [[nodiscard]] const std::string& body() const noexcept { return body_; }
    [[nodiscard]] const http::headers& headers() const noexcept { return headers_; }

private:
    friend struct detail::mock_response_access;

    int status_;
    std::string reason_;
    http::headers headers_;
    std::string body_;
    std::optional<std::size_t> chunk_size_;
    encoding encoding_ = encoding::identity;
    bool until_close_ = false;
    bool close_ = false;
    std::chrono::milliseconds delay_{0};
    std::size_t throttle_bytes_ = 0;
    std::chrono::milliseconds throttle_every_{0};
    std::optional<std::size_t> drop_after_;
    bool reset_ = false;
    bool hang_ = false;
    std::optional<std::string> raw_;
};

}  // namespace tether::testing
