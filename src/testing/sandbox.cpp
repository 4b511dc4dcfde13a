// The sandbox: its routes, in one place, and its C++ accessors. The
// handlers live in sandbox_*.cpp, one resource each.

#include <tether/testing/sandbox.hpp>

#include "sandbox_common.hpp"
#include "sandbox_store.hpp"
#include "sandbox_users.hpp"

namespace tether::testing {

namespace {

using namespace detail;

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

mock_response flaky_answer(sandbox::store& s, const recorded_request& r) {
    auto fail = to_int(r.query_param("fail").value_or("1")).value_or(1);
    auto key = client_key(r);
    std::lock_guard lock(s.mutex);
    auto& failures = s.flaky_failures[key];
    if (failures < fail) {
        ++failures;
        auto answer = problem(503, "Service Unavailable",
                              "failing on purpose (" + std::to_string(failures) + " of " + std::to_string(fail) + ")");
        answer.header("Retry-After", "0");
        return answer;
    }
    return mock_response::json(json::object{{"ok", true}, {"failures_before_success", failures}});
}

// Registers routes; every one outside /admin/ goes behind the outage switch.
class router {
public:
    router(mock_server& server, std::shared_ptr<sandbox::store> s) : server_(server), store_(std::move(s)) {}

    // `handle` is called as handle(store&, request).
    template <class Handler>
    void add(std::string method, std::string pattern, Handler handle) {
        server_.route(std::move(method), std::move(pattern), [s = store_, handle](const recorded_request& r) {
            if (auto instead = s->outage.intercept()) return std::move(*instead);
            return handle(*s, r);
        });
    }

    template <class Handler>
    void admin(std::string method, std::string pattern, Handler handle) {
        server_.route(std::move(method), std::move(pattern),
                      [s = store_, handle](const recorded_request& r) { return handle(*s, r); });
    }

private:
    mock_server& server_;
    std::shared_ptr<sandbox::store> store_;
};

void add_basic_routes(router& to, const users_api& users) {
    using store = sandbox::store;
    to.add("GET", "/health", [](store&, const auto&) { return mock_response::json(json::object{{"status", "ok"}}); });
    to.add("GET", "/users", [users](store&, const auto& r) { return users.list(r); });
    to.add("POST", "/users", [users](store&, const auto& r) { return users.create(r); });
    to.add("GET", "/users/{id}", [users](store&, const auto& r) { return users.get(r); });
    to.add("PUT", "/users/{id}", [users](store&, const auto& r) { return users.update(r, false); });
    to.add("PATCH", "/users/{id}", [users](store&, const auto& r) { return users.update(r, true); });
    to.add("DELETE", "/users/{id}", [users](store&, const auto& r) { return users.remove(r); });
    to.add("GET", "/status/{code}", [](store&, const auto& r) { return status_answer(r); });
    to.add("GET", "/delay/{ms}", [](store&, const auto& r) { return delay_answer(r); });
    to.add("*", "/echo", [](store&, const auto& r) { return echo_answer(r); });
    to.add("GET", "/drop", [](store&, const auto&) { return mock_response().raw(""); });
    to.add("GET", "/flaky", flaky_answer);
}

void add_resilience_routes(router& to) {
    using store = sandbox::store;
    to.add("GET", "/cache/{name}", [](store& s, const auto& r) { return s.cache.get(r); });
    to.add("PUT", "/cache/{name}", [](store& s, const auto& r) { return s.cache.put(r); });
    to.add("GET", "/cache/{name}/vary", [](store& s, const auto& r) { return s.cache.get_vary(r); });
    to.add("GET", "/cache/{name}/private", [](store& s, const auto& r) { return s.cache.get_private(r); });
    to.add("GET", "/cache/{name}/stats", [](store& s, const auto& r) { return s.cache.stats(r); });
    to.add("GET", "/retry-after/{seconds}", [](store& s, const auto& r) { return s.retry_after.answer(r); });
    to.add("GET", "/chaos/items/{id}", [](store& s, const auto& r) { return s.chaos.item(r); });
    to.add("POST", "/chaos/orders", [](store& s, const auto& r) { return s.chaos.order(r); });
    to.add("POST", "/auth/login", [](store& s, const auto& r) { return s.auth.login(r); });
    to.add("POST", "/auth/refresh", [](store& s, const auto& r) { return s.auth.refresh(r); });
    to.add("POST", "/auth/logout", [](store& s, const auto& r) { return s.auth.logout(r); });
    to.add("GET", "/auth/me", [](store& s, const auto& r) { return s.auth.me(r); });
    to.admin("POST", "/admin/tokens/expire", [](store& s, const auto&) {
        s.auth.expire_access_tokens();
        return mock_response(204);
    });
    to.admin("GET", "/admin/outage", [](store& s, const auto&) { return s.outage.describe(); });
    to.admin("POST", "/admin/outage", [](store& s, const auto& r) { return s.outage.post(r); });
    to.admin("GET", "/admin/faults", [](store& s, const auto&) { return s.chaos.faults(); });
    to.admin("POST", "/admin/faults", [](store& s, const auto& r) { return s.chaos.post_faults(r); });
    to.admin("GET", "/admin/effects", [](store& s, const auto&) { return s.chaos.effects_json(); });
}

}  // namespace

sandbox::sandbox(sandbox_options options)
    : server_(mock_server_options{.port = options.port}), store_(std::make_shared<store>(options.faults)) {
    for (int i = 1; i <= options.seed_users; ++i) {
        auto id = store_->next_id++;
        store_->users[id] = {id, "user" + std::to_string(i), "user" + std::to_string(i) + "@example.com"};
    }
    router to(server_, store_);
    add_basic_routes(to, users_api(store_));
    add_resilience_routes(to);
}

sandbox::~sandbox() = default;

void sandbox::auth_settings(sandbox_auth_settings settings) {
    store_->auth.configure(std::move(settings));
}

sandbox_auth_settings sandbox::auth_settings() const {
    return store_->auth.settings();
}

sandbox_auth_stats sandbox::auth_stats() const {
    return store_->auth.stats();
}

void sandbox::expire_access_tokens() {
    store_->auth.expire_access_tokens();
}

void sandbox::outage(outage_mode mode) {
    store_->outage.set(mode);
}

outage_mode sandbox::outage() const {
    return store_->outage.get();
}

void sandbox::fault_mix(sandbox_fault_mix mix) {
    store_->chaos.mix(mix);
}

sandbox_fault_mix sandbox::fault_mix() const {
    return store_->chaos.mix();
}

sandbox_effects sandbox::effects() const {
    return store_->chaos.effects();
}

sandbox_cache_stats sandbox::cache_stats(std::string_view name) const {
    return store_->cache.stats_of(name);
}

}  // namespace tether::testing
