// TLS against nginx with a certificate from a private CA made for the run:
// which trust settings accept it, and which HTTP version ALPN picks.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace {

using namespace tether;
using tether::interop::json_object;
using tether::interop::nginx_ca_pem;
using tether::interop::nginx_https_url;
using tether::interop::nginx_https_url_via_localhost;
using tether::interop::string_member;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

// ---- what every transport must do ----------------------------------------

class nginx_tls : public transport_test {};

TEST_P(nginx_tls, private_ca_file_is_trusted) {
    http::client client(nginx_options());
    auto r = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
    EXPECT_EQ(string_member(json_object(*r), "hello"), "world");
}

TEST_P(nginx_tls, http2_off_negotiates_http1_1) {
    http::client client(nginx_options());
    auto r = client.execute(http::request::get(nginx_https_url("/echo")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->version(), http::http_version::http1_1);
    EXPECT_EQ(string_member(json_object(*r), "protocol"), "HTTP/1.1");
}

TEST_P(nginx_tls, ca_pem_text_is_trusted_like_a_ca_file) {
    auto opts = options();
    opts.tls.ca_pem = nginx_ca_pem();
    http::client client(opts);
    auto r = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
}

// The certificate names both IP:127.0.0.1 and DNS:localhost; the host name
// is checked against the DNS entry (RFC 6125 §6.4).
TEST_P(nginx_tls, host_name_is_verified_against_the_certificate_dns_name) {
    http::client client(nginx_options());
    auto r = client.execute(http::request::get(nginx_https_url_via_localhost("/hello.json")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
}

TEST_P(nginx_tls, system_trust_rejects_a_private_ca_with_tls_failed) {
    http::client client(options());
    auto r = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
    EXPECT_EQ(r.error().kind(), error_kind::network);
}

INSTANTIATE_TEST_SUITE_P(nginx, nginx_tls, ::testing::ValuesIn(tested_transports()), transport_name);

// ---- HTTP/2 by ALPN: the curl transport only -------------------------------

TEST(nginx_tls_http2, private_ca_file_is_trusted_and_alpn_picks_http2) {
    http::client client(tether::interop::nginx_options());
    auto r = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
    EXPECT_EQ(r->version(), http::http_version::http2);
    EXPECT_EQ(string_member(json_object(*r), "hello"), "world");
}

TEST(nginx_tls_http2, server_sees_http2_too) {
    http::client client(tether::interop::nginx_options());
    auto r = client.execute(http::request::get(nginx_https_url("/echo")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(string_member(json_object(*r), "protocol"), "HTTP/2.0");
}

}  // namespace
