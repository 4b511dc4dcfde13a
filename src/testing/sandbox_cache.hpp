#pragma once
// The sandbox's cacheable resources (/cache/{name}...): versions, validators
// and how many 200s and 304s each served.

#include <tether/testing/sandbox.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace tether::testing::detail {

/// The handlers of the /cache/ routes and their state.
///
/// @par Thread Safety
/// Every member may be called from any thread.
class cache_resources {
public:
    mock_response get(const recorded_request& req);          // GET /cache/{name}
    mock_response get_vary(const recorded_request& req);     // GET /cache/{name}/vary
    mock_response get_private(const recorded_request& req);  // GET /cache/{name}/private
    mock_response put(const recorded_request& req);          // PUT /cache/{name}
    mock_response stats(const recorded_request& req) const;  // GET /cache/{name}/stats
    [[nodiscard]] sandbox_cache_stats stats_of(std::string_view name) const;

private:
    struct resource {
        std::int64_t version = 1;
        std::chrono::system_clock::time_point last_modified;
        std::uint64_t ok = 0;
        std::uint64_t not_modified = 0;
    };
    // What one GET route adds to the common answer.
    struct representation {
        std::string etag_suffix;  // "-<lang>", "-<user>" or ""
        boost::json::object fields;
        std::string cache_control_prefix;  // "private, " or ""
        std::string vary;
    };

    resource& touch(const std::string& name);  // under mutex_
    mock_response answer(const recorded_request& req, representation rep);

    mutable std::mutex mutex_;
    std::map<std::string, resource, std::less<>> resources_;
};

}  // namespace tether::testing::detail
