// Authorization headers against httpbin's Basic and Bearer endpoints, and
// the typed error a rejected credential becomes.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>

namespace {

using namespace tether;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;
using tether::interop::json_object;
using tether::interop::string_member;

class httpbin_auth : public transport_test {};

// base64("user:passwd") and base64("user:wrong") (RFC 7617 §2).
constexpr const char* right_basic = "Basic dXNlcjpwYXNzd2Q=";
constexpr const char* wrong_basic = "Basic dXNlcjp3cm9uZw==";

TEST_P(httpbin_auth, matching_basic_credentials_are_accepted) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/basic-auth/user/passwd"));
    req.header("Authorization", right_basic);
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    auto doc = json_object(*r);
    EXPECT_EQ(doc.at("authenticated"), true);
    EXPECT_EQ(string_member(doc, "user"), "user");
}

TEST_P(httpbin_auth, wrong_basic_credentials_fail_with_unauthorized_and_status_401) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/basic-auth/user/passwd"));
    req.header("Authorization", wrong_basic);
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    const auto& e = r.error();
    EXPECT_EQ(e.code(), errc::unauthorized) << e.to_string();
    EXPECT_EQ(e.kind(), error_kind::http);
    EXPECT_EQ(e.status(), 401);
    ASSERT_TRUE(e.response());
    EXPECT_EQ(e.response()->status(), 401);
    EXPECT_EQ(e.method(), "GET");
    // The credential is in a header, and headers are never part of an error's text.
    EXPECT_EQ(e.to_string().find("dXNlcjp3cm9uZw"), std::string::npos) << e.to_string();
}

// RFC 3986 §3.2.1 deprecates user:password in URLs, but many configuration
// strings still carry them; they are sent as Basic credentials.
TEST_P(httpbin_auth, user_info_in_the_url_is_sent_as_basic_credentials) {
    http::client client(options());
    auto url = httpbin_url("/basic-auth/user/passwd");
    url.insert(url.find("//") + 2, "user:passwd@");
    auto r = client.execute(http::request::get(url));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(json_object(*r).at("authenticated"), true);
}

TEST_P(httpbin_auth, bearer_token_is_accepted) {
    http::client client(options());
    // httpbin 0.7 strips the scheme with str.lstrip("Bearer "), which also
    // eats leading 'B', 'e', 'a', 'r' and spaces of the token itself; this
    // token starts with none of them.
    auto r = client.execute(http::request::get(httpbin_url("/bearer")).header("Authorization", "Bearer t0ken-42"));
    ASSERT_TRUE(r) << r.error().to_string();
    auto doc = json_object(*r);
    EXPECT_EQ(doc.at("authenticated"), true);
    EXPECT_EQ(string_member(doc, "token"), "t0ken-42");
}

TEST_P(httpbin_auth, missing_bearer_token_fails_with_unauthorized_and_the_challenge_is_readable) {
    http::client client(options());
    auto r = client.execute(http::request::get(httpbin_url("/bearer")));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::unauthorized) << r.error().to_string();
    EXPECT_EQ(r.error().status(), 401);
    ASSERT_TRUE(r.error().response());
    // RFC 6750 §3: the challenge tells the caller which scheme to use.
    EXPECT_EQ(r.error().response()->headers().get("WWW-Authenticate"), "Bearer");
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_auth, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
