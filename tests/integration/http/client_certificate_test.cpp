// Mutual TLS: the client presents tls_options::client_certificate to a
// server that asks for one; a certificate that cannot be used is refused
// when the client is made, not at the first request.

#include "support.hpp"

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

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

client_certificate identity(const test_certificate& c) {
    client_certificate id;
    id.cert_pem = c.cert_pem;
    id.key_pem = c.key_pem;
    return id;
}

}  // namespace

class client_certificates : public transport_test {
protected:
    // A server that asks for a client certificate issued by the PKI's root.
    [[nodiscard]] mock_server_options requiring_clients() const {
        mock_server_options o;
        o.tls = true;
        o.certificate_chain_pem = pki.server_chain_pem();
        o.private_key_pem = pki.leaf.key_pem;
        o.client_ca_pem = pki.root.cert_pem;
        return o;
    }

    [[nodiscard]] http::client_options presenting(std::optional<client_certificate> id) const {
        auto o = options();
        o.tls.ca_pem = pki.root.cert_pem;
        o.tls.client_certificate = std::move(id);
        return o;
    }

    // The message of the std::invalid_argument making a client throws.
    [[nodiscard]] std::string refusal(const http::client_options& o) const {
        try {
            http::client client(o);
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "(the client was made)";
    }

    test_pki pki = make_test_pki();
};

TEST_P(client_certificates, a_server_that_requires_one_accepts_the_configured_certificate) {
    mock_server server(requiring_clients());
    server.enqueue(mock_response::text("hello, client"));
    http::client client(presenting(identity(pki.client)));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "hello, client");
    auto rec = server.take_request();
    ASSERT_TRUE(rec);
    EXPECT_TRUE(contains(rec->client_certificate_subject, "CN=tether test client")) << rec->client_certificate_subject;
}

TEST_P(client_certificates, without_one_the_server_refuses_the_connection) {
    mock_server server(requiring_clients());
    server.enqueue(mock_response::text("must not be served"));
    http::client client(presenting(std::nullopt));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(client_certificates, a_certificate_from_a_ca_the_server_does_not_trust_is_refused) {
    mock_server server(requiring_clients());
    server.enqueue(mock_response::text("must not be served"));
    http::client client(presenting(identity(pki.other_client)));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(client_certificates, files_and_an_encrypted_key_with_its_password_work) {
    mock_server server(requiring_clients());
    server.enqueue(mock_response::text("ok"));
    temp_file cert(pki.client.cert_pem, ".pem");
    temp_file key(tether::testing::encrypt_test_key(pki.client.key_pem, "s3cret"), ".key");
    client_certificate id;
    id.cert_file = cert.path();
    id.key_file = key.path();
    id.key_password = "s3cret";
    http::client client(presenting(id));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
}

TEST_P(client_certificates, servers_that_do_not_ask_are_unaffected) {
    mock_server server(mock_server_options{
        .tls = true, .certificate_chain_pem = pki.server_chain_pem(), .private_key_pem = pki.leaf.key_pem});
    server.enqueue(mock_response::text("ok"));
    http::client client(presenting(identity(pki.client)));
    auto r = client.execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    auto rec = server.take_request();
    ASSERT_TRUE(rec);
    EXPECT_TRUE(rec->client_certificate_subject.empty());
}

TEST_P(client_certificates, an_unusable_certificate_or_key_is_refused_at_construction) {
    auto mismatched = identity(pki.client);
    mismatched.key_pem = pki.other_client.key_pem;
    EXPECT_TRUE(contains(refusal(presenting(mismatched)), "the private key does not belong to the certificate"))
        << refusal(presenting(mismatched));

    auto locked = identity(pki.client);
    locked.key_pem = tether::testing::encrypt_test_key(pki.client.key_pem, "s3cret");
    EXPECT_TRUE(contains(refusal(presenting(locked)), "if it is encrypted, set key_password"))
        << refusal(presenting(locked));
    locked.key_password = "wrong";
    EXPECT_TRUE(contains(refusal(presenting(locked)), "check key_password")) << refusal(presenting(locked));

    client_certificate missing;
    missing.cert_file = "/nonexistent/client.pem";
    missing.key_pem = pki.client.key_pem;
    EXPECT_TRUE(contains(refusal(presenting(missing)), "could not read cert_file '/nonexistent/client.pem'"))
        << refusal(presenting(missing));

    auto garbage = identity(pki.client);
    garbage.cert_pem = "not a certificate";
    EXPECT_TRUE(contains(refusal(presenting(garbage)), "tls_options::client_certificate: the certificate is not PEM"))
        << refusal(presenting(garbage));
}

INSTANTIATE_TEST_SUITE_P(transports, client_certificates, ::testing::ValuesIn(tested_transports()), transport_name);
