// Cookies are plain headers to tether: sent as given, Set-Cookie readable,
// and no cookie jar replays them on its own.

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

class httpbin_cookie : public transport_test {};

TEST_P(httpbin_cookie, cookie_header_is_sent_as_given) {
    http::client client(options());
    auto r = client.execute(http::request::get(httpbin_url("/cookies")).header("Cookie", "flavour=oat; count=3"));
    ASSERT_TRUE(r) << r.error().to_string();
    const auto cookies = json_object(*r).at("cookies").as_object();
    EXPECT_EQ(cookies, (boost::json::object{{"flavour", "oat"}, {"count", "3"}}));
}

TEST_P(httpbin_cookie, set_cookie_is_readable_when_the_redirect_is_returned_not_followed) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/cookies/set"));
    req.query("name", "value");
    req.options().max_redirects = 0;
    req.options().accept_status = [](int status) { return status == 302; };
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 302);
    EXPECT_EQ(r->redirects(), 0);
    EXPECT_EQ(r->headers().get("Location"), "/cookies");
    auto set_cookie = r->headers().get("Set-Cookie");
    ASSERT_TRUE(set_cookie);
    EXPECT_EQ(set_cookie->substr(0, 11), "name=value;") << *set_cookie;
}

// The client has no cookie jar (client_options offers none): a Set-Cookie on
// a followed redirect must not come back on the next hop, as it would if
// curl's cookie engine were switched on behind the API.
TEST_P(httpbin_cookie, cookie_set_by_a_followed_redirect_is_not_sent_back) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/cookies/set"));
    req.query("name", "value");
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->url(), httpbin_url("/cookies"));
    EXPECT_TRUE(json_object(*r).at("cookies").as_object().empty()) << r->body();
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_cookie, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
