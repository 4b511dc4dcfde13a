#pragma once
// The sandbox's outage switch: what happens to requests while the backend
// is "down" (see outage_mode).

#include <tether/testing/sandbox.hpp>

#include <mutex>
#include <optional>
#include <string_view>

namespace tether::testing::detail {

/// Decides, request by request, whether an outage replaces the answer.
///
/// @par Thread Safety
/// Every member may be called from any thread.
class outage_switch {
public:
    /// Switches to `mode` and restarts the every-other count.
    void set(outage_mode mode);
    [[nodiscard]] outage_mode get() const;
    /// The answer that replaces a request's during an outage, or nullopt to
    /// serve the request normally.
    [[nodiscard]] std::optional<mock_response> intercept();

    /// POST /admin/outage and GET /admin/outage.
    mock_response post(const recorded_request& req);
    mock_response describe() const;

private:
    mutable std::mutex mutex_;
    outage_mode mode_ = outage_mode::none;
    std::uint64_t seen_ = 0;
};

[[nodiscard]] std::string_view to_string(outage_mode mode) noexcept;
[[nodiscard]] std::optional<outage_mode> parse_outage_mode(std::string_view text) noexcept;

}  // namespace tether::testing::detail
