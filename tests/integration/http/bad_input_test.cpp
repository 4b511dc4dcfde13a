// Bad input from the caller gives a clear typed error before anything is sent.

#include "support.hpp"

using namespace tether;
using namespace tether::test;
using tether::testing::mock_server;

class bad_input : public transport_test {};

TEST_P(bad_input, each_invalid_request_is_refused_with_its_error) {
    mock_server server;
    http::client client(options());
    struct bad_case {
        std::string name;
        http::request req;
        errc expected;
    };
    std::vector<bad_case> cases{
        {"spaces in the host", http::request::get("http://bad host/"), errc::invalid_url},
        {"not a URL at all", http::request::get("::::"), errc::invalid_url},
        {"relative URL without a base", http::request::get("/users"), errc::invalid_url},
        {"no host", http::request::get("http:///path"), errc::invalid_url},
        {"ftp", http::request::get("ftp://127.0.0.1/file"), errc::unsupported_scheme},
        {"file", http::request::get("file:///etc/passwd"), errc::unsupported_scheme},
        {"CR LF in a header value", http::request::get(server.url("/")).header("X-A", "v\r\nX-Injected: 1"), errc::invalid_header},
        {"LF in a header value", http::request::get(server.url("/")).header("X-A", "v\nX-Injected: 1"), errc::invalid_header},
        {"NUL in a header value", http::request::get(server.url("/")).header("X-A", std::string("v\0w", 3)), errc::invalid_header},
        {"colon in a header name", http::request::get(server.url("/")).header("X:A", "v"), errc::invalid_header},
        {"empty header name", http::request::get(server.url("/")).header("", "v"), errc::invalid_header},
        {"space in the method", http::request("GE T", server.url("/")), errc::invalid_header},
    };
    for (auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto r = client.execute(c.req);
        ASSERT_FALSE(r);
        EXPECT_EQ(to_string(r.error().code()), to_string(c.expected)) << r.error().to_string();
        EXPECT_FALSE(r.error().message().empty());
        EXPECT_THROW(r.value(), invalid_request_error);
    }
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(bad_input, an_invalid_base_url_is_reported_as_such) {
    auto opts = options();
    opts.base_url = "not a base";
    http::client client(opts);
    auto r = client.execute(http::request::get("users"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::invalid_url);
    EXPECT_NE(r.error().message().find("base_url"), std::string::npos);
}

TEST_P(bad_input, secrets_in_an_invalid_url_never_reach_the_error) {
    http::client client(options());
    auto r = client.execute(http::request::get("http://user:hunter2@bad host/?token=abc"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().to_string().find("hunter2"), std::string::npos);
    EXPECT_EQ(r.error().to_string().find("abc"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(transports, bad_input, ::testing::ValuesIn(tested_transports()), transport_name);
