// TLS: verified by default, against the system's CAs unless told otherwise.

#include "support.hpp"

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;
using tether::testing::mock_server_options;

class tls : public transport_test {};

TEST_P(tls, a_server_signed_by_a_trusted_ca_pem_is_accepted) {
    mock_server server(mock_server_options{.tls = true});
    server.enqueue(mock_response::text("secure"));
    auto opts = options();
    opts.tls.ca_pem = server.ca_pem();
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "secure");
    EXPECT_GT(r->timings().tls.count(), 0);
}

TEST_P(tls, a_ca_file_is_trusted_too) {
    mock_server server(mock_server_options{.tls = true});
    server.enqueue(mock_response::text("secure"));
    auto opts = options();
    opts.tls.ca_file = server.ca_file();
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
}

TEST_P(tls, an_unknown_ca_is_refused_by_default) {
    mock_server server(mock_server_options{.tls = true});
    server.enqueue(mock_response::text("should not be read"));
    http::client client(options());
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
    EXPECT_EQ(classify(r.error()), error_class::fatal);
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(tls, a_certificate_for_another_host_is_refused) {
    mock_server server(mock_server_options{.tls = true, .certificate_names = {"api.example.test"}});
    auto opts = options();
    opts.tls.ca_pem = server.ca_pem();
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
}

TEST_P(tls, a_ca_file_that_does_not_exist_is_a_tls_failure) {
    mock_server server(mock_server_options{.tls = true});
    auto opts = options();
    opts.tls.ca_file = "/nonexistent/ca.pem";
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
}

TEST_P(tls, verification_can_be_switched_off_explicitly) {
    mock_server server(mock_server_options{.tls = true, .certificate_names = {"api.example.test"}});
    server.enqueue(mock_response::text("unverified"));
    auto opts = options();
    opts.tls.verify_peer = false;
    http::client client(opts);
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
}

TEST_P(tls, connections_are_reused_across_requests) {
    mock_server server(mock_server_options{.tls = true});
    server.route("GET", "/*", [](const auto&) { return mock_response::text("ok"); });
    auto opts = options();
    opts.tls.ca_pem = server.ca_pem();
    http::client client(opts);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
    EXPECT_EQ(server.connection_count(), 1u);
}

INSTANTIATE_TEST_SUITE_P(transports, tls, ::testing::ValuesIn(tested_transports()), transport_name);
