// The interceptor chain: the one extension point. Each test names the rule.

#include "support.hpp"

#include <tether/testing/mock_response.hpp>

#include <atomic>
#include <mutex>
#include <vector>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

std::shared_ptr<http::interceptor> recorder(std::vector<std::string>& log, std::mutex& m, std::string name) {
    return http::make_interceptor([&log, &m, name](const http::chain& next) -> task<result<http::response>> {
        {
            std::lock_guard lock(m);
            log.push_back(name + ">");
        }
        auto r = co_await next.proceed(next.current_request());
        std::lock_guard lock(m);
        log.push_back("<" + name);
        co_return r;
    });
}

}  // namespace

class chain : public transport_test {};

TEST_P(chain, interceptors_run_outermost_first_and_unwind_in_reverse) {
    mock_server server;
    server.enqueue(mock_response::text("ok"));
    std::vector<std::string> log;
    std::mutex m;
    auto opts = options();
    opts.interceptors = {recorder(log, m, "a"), recorder(log, m, "b"), recorder(log, m, "c")};
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
    EXPECT_EQ(log, (std::vector<std::string>{"a>", "b>", "c>", "<c", "<b", "<a"}));
}

TEST_P(chain, interceptor_can_change_the_request) {
    mock_server server;
    server.enqueue(mock_response::text("ok"));
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain& next) -> task<result<http::response>> {
        auto req = next.current_request();
        req.headers().set("X-Added", "by-interceptor");
        req.url(req.url() + "?rewritten=1");
        co_return co_await next.proceed(std::move(req));
    }));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(server.url("/path"))));
    auto rec = server.take_request();
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->headers.get("x-added"), "by-interceptor");
    EXPECT_EQ(rec->query, "rewritten=1");
}

TEST_P(chain, interceptor_can_answer_without_calling_the_network) {
    mock_server server;
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain&) -> task<result<http::response>> {
        co_return http::response(200, {{"X-From", "cache"}}, "cached body");
    }));
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "cached body");
    EXPECT_EQ(r->headers().get("X-From"), "cache");
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(chain, interceptor_can_call_proceed_several_times) {
    mock_server server;
    server.enqueue(mock_response(503));
    server.enqueue(mock_response(503));
    server.enqueue(mock_response::text("third time lucky"));
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain& next) -> task<result<http::response>> {
        for (int attempt = 1;; ++attempt) {
            auto o = next.options();
            o.attempt = attempt;
            auto r = co_await next.proceed(next.current_request(), o);
            if (!r || r->status() != 503 || attempt == 5) co_return r;
        }
    }));
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "third time lucky");
    EXPECT_EQ(server.request_count(), 3u);
}

TEST_P(chain, interceptors_see_error_statuses_as_responses) {
    mock_server server;
    server.enqueue(mock_response(404));
    std::atomic<int> seen{0};
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([&seen](const http::chain& next) -> task<result<http::response>> {
        auto r = co_await next.proceed(next.current_request());
        if (r) seen = r->status();
        co_return r;
    }));
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/missing")));
    EXPECT_EQ(seen.load(), 404);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::not_found);  // the status policy applies at the edge
}

TEST_P(chain, interceptor_can_turn_an_error_status_into_success) {
    mock_server server;
    server.enqueue(mock_response(404));
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain& next) -> task<result<http::response>> {
        auto r = co_await next.proceed(next.current_request());
        if (r && r->status() == 404) co_return http::response(200, {}, "[]");
        co_return r;
    }));
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/list")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "[]");
}

TEST_P(chain, interceptor_can_replace_an_error) {
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain& next) -> task<result<http::response>> {
        auto r = co_await next.proceed(next.current_request());
        if (!r && r.error().kind() == error_kind::network) co_return http::response(200, {}, "offline copy");
        co_return r;
    }));
    http::client client(opts);
    auto r = client.execute(http::request::get("http://127.0.0.1:1/unreachable"));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "offline copy");
}

TEST_P(chain, an_interceptor_that_throws_becomes_an_internal_error) {
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain&) -> task<result<http::response>> {
        throw std::runtime_error("boom");
        co_return http::response(200);
    }));
    http::client client(opts);
    auto r = client.execute(http::request::get("http://127.0.0.1:1/"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::internal_error);
    EXPECT_NE(r.error().message().find("boom"), std::string::npos);
    EXPECT_EQ(r.error().method(), "GET");
}

TEST_P(chain, a_typed_exception_from_an_interceptor_keeps_its_error) {
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain&) -> task<result<http::response>> {
        result<http::response> denied = error(errc::forbidden, "policy says no");
        co_return denied.value();  // throws forbidden_error
    }));
    http::client client(opts);
    auto r = client.execute(http::request::get("http://127.0.0.1:1/"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::forbidden);
}

struct request_label {
    std::string value;
};

TEST_P(chain, interceptors_read_per_request_tags) {
    mock_server server;
    server.enqueue(mock_response::text("ok"));
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain& next) -> task<result<http::response>> {
        auto req = next.current_request();
        if (const auto* label = req.tag<request_label>()) req.headers().set("X-Label", label->value);
        co_return co_await next.proceed(std::move(req));
    }));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(server.url("/")).tag(request_label{"checkout"})));
    auto rec = server.take_request();
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->headers.get("X-Label"), "checkout");
}

TEST_P(chain, interceptors_see_the_resolved_request_and_options) {
    mock_server server;
    server.enqueue(mock_response::text("ok"));
    std::string seen_url;
    std::string seen_agent;
    std::chrono::milliseconds seen_connect{0};
    auto opts = options();
    opts.base_url = server.url("/api/");
    opts.connect_timeout = 1234ms;
    opts.interceptors.push_back(http::make_interceptor([&](const http::chain& next) -> task<result<http::response>> {
        seen_url = next.current_request().url();
        seen_agent = std::string(next.current_request().headers().get("User-Agent").value_or(""));
        seen_connect = next.options().connect_timeout;
        co_return co_await next.proceed(next.current_request());
    }));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get("users").query("q", "a b")));
    EXPECT_EQ(seen_url, server.url("/api/users?q=a%20b"));
    EXPECT_EQ(seen_agent, "tether/0.1");
    EXPECT_EQ(seen_connect, 1234ms);
}

TEST_P(chain, a_request_made_invalid_by_an_interceptor_is_refused_before_the_wire) {
    mock_server server;
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain& next) -> task<result<http::response>> {
        auto req = next.current_request();
        req.headers().add("X-Evil", "a\r\nInjected: yes");
        co_return co_await next.proceed(std::move(req));
    }));
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::invalid_header);
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(chain, a_null_interceptor_is_a_configuration_error) {
    auto opts = options();
    opts.interceptors.push_back(nullptr);
    EXPECT_THROW(http::client{opts}, std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(transports, chain, ::testing::ValuesIn(tested_transports()), transport_name);
