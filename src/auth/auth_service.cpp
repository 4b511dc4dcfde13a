#include <tether/auth/auth_service.hpp>

#include <boost/json.hpp>

namespace tether::auth {

namespace json = boost::json;

auth_service::auth_service(http::client client, auth_endpoints endpoints,
                           std::function<std::chrono::system_clock::time_point()> now)
    : client_(std::move(client)), endpoints_(std::move(endpoints)), now_(std::move(now)) {
    if (!now_) now_ = [] { return std::chrono::system_clock::now(); };
}

task<result<token_set>> auth_service::request_tokens(std::string path, json::object body, token_set previous) const {
    auto answer = co_await client_.send(http::request::post(std::move(path), http::body::json(body)));
    if (!answer) co_return std::move(answer).error();
    auto parsed = answer->json();
    if (!parsed) co_return std::move(parsed).error();
    const auto* fields = parsed->if_object();
    const auto* access = fields ? fields->if_contains(endpoints_.access_token_field) : nullptr;
    if (!access || !access->is_string() || access->as_string().empty()) {
        co_return error(errc::decode_failed, "the token endpoint's answer has no \"" + endpoints_.access_token_field +
                                                 "\" string; check auth_endpoints::access_token_field");
    }
    token_set tokens;
    tokens.access_token = std::string(access->as_string());
    tokens.refresh_token = std::move(previous.refresh_token);
    if (const auto* refresh = fields->if_contains(endpoints_.refresh_token_field); refresh && refresh->is_string()) {
        tokens.refresh_token = std::string(refresh->as_string());
    }
    if (const auto* type = fields->if_contains(endpoints_.token_type_field); type && type->is_string()) {
        // RFC 6749 §7.1: the type is case-insensitive; send it as "Bearer".
        std::string t(type->as_string());
        tokens.token_type = (t.size() == 6 && (t[0] == 'b' || t[0] == 'B') && t.substr(1) == "earer") ? "Bearer" : t;
    }
    if (const auto* expires = fields->if_contains(endpoints_.expires_in_field); expires && expires->is_number()) {
        boost::system::error_code ec;
        const auto seconds = expires->to_number<std::int64_t>(ec);
        if (!ec && seconds >= 0) tokens.expires_at = now_() + std::chrono::seconds(seconds);
    }
    co_return tokens;
}

task<result<token_set>> auth_service::login(std::string username, std::string password) const {
    json::object body{{endpoints_.username_field, username}, {endpoints_.password_field, password}};
    token_set none;
    co_return co_await request_tokens(endpoints_.login, std::move(body), std::move(none));
}

task<result<token_set>> auth_service::refresh(token_set current) const {
    if (current.refresh_token.empty()) {
        co_return error(errc::unauthorized, "there is no refresh token to refresh with; sign in again");
    }
    json::object body{{endpoints_.refresh_token_field, current.refresh_token}};
    co_return co_await request_tokens(endpoints_.refresh, std::move(body), std::move(current));
}

namespace {

// The service travels by value into the coroutine frame, so the refresher
// may be copied and dropped while a refresh runs.
task<result<token_set>> refresh_with(std::shared_ptr<const auth_service> service, token_set current) {
    co_return co_await service->refresh(std::move(current));
}

}  // namespace

token_refresher auth_service::refresher() const {
    return [service = std::make_shared<const auth_service>(*this)](token_set current) {
        return refresh_with(service, std::move(current));
    };
}

task<result<void>> auth_service::logout(token_set current) const {
    auto req = http::request::post(endpoints_.logout);
    req.headers().set("Authorization", (current.token_type.empty() ? "Bearer" : current.token_type) + " " +
                                           current.access_token);
    auto answer = co_await client_.send(std::move(req));
    if (!answer) co_return std::move(answer).error();
    co_return result<void>{};
}

}  // namespace tether::auth
