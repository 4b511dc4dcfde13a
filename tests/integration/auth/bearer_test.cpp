// Bearer tokens against the sandbox's token endpoints: one refresh for any
// number of refused calls, the session ending cleanly when a refresh is
// refused, proactive refresh, and tokens that never leave their origins.

#include "support.hpp"

#include <tether/auth/auth_service.hpp>
#include <tether/auth/bearer.hpp>
#include <tether/auth/session.hpp>
#include <tether/testing/sandbox.hpp>

#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <future>
#include <mutex>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;
using tether::testing::sandbox;

namespace {

std::string origin_of(const sandbox& box) {
    return "http://127.0.0.1:" + std::to_string(box.port());
}

// Records every state the session announces.
struct state_log {
    std::mutex mutex;
    std::vector<auth::auth_state> states;
    std::function<void(auth::auth_state)> recorder() {
        return [this](auth::auth_state s) {
            const std::lock_guard lock(mutex);
            states.push_back(s);
        };
    }
    std::vector<auth::auth_state> seen() {
        const std::lock_guard lock(mutex);
        return states;
    }
};

tether::testing::sandbox_auth_settings slow_refresh(std::chrono::milliseconds delay) {
    tether::testing::sandbox_auth_settings settings;
    settings.refresh_delay = delay;
    return settings;
}

task<int> get_me(http::client client, std::string url) {
    auto r = co_await client.send(http::request::get(std::move(url)));
    co_return r ? r->status() : -static_cast<int>(r.error().code()) - 1;
}

}  // namespace

class bearer : public transport_test {
protected:
    void SetUp() override {
        auto opts = options();
        opts.base_url = box.url("/");
        auth_client.emplace(opts);
        service.emplace(*auth_client);
    }

    // A signed-in session whose refreshes go to the sandbox.
    std::shared_ptr<auth::session> signed_in(auth::session_options o = {}) {
        o.refresh = service->refresher();
        auto s = auth::session::create(std::move(o));
        EXPECT_TRUE(s) << s.error().to_string();
        boost::asio::io_context io;
        auto tokens = run_on(io, service->login("ada", "password"));
        EXPECT_TRUE(tokens && *tokens) << (tokens && !*tokens ? tokens->error().to_string() : "");
        if (tokens && *tokens) {
            EXPECT_TRUE((*s)->sign_in(**tokens));
        }
        return *s;
    }

    http::client_options authorized(std::shared_ptr<auth::session> s) {
        auto opts = options();
        opts.interceptors.push_back(auth::bearer_interceptor(std::move(s), {.origins = {origin_of(box)}}));
        return opts;
    }

    sandbox box;
    std::optional<http::client> auth_client;
    std::optional<auth::auth_service> service;
};

TEST_P(bearer, a_signed_in_session_authorizes_requests) {
    auto s = signed_in();
    http::client client(authorized(s));
    auto me = client.execute(http::request::get(box.url("/auth/me")));
    ASSERT_TRUE(me) << me.error().to_string();
    EXPECT_EQ(me->json()->at("username"), "ada");
    EXPECT_EQ(box.auth_stats().refreshes, 0u);
}

TEST_P(bearer, two_hundred_calls_refused_at_once_share_exactly_one_refresh) {
    auto s = signed_in();
    state_log log;
    auto watch = s->observe(log.recorder());
    box.expire_access_tokens();
    box.auth_settings(slow_refresh(150ms));
    boost::asio::thread_pool pool(4);
    http::client client(pool.get_executor(), authorized(s));
    constexpr int calls = 200;
    std::vector<std::future<int>> done;
    for (int i = 0; i < calls; ++i) {
        done.push_back(boost::asio::co_spawn(pool, get_me(client, box.url("/auth/me")), boost::asio::use_future));
    }
    int ok = 0;
    for (auto& f : done) {
        ASSERT_EQ(f.wait_for(20s), std::future_status::ready);
        ok += f.get() == 200;
    }
    pool.join();
    EXPECT_EQ(ok, calls);
    EXPECT_EQ(box.auth_stats().refreshes, 1u);
    EXPECT_EQ(box.auth_stats().reused_refresh_tokens, 0u);
    EXPECT_EQ(s->state(), auth::auth_state::authenticated);
    EXPECT_EQ(log.seen(), (std::vector{auth::auth_state::refreshing, auth::auth_state::authenticated}));
}

TEST_P(bearer, a_refused_refresh_fails_every_waiting_call_with_unauthorized_and_ends_the_session) {
    auto store = auth::memory_token_store();
    auth::session_options o;
    o.store = store;
    auto s = signed_in(o);
    box.expire_access_tokens();
    auto refusing = slow_refresh(100ms);
    refusing.refresh_fails_with = 400;
    box.auth_settings(refusing);
    http::client client(authorized(s));
    constexpr int calls = 200;
    std::vector<std::future<result<http::response>>> pending;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < calls; ++i) pending.push_back(client.enqueue(http::request::get(box.url("/auth/me"))));
    int unauthorized = 0;
    for (auto& f : pending) {
        ASSERT_EQ(f.wait_for(20s), std::future_status::ready);
        auto r = f.get();
        if (!r && r.error().code() == errc::unauthorized) ++unauthorized;
        if (!r) {
            EXPECT_THROW(r.value(), unauthorized_error);
        }
    }
    EXPECT_EQ(unauthorized, calls);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
    EXPECT_EQ(box.auth_stats().refreshes, 1u);
    EXPECT_EQ(s->state(), auth::auth_state::unauthenticated);
    EXPECT_FALSE(s->tokens());
    EXPECT_FALSE(*store->load()) << "the stored tokens are cleared";
}

TEST_P(bearer, a_refresh_that_fails_for_now_keeps_the_session) {
    auto s = signed_in();
    box.expire_access_tokens();
    auto failing = slow_refresh(0ms);
    failing.refresh_fails_with = 503;
    box.auth_settings(failing);
    http::client client(authorized(s));
    auto r = client.execute(http::request::get(box.url("/auth/me")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::server_error);
    EXPECT_EQ(s->state(), auth::auth_state::authenticated);
    ASSERT_TRUE(s->tokens());
    box.auth_settings({});
    auto again = client.execute(http::request::get(box.url("/auth/me")));
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_EQ(box.auth_stats().refreshes, 2u);
}

TEST_P(bearer, a_token_about_to_expire_is_refreshed_before_the_request) {
    auto now = std::make_shared<std::atomic<std::int64_t>>(0);
    auth::session_options o;
    o.refresh_skew = std::chrono::seconds(60);
    o.now = [now] { return std::chrono::system_clock::now() + std::chrono::seconds(now->load()); };
    auto s = signed_in(o);
    http::client client(authorized(s));
    ASSERT_TRUE(client.execute(http::request::get(box.url("/auth/me"))));
    EXPECT_EQ(box.auth_stats().refreshes, 0u);
    *now = 3600 - 30;  // the sandbox's tokens last an hour: 30 s left, within the skew
    auto r = client.execute(http::request::get(box.url("/auth/me")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(box.auth_stats().refreshes, 1u);
    EXPECT_EQ(box.auth_stats().rejected_tokens, 0u) << "refreshed before, not after, a refusal";
}

TEST_P(bearer, a_call_refused_with_a_token_already_replaced_retries_without_another_refresh) {
    auto s = signed_in();
    boost::asio::io_context io;
    auto before = run_on(io, s->current());
    ASSERT_TRUE(before && *before && **before);
    const auto old_generation = (**before)->generation;
    auto first = run_on(io, s->refresh_after(old_generation));
    ASSERT_TRUE(first && *first) << (first ? first->error().to_string() : "");
    EXPECT_EQ(box.auth_stats().refreshes, 1u);
    auto second = run_on(io, s->refresh_after(old_generation));
    ASSERT_TRUE(second && *second);
    EXPECT_EQ(box.auth_stats().refreshes, 1u) << "the newer token was handed out at once";
    EXPECT_EQ((*second)->authorization, (*first)->authorization);
    EXPECT_NE((*second)->authorization, (**before)->authorization);
}

TEST_P(bearer, a_second_401_after_the_refresh_is_the_answer) {
    mock_server api;
    api.route("GET", "/*", [](const auto&) { return mock_response(401); });
    auto s = signed_in();
    auto opts = options();
    opts.interceptors.push_back(
        auth::bearer_interceptor(s, {.origins = {"http://127.0.0.1:" + std::to_string(api.port())}}));
    http::client client(opts);
    auto r = client.execute(http::request::get(api.url("/thing")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::unauthorized);
    EXPECT_EQ(api.request_count(), 2u) << "sent, refreshed, sent once more, and no more";
    EXPECT_EQ(box.auth_stats().refreshes, 1u);
}

TEST_P(bearer, the_token_never_reaches_another_origin_not_even_by_redirect) {
    mock_server elsewhere;
    elsewhere.route("GET", "/*", [](const auto&) { return mock_response::text("hi"); });
    mock_server api;
    api.route("GET", "/hop", [&](const auto&) { return mock_response(302).header("Location", elsewhere.url("/landed")); });
    auto s = signed_in();
    auto opts = options();
    opts.interceptors.push_back(
        auth::bearer_interceptor(s, {.origins = {"http://127.0.0.1:" + std::to_string(api.port())}}));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(elsewhere.url("/direct"))));
    ASSERT_TRUE(client.execute(http::request::get(api.url("/hop"))));
    ASSERT_EQ(api.request_count(), 1u);
    EXPECT_TRUE(api.requests()[0].headers.contains("Authorization")) << "its own origin gets it";
    for (const auto& seen : elsewhere.requests()) {
        EXPECT_FALSE(seen.headers.contains("Authorization")) << seen.target;
    }
    EXPECT_EQ(elsewhere.request_count(), 2u);
}

TEST_P(bearer, signed_out_requests_go_without_a_token_and_the_server_decides) {
    auto s = auth::session::create({}).value();
    http::client client(authorized(s));
    auto r = client.execute(http::request::get(box.url("/auth/me")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::unauthorized);
    ASSERT_EQ(box.server().requests().back().path, "/auth/me");
    EXPECT_FALSE(box.server().requests().back().headers.contains("Authorization"));
}

TEST_P(bearer, wrong_credentials_are_a_typed_error_without_the_password) {
    boost::asio::io_context io;
    auto r = run_on(io, service->login("ada", "not-the-password-x9"));
    ASSERT_TRUE(r);
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().code(), errc::unauthorized);
    EXPECT_EQ(r->error().to_string().find("not-the-password-x9"), std::string::npos) << r->error().to_string();
}

TEST_P(bearer, logout_revokes_the_tokens_on_the_server) {
    auto s = signed_in();
    boost::asio::io_context io;
    auto tokens = *s->tokens();
    auto out = run_on(io, service->logout(tokens));
    ASSERT_TRUE(out && *out) << (out ? out->error().to_string() : "");
    ASSERT_TRUE(s->sign_out());
    auto again = run_on(io, service->refresh(tokens));
    ASSERT_TRUE(again);
    ASSERT_FALSE(*again);
    EXPECT_EQ(again->error().code(), errc::validation_failed) << "invalid_grant";
}

INSTANTIATE_TEST_SUITE_P(transports, bearer, ::testing::ValuesIn(tested_transports()), transport_name);
