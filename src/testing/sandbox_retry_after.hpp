#pragma once
// The sandbox's /retry-after/{seconds}: throttles a client N times with a
// Retry-After, then lets it through.

#include <tether/testing/mock_response.hpp>
#include <tether/testing/recorded_request.hpp>

#include <map>
#include <mutex>
#include <string>

namespace tether::testing::detail {

/// The handler of GET /retry-after/{seconds} and its per-client counts.
///
/// @par Thread Safety
/// May be called from any thread.
class retry_after_limiter {
public:
    mock_response answer(const recorded_request& req);

private:
    std::mutex mutex_;
    std::map<std::string, std::int64_t> throttled_;  // per client key, path and form
};

}  // namespace tether::testing::detail
