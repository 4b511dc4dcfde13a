// Certificate pinning: a connection is accepted when any certificate of the
// verified chain has a pinned public key (as OkHttp's CertificatePinner);
// pins add to verification and never replace it; a mismatch fails closed,
// before the request is sent, and says what to change.

#include "support.hpp"

#include <tether/core/exceptions.hpp>
#include <tether/testing/test_certificates.hpp>

#include <stdexcept>

using namespace tether;
using namespace tether::test;
using tether::testing::make_test_pki;
using tether::testing::mock_response;
using tether::testing::mock_server;
using tether::testing::mock_server_options;
using tether::testing::test_certificate;
using tether::testing::test_pki;

namespace {

// A server that sends `leaf` and the PKI's intermediate.
mock_server_options serving(const test_pki& pki, const test_certificate& leaf) {
    mock_server_options o;
    o.tls = true;
    o.certificate_chain_pem = leaf.cert_pem + pki.intermediate.cert_pem;
    o.private_key_pem = leaf.key_pem;
    return o;
}

std::string localhost_url(const mock_server& server) {
    return "https://localhost:" + std::to_string(server.port()) + "/";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

class pinning : public transport_test {
protected:
    // A client trusting the PKI's root, with `pins`.
    [[nodiscard]] http::client_options pinned(std::vector<certificate_pin> pins) const {
        auto o = options();
        o.tls.ca_pem = pki.root.cert_pem;
        o.tls.pins = std::move(pins);
        return o;
    }

    result<http::response> get(const http::client_options& o, const std::string& url) const {
        http::client client(o);
        return client.execute(http::request::get(url));
    }

    test_pki pki = make_test_pki();
};

TEST_P(pinning, the_leaf_pin_is_accepted) {
    mock_server server(serving(pki, pki.leaf));
    server.enqueue(mock_response::text("pinned"));
    auto r = get(pinned({{"127.0.0.1", {pki.leaf.pin}}}), server.url("/"));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "pinned");
}

TEST_P(pinning, a_wrong_pin_fails_closed_before_the_request_is_sent_and_names_expected_and_seen_pins) {
    mock_server server(serving(pki, pki.leaf));
    server.enqueue(mock_response::text("must not be served"));
    auto r = get(pinned({{"127.0.0.1", {pki.other_ca.pin}}}), server.url("/"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::pinning_failed) << r.error().to_string();
    EXPECT_EQ(classify(r.error()), error_class::fatal) << "a pin mismatch does not fix itself";
    EXPECT_EQ(server.request_count(), 0u);
    const auto& m = r.error().message();
    EXPECT_TRUE(contains(m, "certificate pinning failed for 127.0.0.1")) << m;
    EXPECT_TRUE(contains(m, "expected one of " + pki.other_ca.pin)) << m;
    // The whole verified chain, the root the server never sent included.
    EXPECT_TRUE(contains(m, pki.leaf.pin + " (CN=localhost)")) << m;
    EXPECT_TRUE(contains(m, pki.intermediate.pin + " (CN=tether test intermediate)")) << m;
    EXPECT_TRUE(contains(m, pki.root.pin + " (CN=tether test root)")) << m;
    EXPECT_TRUE(contains(m, "update tls_options::pins")) << m;
    EXPECT_THROW((void)r.value(), tether::pinning_error);
}

TEST_P(pinning, a_backup_pin_is_accepted) {
    // The key the pins were written for is gone; the backup is in use.
    mock_server server(serving(pki, pki.leaf));
    server.enqueue(mock_response::text("rotated"));
    auto r = get(pinned({{"127.0.0.1", {pki.other_ca.pin, pki.leaf.pin}}}), server.url("/"));
    ASSERT_TRUE(r) << r.error().to_string();
}

TEST_P(pinning, the_intermediate_ca_pin_is_accepted) {
    mock_server server(serving(pki, pki.leaf));
    server.enqueue(mock_response::text("ok"));
    auto r = get(pinned({{"127.0.0.1", {pki.intermediate.pin}}}), server.url("/"));
    ASSERT_TRUE(r) << r.error().to_string();
}

TEST_P(pinning, the_root_pin_is_accepted_though_the_server_does_not_send_the_root) {
    mock_server server(serving(pki, pki.leaf));
    server.enqueue(mock_response::text("ok"));
    auto r = get(pinned({{"127.0.0.1", {pki.root.pin}}}), server.url("/"));
    ASSERT_TRUE(r) << r.error().to_string();
}

TEST_P(pinning, a_matching_pin_never_makes_an_unverified_certificate_acceptable) {
    // Self-signed, with the pinned key: verification fails first.
    {
        mock_server server(mock_server_options{.tls = true,
                                               .certificate_chain_pem = pki.self_signed.cert_pem,
                                               .private_key_pem = pki.self_signed.key_pem});
        server.enqueue(mock_response::text("must not be served"));
        auto r = get(pinned({{"127.0.0.1", {pki.self_signed.pin}}}), server.url("/"));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
        EXPECT_EQ(server.request_count(), 0u);
    }
    // Issued by a CA the client does not trust, with the pinned key.
    {
        auto foreign = tether::testing::make_test_server_certificate(pki.other_ca);
        mock_server server(mock_server_options{
            .tls = true, .certificate_chain_pem = foreign.cert_pem, .private_key_pem = foreign.key_pem});
        server.enqueue(mock_response::text("must not be served"));
        auto r = get(pinned({{"127.0.0.1", {foreign.pin, pki.other_ca.pin}}}), server.url("/"));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
        EXPECT_EQ(server.request_count(), 0u);
    }
}

TEST_P(pinning, hosts_no_pattern_matches_are_not_pinned) {
    mock_server server(serving(pki, pki.leaf));
    server.route("GET", "/*", [](const auto&) { return mock_response::text("ok"); });
    // "*." covers exactly one more label: not the bare name.
    auto one_label = get(pinned({{"*.localhost", {pki.other_ca.pin}}, {"api.example.test", {pki.other_ca.pin}}}),
                         localhost_url(server));
    ASSERT_TRUE(one_label) << one_label.error().to_string();
}

TEST_P(pinning, patterns_match_case_insensitively_and_any_depth_wildcards_cover_the_bare_host) {
    mock_server server(serving(pki, pki.leaf));
    server.route("GET", "/*", [](const auto&) { return mock_response::text("ok"); });
    for (const auto* pattern : {"LocalHost", "**.localhost"}) {
        SCOPED_TRACE(pattern);
        auto r = get(pinned({{pattern, {pki.other_ca.pin}}}), localhost_url(server));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code(), errc::pinning_failed) << r.error().to_string();
        EXPECT_TRUE(contains(r.error().message(), "certificate pinning failed for localhost:")) << r.error().message();
    }
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(pinning, the_pins_of_every_pattern_matching_the_host_count) {
    mock_server server(serving(pki, pki.leaf));
    server.enqueue(mock_response::text("ok"));
    auto r = get(pinned({{"localhost", {pki.other_ca.pin}}, {"**.localhost", {pki.leaf.pin}}}), localhost_url(server));
    ASSERT_TRUE(r) << r.error().to_string();
}

TEST_P(pinning, a_reused_connection_is_not_checked_again_but_every_new_one_is) {
    mock_server first(serving(pki, pki.leaf));
    first.route("GET", "/*", [](const auto&) { return mock_response::text("first"); });
    // Same host, same CA, another key: only the pins tell it apart.
    auto other_leaf = tether::testing::make_test_server_certificate(pki.intermediate);
    mock_server second(serving(pki, other_leaf));
    second.route("GET", "/*", [](const auto&) { return mock_response::text("second"); });

    http::client client(pinned({{"127.0.0.1", {pki.leaf.pin}}}));
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.execute(http::request::get(first.url("/"))));
    EXPECT_EQ(first.connection_count(), 1u);

    auto r = client.execute(http::request::get(second.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::pinning_failed) << r.error().to_string();
    EXPECT_TRUE(contains(r.error().message(), other_leaf.pin)) << r.error().message();
    EXPECT_EQ(second.request_count(), 0u);

    ASSERT_TRUE(client.execute(http::request::get(first.url("/"))));
}

TEST_P(pinning, a_new_connection_never_resumes_a_tls_session_which_would_skip_the_check) {
    // A resumed session exchanges no certificates, so nothing would be
    // verified or pinned: each new connection makes a full handshake.
    mock_server server(serving(pki, pki.leaf));
    server.route("GET", "/*", [](const auto&) { return mock_response::text("bye").close(); });
    http::client client(pinned({{"127.0.0.1", {pki.leaf.pin}}}));
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.execute(http::request::get(server.url("/"))));
    EXPECT_EQ(server.connection_count(), 3u);
    for (const auto& rec : server.requests()) EXPECT_FALSE(rec.tls_session_resumed) << "connection " << rec.connection;
}

TEST_P(pinning, pins_without_verification_are_refused_at_construction) {
    auto o = pinned({{"127.0.0.1", {pki.leaf.pin}}});
    o.tls.verify_peer = false;
    try {
        http::client client(o);
        ADD_FAILURE() << "the client was made";
    } catch (const std::invalid_argument& e) {
        EXPECT_TRUE(contains(e.what(), "tls_options::pins are set but verify_peer is false")) << e.what();
    }
}

TEST_P(pinning, a_malformed_pin_is_refused_at_construction_naming_it_and_the_rule) {
    const std::vector<std::pair<certificate_pin, std::string>> cases = {
        {{"127.0.0.1", {pki.leaf.pin, "sha256/tooshort="}}, "tls_options::pins[0]: 'sha256/tooshort=' is not a pin"},
        {{"127.0.0.1", {"sha1/" + pki.leaf.pin.substr(7)}}, "sha1 pins are not supported"},
        {{"api.*.example.com", {pki.leaf.pin}}, "tls_options::pins[0].host_pattern: 'api.*.example.com'"},
        {{"127.0.0.1", {}}, "has no pins"},
    };
    for (const auto& [pin, expected] : cases) {
        SCOPED_TRACE(expected);
        try {
            http::client client(pinned({pin}));
            ADD_FAILURE() << "the client was made";
        } catch (const std::invalid_argument& e) {
            EXPECT_TRUE(contains(e.what(), expected)) << e.what();
        }
    }
}

INSTANTIATE_TEST_SUITE_P(transports, pinning, ::testing::ValuesIn(tested_transports()), transport_name);

// Only the curl transport goes through proxies.
TEST(pinning_through_a_proxy, the_origin_is_pinned_through_the_tunnel_and_the_https_proxy_is_not) {
    const auto pki = make_test_pki();
    mock_server origin(serving(pki, pki.leaf));
    origin.route("GET", "/*", [](const auto&) { return mock_response::text("through the tunnel"); });
    // On the same host as the origin, with another key: pins for
    // 127.0.0.1 would refuse it, were the proxy pinned.
    mock_server proxy(mock_server_options{.tls = true, .allow_connect = true});
    auto o = quick_options();
    o.transport = http::transport_kind::curl;
    o.proxy.url = proxy.url("");
    o.tls.ca_pem = pki.root.cert_pem + proxy.ca_pem();
    o.tls.pins = {{"127.0.0.1", {pki.leaf.pin}}};
    {
        http::client client(o);
        auto r = client.execute(http::request::get(origin.url("/")));
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_EQ(r->body(), "through the tunnel");
    }
    o.tls.pins = {{"127.0.0.1", {pki.other_ca.pin}}};
    http::client client(o);
    auto r = client.execute(http::request::get(origin.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::pinning_failed) << r.error().to_string();
    EXPECT_TRUE(contains(r.error().message(), pki.leaf.pin)) << "the origin's chain, not the proxy's";
    EXPECT_EQ(proxy.request_count(), 2u) << "both clients tunnelled";
    EXPECT_EQ(origin.request_count(), 1u);
}
