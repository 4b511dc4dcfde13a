// Forward proxies: plain HTTP in absolute form, HTTPS through CONNECT,
// credentials, bypass lists and the environment.

#include "support.hpp"

#include <cstdlib>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;
using tether::testing::mock_server_options;

namespace {

// Sets an environment variable for the scope of a test.
class scoped_env {
public:
    scoped_env(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
    ~scoped_env() { ::unsetenv(name_); }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

private:
    const char* name_;
};

}  // namespace

TEST(proxy, http_requests_go_to_the_proxy_in_absolute_form_with_credentials) {
    mock_server proxy;
    proxy.enqueue(mock_response::text("via proxy"));
    auto opts = quick_options();
    opts.proxy.url = proxy.url("");
    opts.proxy.username = "alice";
    opts.proxy.password = "s3cret";
    http::client client(opts);
    auto r = client.execute(http::request::get("http://backend.example.test:8080/items?id=1"));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "via proxy");
    auto rec = proxy.take_request();
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->target, "http://backend.example.test:8080/items?id=1");
    EXPECT_EQ(rec->headers.get("Proxy-Authorization"), "Basic YWxpY2U6czNjcmV0");
}

TEST(proxy, credentials_in_the_proxy_url_are_used) {
    mock_server proxy;
    proxy.enqueue(mock_response::text("ok"));
    auto opts = quick_options();
    opts.proxy.url = "http://bob:pa%40ss@127.0.0.1:" + std::to_string(proxy.port());
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get("http://backend.example.test/")));
    EXPECT_EQ(proxy.take_request()->headers.get("Proxy-Authorization"), "Basic Ym9iOnBhQHNz");
}

TEST(proxy, https_goes_through_a_connect_tunnel) {
    mock_server target(mock_server_options{.tls = true});
    target.enqueue(mock_response::text("tunnelled"));
    mock_server proxy(mock_server_options{.allow_connect = true});
    auto opts = quick_options();
    opts.proxy.url = proxy.url("");
    opts.proxy.username = "alice";
    opts.proxy.password = "pw";
    opts.tls.ca_pem = target.ca_pem();
    http::client client(opts);
    auto r = client.execute(http::request::get(target.url("/secret")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "tunnelled");
    auto connect = proxy.take_request();
    ASSERT_TRUE(connect);
    EXPECT_EQ(connect->method, "CONNECT");
    EXPECT_EQ(connect->target, "127.0.0.1:" + std::to_string(target.port()));
    EXPECT_EQ(connect->headers.get("Proxy-Authorization"), "Basic YWxpY2U6cHc=");
    auto inside = target.take_request();
    ASSERT_TRUE(inside);
    EXPECT_EQ(inside->target, "/secret");
    EXPECT_FALSE(inside->headers.contains("Proxy-Authorization")) << "proxy credentials never reach the origin";
}

TEST(proxy, a_proxy_that_refuses_the_tunnel_is_a_proxy_error) {
    mock_server target(mock_server_options{.tls = true});
    mock_server proxy(mock_server_options{.allow_connect = true});
    proxy.enqueue(mock_response(407).header("Proxy-Authenticate", "Basic realm=\"proxy\""));
    auto opts = quick_options();
    opts.proxy.url = proxy.url("");
    opts.tls.ca_pem = target.ca_pem();
    http::client client(opts);
    auto r = client.execute(http::request::get(target.url("/")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::proxy_failed) << r.error().to_string();
    EXPECT_EQ(target.request_count(), 0u);
}

TEST(proxy, an_unreachable_proxy_is_reported) {
    auto opts = quick_options();
    opts.proxy.url = "http://127.0.0.1:1";
    http::client client(opts);
    auto r = client.execute(http::request::get("http://backend.example.test/"));
    ASSERT_FALSE(r);
    EXPECT_EQ(kind_of(r.error().code()), error_kind::network) << r.error().to_string();
}

TEST(proxy, hosts_in_no_proxy_are_reached_directly) {
    mock_server proxy;
    mock_server target;
    target.enqueue(mock_response::text("direct"));
    auto opts = quick_options();
    opts.proxy.url = proxy.url("");
    opts.proxy.no_proxy = "example.test, 127.0.0.1";
    http::client client(opts);
    auto r = client.execute(http::request::get(target.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "direct");
    EXPECT_EQ(proxy.request_count(), 0u);
}

TEST(proxy, the_environment_configures_the_proxy_when_asked) {
    mock_server proxy;
    proxy.route("*", "/*", [](const auto&) { return mock_response::text("env proxy"); });
    scoped_env http_proxy("http_proxy", proxy.url(""));
    {
        http::client client(quick_options());
        auto r = client.execute(http::request::get("http://backend.example.test/env"));
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_EQ(r->body(), "env proxy");
    }
    {
        auto opts = quick_options();
        opts.proxy.from_environment = false;
        http::client client(opts);
        auto r = client.execute(http::request::get("http://backend.example.test/env"));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code(), errc::dns_failed) << "went direct, and the host does not exist";
    }
}

TEST(proxy, uppercase_http_proxy_is_ignored) {
    mock_server proxy;
    proxy.route("*", "/*", [](const auto&) { return mock_response::text("should not be used"); });
    scoped_env upper("HTTP_PROXY", proxy.url(""));
    http::client client(quick_options());
    auto r = client.execute(http::request::get("http://backend.example.test/"));
    ASSERT_FALSE(r);
    EXPECT_EQ(proxy.request_count(), 0u);
}

TEST(proxy, a_proxy_reached_over_tls_tunnels_to_the_origin) {
    // Both the proxy and the origin present certificates from their own
    // test CA; trust both through one bundle.
    mock_server target(mock_server_options{.tls = true});
    target.enqueue(mock_response::text("through a TLS proxy"));
    mock_server proxy(mock_server_options{.tls = true, .allow_connect = true});
    auto opts = quick_options();
    opts.proxy.url = proxy.url("");
    opts.tls.ca_pem = target.ca_pem() + proxy.ca_pem();
    http::client client(opts);
    auto r = client.execute(http::request::get(target.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "through a TLS proxy");
    EXPECT_EQ(proxy.take_request()->method, "CONNECT");
}

TEST(proxy, proxied_and_direct_requests_alternate_on_one_client) {
    mock_server proxy;
    proxy.route("*", "/*", [](const auto&) { return mock_response::text("proxied"); });
    mock_server direct;
    direct.route("*", "/*", [](const auto&) { return mock_response::text("direct"); });
    auto opts = quick_options();
    opts.proxy.url = proxy.url("");
    opts.proxy.username = "u";
    opts.proxy.password = "p";
    opts.proxy.no_proxy = "127.0.0.1";
    http::client client(opts);
    for (int i = 0; i < 3; ++i) {
        auto via = client.execute(http::request::get("http://backend.example.test/x"));
        ASSERT_TRUE(via) << via.error().to_string();
        EXPECT_EQ(via->body(), "proxied");
        auto straight = client.execute(http::request::get(direct.url("/y")));
        ASSERT_TRUE(straight) << straight.error().to_string();
        EXPECT_EQ(straight->body(), "direct");
    }
    for (const auto& rec : direct.requests()) {
        EXPECT_FALSE(rec.headers.contains("Proxy-Authorization"));
        EXPECT_EQ(rec.target, "/y");
    }
    EXPECT_EQ(proxy.request_count(), 3u);
}
