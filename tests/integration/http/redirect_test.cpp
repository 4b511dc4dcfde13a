// Following redirects: method rules, limits, and credentials that never
// cross to another origin.

#include "support.hpp"

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;
using tether::testing::mock_server_options;

namespace {

mock_response redirect_to(int status, std::string location) {
    return mock_response(status).header("Location", std::move(location));
}

}  // namespace

class redirect : public transport_test {};

TEST_P(redirect, a_chain_of_redirects_is_followed_to_the_end) {
    mock_server server;
    server.enqueue(redirect_to(301, "/two"));
    server.enqueue(redirect_to(302, server.url("/three")));
    server.enqueue(redirect_to(307, "four?x=1"));
    server.enqueue(mock_response::text("done"));
    http::client client(options());
    auto r = client.execute(http::request::get(server.url("/one")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "done");
    EXPECT_EQ(r->redirects(), 3);
    EXPECT_EQ(r->url(), server.url("/four?x=1"));
    auto all = server.requests();
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[3].target, "/four?x=1");
}

TEST_P(redirect, see_other_and_moved_post_become_get_without_a_body) {
    for (int status : {301, 302, 303}) {
        mock_server server;
        server.enqueue(redirect_to(status, "/next"));
        server.enqueue(mock_response::text("ok"));
        http::client client(options());
        ASSERT_TRUE(client.execute(http::request::post(server.url("/form"), http::body::json({{"a", 1}}))));
        auto all = server.requests();
        ASSERT_EQ(all.size(), 2u);
        EXPECT_EQ(all[1].method, "GET") << status;
        EXPECT_EQ(all[1].body, "") << status;
        EXPECT_FALSE(all[1].headers.contains("Content-Type")) << status;
    }
}

TEST_P(redirect, temporary_and_permanent_redirects_keep_method_and_body) {
    for (int status : {307, 308}) {
        mock_server server;
        server.enqueue(redirect_to(status, "/next"));
        server.enqueue(mock_response::text("ok"));
        temp_file file("file body");
        http::client client(options());
        ASSERT_TRUE(client.execute(http::request::put(server.url("/doc"), http::body::file(file.path(), "text/plain"))));
        auto all = server.requests();
        ASSERT_EQ(all.size(), 2u);
        EXPECT_EQ(all[1].method, "PUT") << status;
        EXPECT_EQ(all[1].body, "file body") << status;
        EXPECT_EQ(all[1].headers.get("Content-Type"), "text/plain") << status;
    }
}

TEST_P(redirect, a_one_shot_body_cannot_be_replayed_by_a_307) {
    mock_server server;
    server.enqueue(redirect_to(307, "/next"));
    http::client client(options());
    bool sent = false;
    auto body = http::body::stream(
        [&](std::span<char> out) -> result<std::size_t> {
            if (sent) return std::size_t{0};
            sent = true;
            out[0] = 'x';
            return std::size_t{1};
        },
        1);
    auto r = client.execute(http::request::post(server.url("/upload"), body));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::invalid_body);
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_P(redirect, too_many_redirects_is_a_policy_error) {
    mock_server server;
    server.route("GET", "/loop", [&](const auto&) { return redirect_to(302, "/loop"); });
    auto opts = options();
    opts.max_redirects = 5;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/loop")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::too_many_redirects);
    EXPECT_EQ(server.request_count(), 6u);
    EXPECT_THROW(r.value(), policy_error);
}

TEST_P(redirect, zero_max_redirects_returns_the_redirect_itself) {
    mock_server server;
    server.enqueue(redirect_to(302, "/elsewhere").header("Set-Cookie", "session=1"));
    http::client client(options());
    auto req = http::request::get(server.url("/"));
    req.options().max_redirects = 0;
    req.options().accept_status = [](int s) { return s == 302; };
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 302);
    EXPECT_EQ(r->headers().get("Location"), "/elsewhere");
    EXPECT_EQ(server.request_count(), 1u);
}

TEST_P(redirect, a_redirect_without_location_is_returned_as_is) {
    mock_server server;
    server.enqueue(mock_response(302));
    http::client client(options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::unexpected_status);
    EXPECT_EQ(r.error().status(), 302);
}

TEST_P(redirect, an_invalid_location_is_a_protocol_violation) {
    mock_server server;
    server.enqueue(redirect_to(302, "http://[::1"));
    http::client client(options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::protocol_violation);
}

TEST_P(redirect, credentials_are_dropped_when_the_origin_changes) {
    mock_server first;
    mock_server second;  // another port: another origin
    first.enqueue(redirect_to(302, second.url("/landing")));
    second.enqueue(mock_response::text("ok"));
    http::client client(options());
    auto req = http::request::get(first.url("/start"));
    req.header("Authorization", "Bearer secret").header("Cookie", "sid=1").header("Proxy-Authorization", "Basic eA==")
        .header("X-Trace", "kept");
    ASSERT_TRUE(client.execute(req));
    auto origin_request = first.take_request();
    ASSERT_TRUE(origin_request);
    EXPECT_EQ(origin_request->headers.get("Authorization"), "Bearer secret");
    auto landed = second.take_request();
    ASSERT_TRUE(landed);
    EXPECT_FALSE(landed->headers.contains("Authorization"));
    EXPECT_FALSE(landed->headers.contains("Cookie"));
    EXPECT_FALSE(landed->headers.contains("Proxy-Authorization"));
    EXPECT_EQ(landed->headers.get("X-Trace"), "kept");
    EXPECT_EQ(landed->headers.get("Host"), "127.0.0.1:" + std::to_string(second.port())) << "Host names the new origin";
}

TEST_P(redirect, credentials_stay_within_the_same_origin) {
    mock_server server;
    server.enqueue(redirect_to(301, "/moved"));
    server.enqueue(mock_response::text("ok"));
    http::client client(options());
    ASSERT_TRUE(client.execute(http::request::get(server.url("/")).header("Authorization", "Bearer secret")));
    auto all = server.requests();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[1].headers.get("Authorization"), "Bearer secret");
}

TEST_P(redirect, credentials_added_by_an_interceptor_do_not_cross_origins) {
    mock_server first;
    mock_server second;
    first.enqueue(redirect_to(302, second.url("/")));
    second.enqueue(mock_response::text("ok"));
    auto opts = options();
    opts.interceptors.push_back(http::make_interceptor([](const http::chain& next) -> task<result<http::response>> {
        auto req = next.current_request();
        req.headers().set("Authorization", "Bearer from-interceptor");
        co_return co_await next.proceed(std::move(req));
    }));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(first.url("/"))));
    EXPECT_FALSE(second.take_request()->headers.contains("Authorization"));
}

TEST_P(redirect, https_to_http_is_refused_by_default) {
    mock_server secure(mock_server_options{.tls = true});
    mock_server plain;
    secure.enqueue(redirect_to(302, plain.url("/insecure")));
    auto opts = options();
    opts.tls.ca_pem = secure.ca_pem();
    http::client client(opts);
    auto r = client.execute(http::request::get(secure.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::insecure_redirect);
    EXPECT_EQ(plain.request_count(), 0u);
}

TEST_P(redirect, https_to_http_can_be_allowed_explicitly) {
    mock_server secure(mock_server_options{.tls = true});
    mock_server plain;
    secure.enqueue(redirect_to(302, plain.url("/insecure")));
    plain.enqueue(mock_response::text("plain"));
    auto opts = options();
    opts.tls.ca_pem = secure.ca_pem();
    opts.allow_insecure_redirects = true;
    http::client client(opts);
    auto r = client.execute(http::request::get(secure.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "plain");
}

TEST_P(redirect, redirect_bodies_never_reach_a_download_file) {
    mock_server server;
    server.enqueue(redirect_to(302, "/file").body("<html>Moved</html>"));
    server.enqueue(mock_response().body("the real content"));
    temp_file target;
    http::client client(options());
    auto req = http::request::get(server.url("/download"));
    req.options().sink = http::file_sink(target.path());
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(target.read(), "the real content");
}

TEST_P(redirect, unsupported_schemes_in_location_are_refused) {
    mock_server server;
    server.enqueue(redirect_to(302, "file:///etc/passwd"));
    http::client client(options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::unsupported_scheme);
}

TEST_P(redirect, a_location_with_an_empty_query_and_a_fragment_fails_cleanly) {
    // Such a URL once crashed the redaction of the error's URL.
    mock_server server;
    server.enqueue(redirect_to(302, "http://127.0.0.1:1/?#frag"));
    http::client client(options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::connection_refused) << r.error().to_string();
    EXPECT_EQ(r.error().url(), "http://127.0.0.1:1/?#frag");
}

INSTANTIATE_TEST_SUITE_P(transports, redirect, ::testing::ValuesIn(tested_transports()), transport_name);
