#include <tether/testing/sandbox.hpp>

#include "sandbox_store.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>

namespace tether::testing {

namespace json = boost::json;

namespace {

json::object to_json(const sandbox_user& u) {
    return {{"id", u.id}, {"name", u.name}, {"email", u.email}};
}

std::optional<std::int64_t> to_int(std::string_view text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

// RFC 9457 problem details; `errors` carries field errors as JSON pointers.
mock_response problem(int status, std::string title, std::string detail, json::array errors = {}) {
    json::object body{{"type", "about:blank"}, {"title", std::move(title)}, {"status", status},
                      {"detail", std::move(detail)}};
    if (!errors.empty()) body["errors"] = std::move(errors);
    mock_response r(status);
    r.header("Content-Type", "application/problem+json").body(json::serialize(body));
    return r;
}

json::object field_error(std::string_view field, std::string_view message) {
    return {{"pointer", "#/" + std::string(field)}, {"detail", message}};
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

std::optional<json::value> parse_body(const recorded_request& req) {
    boost::system::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec) return std::nullopt;
    return v;
}

class users_api {
public:
    explicit users_api(std::shared_ptr<sandbox::store> s) : store_(std::move(s)) {}

    mock_response list(const recorded_request& req) const {
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

    mock_response get(const recorded_request& req) const {
        std::lock_guard lock(store_->mutex);
        auto* u = find(req);
        if (!u) return not_found(req);
        return mock_response::json(to_json(*u));
    }

    mock_response create(const recorded_request& req) const {
        auto body = parse_body(req);
        if (!body) return problem(400, "Bad Request", "the body is not valid JSON");
        if (auto invalid = validate(*body, false)) return *invalid;
        std::lock_guard lock(store_->mutex);
        sandbox_user u{store_->next_id, std::string(body->at("name").get_string()),
                       std::string(body->at("email").get_string())};
        if (email_taken(u.email, 0)) return duplicate(u.email);
        ++store_->next_id;
        store_->users[u.id] = u;
        auto r = mock_response::json(to_json(u), 201);
        r.header("Location", "/users/" + std::to_string(u.id));
        return r;
    }

    mock_response update(const recorded_request& req, bool partial) const {
        auto body = parse_body(req);
        if (!body) return problem(400, "Bad Request", "the body is not valid JSON");
        if (auto invalid = validate(*body, partial)) return *invalid;
        std::lock_guard lock(store_->mutex);
        auto* u = find(req);
        if (!u) return not_found(req);
        const auto& o = body->get_object();
        sandbox_user next = *u;
        if (auto* v = o.if_contains("name")) next.name = std::string(v->get_string());
        if (auto* v = o.if_contains("email")) next.email = std::string(v->get_string());
        if (email_taken(next.email, next.id)) return duplicate(next.email);
        *u = next;
        return mock_response::json(to_json(*u));
    }

    mock_response remove(const recorded_request& req) const {
        std::lock_guard lock(store_->mutex);
        auto* u = find(req);
        if (!u) return not_found(req);
        store_->users.erase(u->id);
        return mock_response(204);
    }

private:
    sandbox_user* find(const recorded_request& req) const {
        auto id = to_int(req.params.at("id"));
        if (!id) return nullptr;
        auto it = store_->users.find(*id);
        return it == store_->users.end() ? nullptr : &it->second;
    }

    bool email_taken(const std::string& email, std::int64_t except) const {
        return std::any_of(store_->users.begin(), store_->users.end(),
                           [&](const auto& entry) { return entry.first != except && entry.second.email == email; });
    }

    static mock_response not_found(const recorded_request& req) {
        return problem(404, "Not Found", "no user with id " + req.params.at("id"));
    }

    static mock_response duplicate(const std::string& email) {
        return problem(409, "Conflict", "a user with email " + email + " already exists");
    }

    std::shared_ptr<sandbox::store> store_;
};

mock_response status_answer(const recorded_request& req) {
    auto code = to_int(req.params.at("code"));
    if (!code || *code < 200 || *code > 599) {
        return problem(400, "Bad Request", "the status must be a number from 200 to 599");
    }
    auto r = mock_response::json(json::object{{"status", *code}}, static_cast<int>(*code));
    if (*code == 429 || *code == 503) r.header("Retry-After", "1");
    if (*code == 204 || *code == 304) r.body("");
    return r;
}

mock_response delay_answer(const recorded_request& req) {
    auto ms = to_int(req.params.at("ms"));
    if (!ms || *ms < 0 || *ms > 60'000) return problem(400, "Bad Request", "the delay must be 0 to 60000 ms");
    auto r = mock_response::json(json::object{{"delayed_ms", *ms}});
    r.delay(std::chrono::milliseconds(*ms));
    return r;
}

mock_response echo_answer(const recorded_request& req) {
    json::object headers;
    for (const auto& f : req.headers) headers[f.name] = f.value;
    return mock_response::json(json::object{{"method", req.method},
                                            {"path", req.path},
                                            {"query", req.query},
                                            {"headers", std::move(headers)},
                                            {"body", req.body}});
}

}  // namespace

sandbox::sandbox(sandbox_options options)
    : server_(mock_server_options{.port = options.port}), store_(std::make_shared<store>()) {
    for (int i = 1; i <= options.seed_users; ++i) {
        auto id = store_->next_id++;
        store_->users[id] = {id, "user" + std::to_string(i), "user" + std::to_string(i) + "@example.com"};
    }
    users_api users(store_);
    server_.route("GET", "/health", [](const auto&) { return mock_response::json(json::object{{"status", "ok"}}); });
    server_.route("GET", "/users", [users](const auto& r) { return users.list(r); });
    server_.route("POST", "/users", [users](const auto& r) { return users.create(r); });
    server_.route("GET", "/users/{id}", [users](const auto& r) { return users.get(r); });
    server_.route("PUT", "/users/{id}", [users](const auto& r) { return users.update(r, false); });
    server_.route("PATCH", "/users/{id}", [users](const auto& r) { return users.update(r, true); });
    server_.route("DELETE", "/users/{id}", [users](const auto& r) { return users.remove(r); });
    server_.route("GET", "/status/{code}", status_answer);
    server_.route("GET", "/delay/{ms}", delay_answer);
    server_.route("*", "/echo", echo_answer);
    server_.route("GET", "/drop", [](const auto&) { return mock_response().raw(""); });
    server_.route("GET", "/flaky", [s = store_](const recorded_request& r) {
        auto fail = to_int(r.query_param("fail").value_or("1")).value_or(1);
        auto key = std::string(r.headers.get("X-Client-Key").value_or(r.query_param("key").value_or("anonymous")));
        std::lock_guard lock(s->mutex);
        auto& failures = s->flaky_failures[key];
        if (failures < fail) {
            ++failures;
            auto answer = problem(503, "Service Unavailable",
                                  "failing on purpose (" + std::to_string(failures) + " of " + std::to_string(fail) + ")");
            answer.header("Retry-After", "0");
            return answer;
        }
        return mock_response::json(json::object{{"ok", true}, {"failures_before_success", failures}});
    });
}

sandbox::~sandbox() = default;

}  // namespace tether::testing
