// Choosing a transport: the native transport speaks HTTP/1.1 without
// proxies, and refuses at construction the options it cannot honour rather
// than ignore them (client_options::transport).

#include "support.hpp"

#include <gmock/gmock.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

// Sets or unsets an environment variable for the scope of a test, and puts
// back whatever was there before.
class scoped_env {
public:
    scoped_env(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) previous_ = old;
        if (value) {
            ::setenv(name, value->c_str(), 1);
        } else {
            ::unsetenv(name);
        }
    }
    ~scoped_env() {
        if (previous_) {
            ::setenv(name_, previous_->c_str(), 1);
        } else {
            ::unsetenv(name_);
        }
    }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

private:
    const char* name_;
    std::optional<std::string> previous_;
};

// Options the native transport can honour.
http::client_options native_options() {
    auto o = quick_options();
    o.transport = http::transport_kind::native;
    o.http2 = false;
    o.proxy.from_environment = false;
    return o;
}

// The message of the std::invalid_argument that constructing a client with
// `options` throws, or a note saying that it threw nothing.
std::string refusal_of(const http::client_options& options) {
    try {
        http::client client(options);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "<no std::invalid_argument>";
}

}  // namespace

TEST(transport_choice, native_refuses_http2_and_names_the_option) {
    auto opts = native_options();
    opts.http2 = true;
    EXPECT_THAT(refusal_of(opts), ::testing::HasSubstr("http2"));
}

TEST(transport_choice, native_refuses_the_default_options_because_they_ask_for_http2) {
    http::client_options opts;
    opts.transport = http::transport_kind::native;
    opts.proxy.from_environment = false;
    EXPECT_THAT(refusal_of(opts), ::testing::HasSubstr("http2"));
}

TEST(transport_choice, native_refuses_a_proxy_url_and_names_the_option) {
    auto opts = native_options();
    opts.proxy.url = "http://127.0.0.1:3128";
    EXPECT_THAT(refusal_of(opts), ::testing::HasSubstr("proxy"));
}

TEST(transport_choice, native_refuses_a_proxy_from_the_environment_and_names_the_option) {
    // Each variable the environment may carry a proxy in, one at a time.
    for (const char* variable : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
        SCOPED_TRACE(variable);
        scoped_env no_http{"http_proxy", std::nullopt};
        scoped_env no_https{"https_proxy", std::nullopt};
        scoped_env no_https_upper{"HTTPS_PROXY", std::nullopt};
        scoped_env no_all{"all_proxy", std::nullopt};
        scoped_env no_all_upper{"ALL_PROXY", std::nullopt};
        scoped_env proxy{variable, "http://127.0.0.1:3128"};
        auto opts = native_options();
        opts.proxy.from_environment = true;
        EXPECT_THAT(refusal_of(opts), ::testing::HasSubstr("from_environment"));
    }
}

TEST(transport_choice, native_accepts_from_environment_when_the_environment_names_no_proxy) {
    mock_server server;
    server.enqueue(mock_response::text("direct"));
    scoped_env no_http{"http_proxy", std::nullopt};
    scoped_env no_https{"https_proxy", std::nullopt};
    scoped_env no_https_upper{"HTTPS_PROXY", std::nullopt};
    scoped_env no_all{"all_proxy", std::nullopt};
    scoped_env no_all_upper{"ALL_PROXY", std::nullopt};
    // Ignored by every transport (httpoxy, CVE-2016-5385), so no reason to refuse.
    scoped_env ignored{"HTTP_PROXY", "http://127.0.0.1:1"};
    auto opts = native_options();
    opts.proxy.from_environment = true;
    std::optional<http::client> client;
    ASSERT_NO_THROW(client.emplace(opts));
    auto r = client->execute(http::request::get(server.url("/")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body(), "direct");
}

TEST(transport_choice, curl_accepts_what_native_refuses) {
    auto opts = quick_options();
    opts.transport = http::transport_kind::curl;
    opts.http2 = true;
    opts.proxy.url = "http://127.0.0.1:3128";
    EXPECT_NO_THROW(http::client{opts});
}
