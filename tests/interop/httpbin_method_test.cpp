// Every method through httpbin's /anything, with and without a body.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>

namespace {

using namespace tether;
using tether::interop::echo_headers;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;
using tether::interop::string_member;

class httpbin_method : public transport_test {};

TEST_P(httpbin_method, every_method_reaches_the_server_with_its_body) {
    for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
        SCOPED_TRACE(method);
        http::request req(method, httpbin_url("/anything"));
        req.body(http::body::text(std::string("sent with ") + method));
        auto echo = echo_of(req);
        EXPECT_EQ(string_member(echo, "method"), method);
        EXPECT_EQ(string_member(echo, "data"), std::string("sent with ") + method);
    }
}

TEST_P(httpbin_method, get_and_delete_without_body_send_no_body_framing) {
    for (const char* method : {"GET", "DELETE"}) {
        SCOPED_TRACE(method);
        auto echo = echo_of(http::request(method, httpbin_url("/anything")));
        EXPECT_EQ(string_member(echo, "method"), method);
        EXPECT_EQ(string_member(echo, "data"), "");
        EXPECT_FALSE(echo_headers(echo).contains("Content-Type")) << echo_headers(echo);
        EXPECT_FALSE(echo_headers(echo).contains("Transfer-Encoding")) << echo_headers(echo);
    }
}

// RFC 9110 §9.3.2: HEAD is GET without the content; the announced length
// must not make the client wait for a body.
TEST_P(httpbin_method, head_returns_the_headers_without_a_body) {
    http::client client(options());
    auto r = client.execute(http::request::head(httpbin_url("/get")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
    EXPECT_TRUE(r->body().empty());
    EXPECT_TRUE(r->headers().contains("Content-Length"));
}

// RFC 9110 §8.6: a PUT or PATCH without content says so with a length of 0,
// which servers that insist on a length expect.
TEST_P(httpbin_method, put_and_patch_without_body_announce_content_length_zero) {
    for (const char* method : {"PUT", "PATCH"}) {
        SCOPED_TRACE(method);
        auto echo = echo_of(http::request(method, httpbin_url("/anything")));
        EXPECT_EQ(string_member(echo, "method"), method);
        EXPECT_EQ(string_member(echo_headers(echo), "Content-Length"), "0");
    }
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_method, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
