// The mock server itself: what tests (ours and our users') rely on.

#include "support.hpp"

#include <tether/testing/mock_server.hpp>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;
using tether::testing::mock_server_options;
using tether::testing::recorded_request;

TEST(mock_server, queued_responses_come_before_routes_then_404) {
    mock_server server;
    server.route("GET", "/r", [](const auto&) { return mock_response::text("route"); });
    server.enqueue(mock_response::text("queued"));
    http::client client(quick_options());
    EXPECT_EQ(client.execute(http::request::get(server.url("/r")))->body(), "queued");
    EXPECT_EQ(client.execute(http::request::get(server.url("/r")))->body(), "route");
    auto missing = client.execute(http::request::get(server.url("/nothing")));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code(), errc::not_found);
    EXPECT_NE(missing.error().message().find("no queued response and no route"), std::string::npos);
}

TEST(mock_server, routes_capture_parameters_and_match_methods_and_wildcards) {
    mock_server server;
    server.route("GET", "/users/{id}/posts/{post}", [](const recorded_request& r) {
        return mock_response::text(r.params.at("id") + ":" + r.params.at("post"));
    });
    server.route("DELETE", "/users/{id}", [](const auto&) { return mock_response(204); });
    server.route("*", "/files/*", [](const recorded_request& r) { return mock_response::text("file " + r.path); });
    http::client client(quick_options());
    EXPECT_EQ(client.execute(http::request::get(server.url("/users/7/posts/42")))->body(), "7:42");
    EXPECT_EQ(client.execute(http::request::del(server.url("/users/7")))->status(), 204);
    EXPECT_FALSE(client.execute(http::request::get(server.url("/users/7"))));
    EXPECT_EQ(client.execute(http::request::put(server.url("/files/a/b.txt")))->body(), "file /files/a/b.txt");
}

TEST(mock_server, requests_are_recorded_in_order_with_everything) {
    mock_server server;
    server.route("*", "/*", [](const auto&) { return mock_response::text("ok"); });
    http::client client(quick_options());
    ASSERT_TRUE(client.execute(http::request::post(server.url("/a?x=1&y=a%20b"), http::body::text("payload")).header("X-T", "1")));
    ASSERT_TRUE(client.execute(http::request::get(server.url("/b"))));
    auto all = server.requests();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].method, "POST");
    EXPECT_EQ(all[0].path, "/a");
    EXPECT_EQ(all[0].query, "x=1&y=a%20b");
    EXPECT_EQ(all[0].query_param("y"), "a b");
    EXPECT_EQ(all[0].query_param("absent"), std::nullopt);
    EXPECT_EQ(all[0].body, "payload");
    EXPECT_EQ(all[0].version, "HTTP/1.1");
    EXPECT_EQ(all[0].headers.get("X-T"), "1");
    EXPECT_EQ(all[1].path, "/b");
    EXPECT_EQ(all[0].connection, all[1].connection);
    EXPECT_EQ(server.take_request()->path, "/a");
    EXPECT_EQ(server.take_request()->path, "/b");
}

TEST(mock_server, take_request_gives_up_after_its_timeout) {
    mock_server server;
    auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(server.take_request(100ms));
    EXPECT_GE(elapsed_ms(start), 90);
}

TEST(mock_server, a_route_handler_that_throws_answers_500) {
    mock_server server;
    server.route("GET", "/", [](const auto&) -> mock_response { throw std::runtime_error("handler bug"); });
    http::client client(quick_options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().status(), 500);
    EXPECT_NE(r.error().response()->body().find("handler bug"), std::string::npos);
}

TEST(mock_server, a_body_over_its_limit_is_answered_413) {
    mock_server server(mock_server_options{.max_body_size = 100});
    http::client client(quick_options());
    auto r = client.execute(http::request::post(server.url("/"), http::body::text(std::string(1000, 'x'))));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().status(), 413);
}

TEST(mock_server, a_fixed_port_can_be_asked_for) {
    std::uint16_t port = 0;
    {
        mock_server any;
        port = any.port();
    }
    mock_server fixed(mock_server_options{.port = port});
    EXPECT_EQ(fixed.port(), port);
    EXPECT_EQ(fixed.url("/x"), "http://127.0.0.1:" + std::to_string(port) + "/x");
}

TEST(mock_server, stop_ends_hanging_connections_and_is_idempotent) {
    mock_server server;
    server.enqueue(mock_response().hang());
    http::client client(quick_options());
    auto pending = client.enqueue(http::request::get(server.url("/")));
    ASSERT_TRUE(server.take_request());
    auto start = std::chrono::steady_clock::now();
    server.stop();
    server.stop();
    EXPECT_LT(elapsed_ms(start), 2000);
    ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
    EXPECT_FALSE(pending.get());
}

TEST(mock_server, tls_serves_with_a_certificate_made_at_start) {
    mock_server server(mock_server_options{.tls = true});
    EXPECT_TRUE(server.origin().starts_with("https://127.0.0.1:"));
    EXPECT_NE(server.ca_pem().find("BEGIN CERTIFICATE"), std::string::npos);
    EXPECT_TRUE(std::filesystem::exists(server.ca_file()));
    mock_server plain;
    EXPECT_TRUE(plain.ca_pem().empty());
}
