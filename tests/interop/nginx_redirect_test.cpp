// Redirects that change scheme and port, between nginx's plain HTTP and its
// HTTPS server: credentials never cross, and https -> http is refused.
//
// nginx's /echo reports the Authorization and Cookie headers it received
// ("" when there were none).

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace {

using namespace tether;
using tether::interop::json_object;
using tether::interop::nginx_http_url;
using tether::interop::nginx_https_url;
using tether::interop::string_member;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;

http::request with_credentials(std::string url) {
    auto req = http::request::get(std::move(url));
    req.header("Authorization", "Bearer secret-token").header("Cookie", "session=secret-cookie");
    return req;
}

class nginx_redirect : public transport_test {};

TEST_P(nginx_redirect, same_origin_echo_shows_the_credentials) {
    // The control for the tests below: /echo does report what it received.
    http::client client(nginx_options());
    auto r = client.execute(with_credentials(nginx_https_url("/echo")));
    ASSERT_TRUE(r) << r.error().to_string();
    auto echo = json_object(*r);
    EXPECT_EQ(string_member(echo, "authorization"), "Bearer secret-token");
    EXPECT_EQ(string_member(echo, "cookie"), "session=secret-cookie");
}

// http://127.0.0.1:A -> https://127.0.0.1:B: same host, another scheme and
// port, so another origin (RFC 6454 §4).
TEST_P(nginx_redirect, upgrade_to_https_on_another_port_drops_authorization_and_cookie) {
    http::client client(nginx_options());
    auto r = client.execute(with_credentials(nginx_http_url("/to-https/echo")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->redirects(), 1);
    EXPECT_EQ(r->url(), nginx_https_url("/echo"));
    auto echo = json_object(*r);
    EXPECT_EQ(string_member(echo, "authorization"), "");
    EXPECT_EQ(string_member(echo, "cookie"), "");
}

TEST_P(nginx_redirect, https_to_http_redirect_is_refused_with_insecure_redirect) {
    http::client client(nginx_options());
    auto r = client.execute(with_credentials(nginx_https_url("/to-http/echo")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::insecure_redirect) << r.error().to_string();
    EXPECT_EQ(r.error().kind(), error_kind::policy);
}

TEST_P(nginx_redirect, allowed_https_to_http_redirect_is_followed_without_credentials) {
    auto opts = nginx_options();
    opts.allow_insecure_redirects = true;
    http::client client(opts);
    auto r = client.execute(with_credentials(nginx_https_url("/to-http/echo")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->url(), nginx_http_url("/echo"));
    auto echo = json_object(*r);
    EXPECT_EQ(string_member(echo, "protocol"), "HTTP/1.1");
    EXPECT_EQ(string_member(echo, "authorization"), "");
    EXPECT_EQ(string_member(echo, "cookie"), "");
}

INSTANTIATE_TEST_SUITE_P(nginx, nginx_redirect, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
