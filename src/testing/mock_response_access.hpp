#pragma once
// The mock server's view of a mock_response's script.

#include <tether/testing/mock_response.hpp>

namespace tether::testing::detail {

struct mock_response_access {
    static const std::string& reason(const mock_response& r) { return r.reason_; }
    static const std::optional<std::size_t>& chunk_size(const mock_response& r) { return r.chunk_size_; }
    static mock_response::encoding encoding(const mock_response& r) { return r.encoding_; }
    static bool until_close(const mock_response& r) { return r.until_close_; }
    static bool close(const mock_response& r) { return r.close_; }
    static std::chrono::milliseconds delay(const mock_response& r) { return r.delay_; }
    static std::size_t throttle_bytes(const mock_response& r) { return r.throttle_bytes_; }
    static std::chrono::milliseconds throttle_every(const mock_response& r) { return r.throttle_every_; }
    static const std::optional<std::size_t>& drop_after(const mock_response& r) { return r.drop_after_; }
    static bool reset(const mock_response& r) { return r.reset_; }
    static bool hang(const mock_response& r) { return r.hang_; }
    static const std::optional<std::string>& raw(const mock_response& r) { return r.raw_; }
};

// The body as it goes on the wire, after the content encoding.
std::string encoded_body(const mock_response& r);

}  // namespace tether::testing::detail
