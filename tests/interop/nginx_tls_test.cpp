// TLS against nginx with a certificate from a private CA made for the run:
// which trust settings accept it, and which HTTP version ALPN picks.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace {

using namespace tether;
using tether::interop::bounded_options;
using tether::interop::json_object;
using tether::interop::nginx_ca_pem;
using tether::interop::nginx_https_url;
using tether::interop::nginx_https_url_via_localhost;
using tether::interop::nginx_options;
using tether::interop::string_member;

TEST(nginx_tls, private_ca_file_is_trusted_and_alpn_picks_http2) {
    http::client client(nginx_options());
    auto r = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
    EXPECT_EQ(r->version(), http::http_version::http2);
    EXPECT_EQ(string_member(json_object(*r), "hello"), "world");
}

TEST(nginx_tls, server_sees_http2_too) {
    http::client client(nginx_options());
    auto r = client.execute(http::request::get(nginx_https_url("/echo")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(string_member(json_object(*r), "protocol"), "HTTP/2.0");
}

TEST(nginx_tls, http2_off_negotiates_http1_1) {
    auto options = nginx_options();
    options.http2 = false;
    http::client client(options);
    auto r = client.execute(http::request::get(nginx_https_url("/echo")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->version(), http::http_version::http1_1);
    EXPECT_EQ(string_member(json_object(*r), "protocol"), "HTTP/1.1");
}

TEST(nginx_tls, ca_pem_text_is_trusted_like_a_ca_file) {
    auto options = bounded_options();
    options.tls.ca_pem = nginx_ca_pem();
    http::client client(options);
    auto r = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->version(), http::http_version::http2);
}

// The certificate names both IP:127.0.0.1 and DNS:localhost; the host name
// is checked against the DNS entry (RFC 6125 §6.4).
TEST(nginx_tls, host_name_is_verified_against_the_certificate_dns_name) {
    http::client client(nginx_options());
    auto r = client.execute(http::request::get(nginx_https_url_via_localhost("/hello.json")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
}

TEST(nginx_tls, system_trust_rejects_a_private_ca_with_tls_failed) {
    http::client client(bounded_options());
    auto r = client.execute(http::request::get(nginx_https_url("/hello.json")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::tls_failed) << r.error().to_string();
    EXPECT_EQ(r.error().kind(), error_kind::network);
}

}  // namespace
