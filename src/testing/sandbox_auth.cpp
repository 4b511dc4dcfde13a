#include "sandbox_auth.hpp"

#include "sandbox_common.hpp"

#include <cstdio>

namespace tether::testing::detail {

namespace {

// RFC 6749 §5.2: {"error": ..., "error_description": ...}.
mock_response oauth_error(int status, std::string code, std::string description) {
    return mock_response::json(json::object{{"error", std::move(code)}, {"error_description", std::move(description)}},
                               status)
        .header("Cache-Control", "no-store");
}

std::optional<std::string> string_field(const recorded_request& req, std::string_view name) {
    auto body = parse_body(req);
    if (!body || !body->is_object()) return std::nullopt;
    const auto* v = body->as_object().if_contains(name);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

std::optional<std::string> bearer_of(const recorded_request& req) {
    auto h = req.headers.get("Authorization");
    if (!h || !h->starts_with("Bearer ")) return std::nullopt;
    return std::string(h->substr(7));
}

mock_response unauthorized(std::string why) {
    return mock_response::json(json::object{{"error", "invalid_token"}, {"error_description", why}}, 401)
        .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
}

}  // namespace

std::string auth_server::fresh_token_locked(std::string_view prefix) {
    char text[40];
    std::snprintf(text, sizeof text, "%.*s-%016llx", static_cast<int>(prefix.size()), prefix.data(),
                  static_cast<unsigned long long>(random_()));
    return text;
}

mock_response auth_server::issue_locked(const std::string& user) {
    auto access = fresh_token_locked("at");
    auto refresh = fresh_token_locked("rt");
    access_tokens_[access] = user;
    refresh_tokens_[refresh] = user;
    return mock_response::json(json::object{{"access_token", access},
                                            {"refresh_token", refresh},
                                            {"token_type", "Bearer"},
                                            {"expires_in", settings_.access_token_lifetime.count()}})
        .header("Cache-Control", "no-store");
}

mock_response auth_server::login(const recorded_request& req) {
    auto user = string_field(req, "username");
    auto password = string_field(req, "password");
    const std::lock_guard lock(mutex_);
    ++stats_.logins;
    if (!user || user->empty() || !password || *password != settings_.password) {
        return oauth_error(401, "invalid_grant", "unknown user or wrong password");
    }
    return issue_locked(*user);
}

mock_response auth_server::refresh(const recorded_request& req) {
    auto token = string_field(req, "refresh_token");
    std::chrono::milliseconds delay{0};
    mock_response answer;
    {
        const std::lock_guard lock(mutex_);
        ++stats_.refreshes;
        delay = settings_.refresh_delay;
        if (settings_.refresh_fails_with != 0) {
            answer = settings_.refresh_fails_with == 400 || settings_.refresh_fails_with == 401
                         ? oauth_error(settings_.refresh_fails_with, "invalid_grant", "the refresh token was revoked")
                         : oauth_error(settings_.refresh_fails_with, "server_error", "try again later");
        } else if (!token) {
            answer = oauth_error(400, "invalid_request", "refresh_token is missing");
        } else if (auto it = refresh_tokens_.find(*token); it != refresh_tokens_.end()) {
            // Rotation: the old refresh token is spent.
            const auto user = it->second;
            refresh_tokens_.erase(it);
            spent_refresh_tokens_.insert(*token);
            answer = issue_locked(user);
        } else {
            if (spent_refresh_tokens_.count(*token)) ++stats_.reused_refresh_tokens;
            answer = oauth_error(400, "invalid_grant", "the refresh token is unknown, spent or revoked");
        }
    }
    if (delay.count() > 0) answer.delay(delay);
    return answer;
}

mock_response auth_server::logout(const recorded_request& req) {
    auto token = bearer_of(req);
    const std::lock_guard lock(mutex_);
    if (!token || !access_tokens_.count(*token)) return unauthorized("a valid access token is required");
    const auto user = access_tokens_[*token];
    std::erase_if(access_tokens_, [&](const auto& kv) { return kv.second == user; });
    std::erase_if(refresh_tokens_, [&](const auto& kv) { return kv.second == user; });
    return mock_response(204);
}

mock_response auth_server::me(const recorded_request& req) {
    auto token = bearer_of(req);
    const std::lock_guard lock(mutex_);
    ++stats_.protected_requests;
    if (!token) return unauthorized("an access token is required");
    auto it = access_tokens_.find(*token);
    if (it == access_tokens_.end()) {
        ++stats_.rejected_tokens;
        return unauthorized("the access token expired or is unknown");
    }
    return mock_response::json(json::object{{"username", it->second}});
}

void auth_server::configure(sandbox_auth_settings settings) {
    const std::lock_guard lock(mutex_);
    settings_ = std::move(settings);
}

sandbox_auth_settings auth_server::settings() const {
    const std::lock_guard lock(mutex_);
    return settings_;
}

void auth_server::expire_access_tokens() {
    const std::lock_guard lock(mutex_);
    access_tokens_.clear();
}

sandbox_auth_stats auth_server::stats() const {
    const std::lock_guard lock(mutex_);
    return stats_;
}

}  // namespace tether::testing::detail
