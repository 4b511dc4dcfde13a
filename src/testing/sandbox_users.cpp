#include "sandbox_users.hpp"

#include "sandbox_common.hpp"
#include "sandbox_store.hpp"

#include <algorithm>

namespace tether::testing::detail {

namespace {

json::object to_json(const sandbox_user& u) {
    return {{"id", u.id}, {"name", u.name}, {"email", u.email}};
}

// Validates a user body; `partial` (PATCH) allows missing fields.
std::optional<mock_response> validate(const json::value& body, bool partial) {
    if (!body.is_object()) return problem(400, "Bad Request", "the body must be a JSON object");
    const auto& o = body.get_object();
    json::array errors;
    auto check_string = [&](std::string_view field, auto&& rule, std::string_view message) {
        const auto* v = o.if_contains(field);
        if (!v) {
            if (!partial) errors.push_back(field_error(field, "is required"));
            return;
        }
        if (!v->is_string() || !rule(std::string_view(v->get_string()))) errors.push_back(field_error(field, message));
    };
    check_string("name", [](std::string_view s) { return !s.empty() && s.size() <= 100; },
                 "must be a non-empty string of at most 100 characters");
    check_string("email",
                 [](std::string_view s) {
                     auto at = s.find('@');
                     return at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos;
                 },
                 "must be a valid email address");
    if (errors.empty()) return std::nullopt;
    return problem(422, "Validation failed", "some fields are invalid", std::move(errors));
}

sandbox_user* find(sandbox::store& s, const recorded_request& req) {
    auto id = to_int(req.params.at("id"));
    if (!id) return nullptr;
    auto it = s.users.find(*id);
    return it == s.users.end() ? nullptr : &it->second;
}

bool email_taken(const sandbox::store& s, const std::string& email, std::int64_t except) {
    return std::any_of(s.users.begin(), s.users.end(),
                       [&](const auto& entry) { return entry.first != except && entry.second.email == email; });
}

mock_response not_found(const recorded_request& req) {
    return problem(404, "Not Found", "no user with id " + req.params.at("id"));
}

mock_response duplicate(const std::string& email) {
    return problem(409, "Conflict", "a user with email " + email + " already exists");
}

}  // namespace

mock_response users_api::list(const recorded_request& req) const {
    auto page = to_int(req.query_param("page").value_or("1"));
    auto limit = to_int(req.query_param("limit").value_or("10"));
    json::array errors;
    if (!page || *page < 1) errors.push_back(field_error("page", "must be a whole number of at least 1"));
    if (!limit || *limit < 1 || *limit > 100) errors.push_back(field_error("limit", "must be between 1 and 100"));
    if (!errors.empty()) return problem(400, "Bad Request", "invalid query parameters", std::move(errors));
    std::lock_guard lock(store_->mutex);
    json::array data;
    std::int64_t index = 0;
    for (const auto& [id, u] : store_->users) {
        if (index >= (*page - 1) * *limit && index < *page * *limit) data.push_back(to_json(u));
        ++index;
    }
    return mock_response::json(json::object{{"data", std::move(data)},
                                            {"page", *page},
                                            {"limit", *limit},
                                            {"total", static_cast<std::int64_t>(store_->users.size())}});
}

mock_response users_api::get(const recorded_request& req) const {
    std::lock_guard lock(store_->mutex);
    auto* u = find(*store_, req);
    if (!u) return not_found(req);
    return mock_response::json(to_json(*u));
}

mock_response users_api::create(const recorded_request& req) const {
    auto body = parse_body(req);
    if (!body) return problem(400, "Bad Request", "the body is not valid JSON");
    if (auto invalid = validate(*body, false)) return *invalid;
    std::lock_guard lock(store_->mutex);
    sandbox_user u{store_->next_id, std::string(body->at("name").get_string()),
                   std::string(body->at("email").get_string())};
    if (email_taken(*store_, u.email, 0)) return duplicate(u.email);
    ++store_->next_id;
    store_->users[u.id] = u;
    auto r = mock_response::json(to_json(u), 201);
    r.header("Location", "/users/" + std::to_string(u.id));
    return r;
}

mock_response users_api::update(const recorded_request& req, bool partial) const {
    auto body = parse_body(req);
    if (!body) return problem(400, "Bad Request", "the body is not valid JSON");
    if (auto invalid = validate(*body, partial)) return *invalid;
    std::lock_guard lock(store_->mutex);
    auto* u = find(*store_, req);
    if (!u) return not_found(req);
    const auto& o = body->get_object();
    sandbox_user next = *u;
    if (auto* v = o.if_contains("name")) next.name = std::string(v->get_string());
    if (auto* v = o.if_contains("email")) next.email = std::string(v->get_string());
    if (email_taken(*store_, next.email, next.id)) return duplicate(next.email);
    *u = next;
    return mock_response::json(to_json(*u));
}

mock_response users_api::remove(const recorded_request& req) const {
    std::lock_guard lock(store_->mutex);
    auto* u = find(*store_, req);
    if (!u) return not_found(req);
    store_->users.erase(u->id);
    return mock_response(204);
}

}  // namespace tether::testing::detail
