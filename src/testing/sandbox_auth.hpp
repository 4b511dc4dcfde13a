#pragma once
// The sandbox's token endpoints: password login, refresh with rotation,
// logout, and a resource that wants a valid access token.

#include <tether/testing/mock_response.hpp>
#include <tether/testing/recorded_request.hpp>
#include <tether/testing/sandbox.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>

namespace tether::testing::detail {

/// POST /auth/login, POST /auth/refresh, POST /auth/logout, GET /auth/me.
///
/// @par Thread Safety
/// May be called from any thread.
class auth_server {
public:
    mock_response login(const recorded_request& req);
    mock_response refresh(const recorded_request& req);
    mock_response logout(const recorded_request& req);
    mock_response me(const recorded_request& req);

    void configure(sandbox_auth_settings settings);
    [[nodiscard]] sandbox_auth_settings settings() const;
    void expire_access_tokens();
    [[nodiscard]] sandbox_auth_stats stats() const;

private:
    mock_response issue_locked(const std::string& user);
    std::string fresh_token_locked(std::string_view prefix);

    mutable std::mutex mutex_;
    sandbox_auth_settings settings_;
    sandbox_auth_stats stats_;
    std::map<std::string, std::string> access_tokens_;   // token → user
    std::map<std::string, std::string> refresh_tokens_;  // live refresh token → user
    std::set<std::string> spent_refresh_tokens_;
    std::mt19937_64 random_{std::random_device{}()};
};

}  // namespace tether::testing::detail
