// Redirects as httpbin sends them: relative and absolute Location headers,
// every redirect status, and credentials across origins.

#include "support/servers.hpp"
#include "support/support.hpp"

#include <tether/http/client.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <span>
#include <string>

namespace {

using namespace tether;
using tether::interop::echo_headers;
using tether::interop::httpbin_url;
using tether::interop::tested_transports;
using tether::interop::transport_name;
using tether::interop::transport_test;
using tether::interop::httpbin_url_via_localhost;
using tether::interop::json_object;
using tether::interop::scratch_file;
using tether::interop::string_member;

class httpbin_redirect : public transport_test {};

// /redirect/3 answers with a relative Location, then /relative-redirect/2 and
// /absolute-redirect/1 with absolute ones built from the Host header.
TEST_P(httpbin_redirect, relative_and_absolute_redirects_are_followed_to_the_final_url) {
    http::client client(options());
    auto r = client.execute(http::request::get(httpbin_url("/redirect/3")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
    EXPECT_EQ(r->redirects(), 3);
    EXPECT_EQ(r->url(), httpbin_url("/get"));
}

TEST_P(httpbin_redirect, exactly_max_redirects_are_followed) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/redirect/2"));
    req.options().max_redirects = 2;
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->redirects(), 2);
}

TEST_P(httpbin_redirect, one_redirect_more_than_max_redirects_fails_with_too_many_redirects) {
    http::client client(options());
    auto req = http::request::get(httpbin_url("/redirect/3"));
    req.options().max_redirects = 2;
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::too_many_redirects) << r.error().to_string();
}

// How each redirect status treats the method and the body (Fetch §4.4
// "HTTP-redirect fetch", which browsers and curl follow).
struct method_rule {
    int status;
    const char* method;
    const char* method_after;
    bool keeps_body;
};

void expect_redirect_follows(const http::client_options& options, const method_rule& rule) {
    SCOPED_TRACE(std::string(rule.method) + " answered with " + std::to_string(rule.status));
    http::client client(options);
    http::request req(rule.method, httpbin_url("/redirect-to"));
    req.query("url", httpbin_url("/anything")).query("status_code", std::to_string(rule.status));
    req.body(http::body::text("payload"));
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->redirects(), 1);
    auto echo = json_object(*r);
    EXPECT_EQ(string_member(echo, "method"), rule.method_after);
    EXPECT_EQ(string_member(echo, "data"), rule.keeps_body ? "payload" : "");
    const auto headers = echo_headers(echo);
    if (rule.keeps_body) {
        EXPECT_EQ(string_member(headers, "Content-Type"), "text/plain; charset=utf-8");
    } else {
        // The body's description goes with the body.
        EXPECT_FALSE(headers.contains("Content-Type")) << headers;
        EXPECT_FALSE(headers.contains("Content-Length")) << headers;
    }
}

TEST_P(httpbin_redirect, see_other_turns_every_method_into_a_get_without_body) {
    for (auto rule : {method_rule{303, "POST", "GET", false}, method_rule{303, "PUT", "GET", false},
                      method_rule{303, "PATCH", "GET", false}, method_rule{303, "DELETE", "GET", false}}) {
        expect_redirect_follows(options(), rule);
    }
}

TEST_P(httpbin_redirect, moved_and_found_turn_post_into_get_without_body) {
    for (auto rule : {method_rule{301, "POST", "GET", false}, method_rule{302, "POST", "GET", false}}) {
        expect_redirect_follows(options(), rule);
    }
}

TEST_P(httpbin_redirect, moved_and_found_keep_other_methods_and_their_body) {
    for (auto rule : {method_rule{301, "PUT", "PUT", true}, method_rule{302, "PATCH", "PATCH", true}}) {
        expect_redirect_follows(options(), rule);
    }
}

TEST_P(httpbin_redirect, temporary_and_permanent_redirects_keep_method_and_body) {
    for (auto rule : {method_rule{307, "POST", "POST", true}, method_rule{308, "POST", "POST", true},
                      method_rule{307, "PUT", "PUT", true}, method_rule{308, "DELETE", "DELETE", true}}) {
        expect_redirect_follows(options(), rule);
    }
}

// A one-byte body that can be read once, as from a socket or a pipe.
http::body one_shot_stream() {
    auto sent = std::make_shared<bool>(false);
    return http::body::stream(
        [sent](std::span<char> out) -> result<std::size_t> {
            if (*sent) return std::size_t{0};
            *sent = true;
            out[0] = 'x';
            return std::size_t{1};
        },
        1);
}

// A one-shot stream cannot be sent twice, so a redirect that must resend the
// body fails instead of sending an empty one (body.hpp).
TEST_P(httpbin_redirect, one_shot_stream_body_cannot_follow_a_307) {
    http::client client(options());
    auto req = http::request::post(httpbin_url("/redirect-to"), one_shot_stream());
    req.query("url", httpbin_url("/anything")).query("status_code", "307");
    auto r = client.execute(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), errc::invalid_body) << r.error().to_string();
}

// 303 drops the body, so nothing has to be sent again.
TEST_P(httpbin_redirect, one_shot_stream_body_may_follow_a_303_which_drops_it) {
    http::client client(options());
    auto req = http::request::post(httpbin_url("/redirect-to"), one_shot_stream());
    req.query("url", "/anything").query("status_code", "303");
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(string_member(json_object(*r), "method"), "GET");
}

// Files are read from disk again for each hop, so 307/308 resend them whole.
TEST_P(httpbin_redirect, file_and_multipart_bodies_are_sent_again_on_307_and_308) {
    http::client client(options());
    scratch_file file("redirected.txt");
    file.write("file body");

    auto file_req = http::request::post(httpbin_url("/redirect-to"), http::body::file(file.path(), "text/plain"));
    file_req.query("url", "/anything").query("status_code", "307");
    auto r = client.execute(file_req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(string_member(json_object(*r), "data"), "file body");

    http::multipart_form form;
    form.field("title", "again").file("upload", file.path(), "text/plain");
    auto form_req = http::request::post(httpbin_url("/redirect-to"), http::body::multipart(form));
    form_req.query("url", "/anything").query("status_code", "308");
    auto r2 = client.execute(form_req);
    ASSERT_TRUE(r2) << r2.error().to_string();
    auto echo = json_object(*r2);
    EXPECT_EQ(echo.at("form"), (boost::json::object{{"title", "again"}}));
    EXPECT_EQ(echo.at("files"), (boost::json::object{{"upload", "file body"}}));
}

// Credentials sent to one origin never reach another (Fetch §4.4 step 13;
// curl CVE-2022-27776). 127.0.0.1 and localhost are the same httpbin but
// different origins, so the last hop's /headers echo shows what crossed.
http::request with_credentials(std::string url) {
    auto req = http::request::get(std::move(url));
    req.header("Authorization", "Bearer secret-token").header("Cookie", "session=secret-cookie");
    req.header("X-Trace", "kept");
    return req;
}

TEST_P(httpbin_redirect, authorization_and_cookie_are_dropped_when_the_host_changes) {
    http::client client(options());
    auto req = with_credentials(httpbin_url("/redirect-to"));
    req.query("url", httpbin_url_via_localhost("/headers"));
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->url(), httpbin_url_via_localhost("/headers"));
    const auto headers = echo_headers(json_object(*r));
    EXPECT_FALSE(headers.contains("Authorization")) << headers;
    EXPECT_FALSE(headers.contains("Cookie")) << headers;
    EXPECT_EQ(string_member(headers, "X-Trace"), "kept") << "only credentials are dropped";
}

TEST_P(httpbin_redirect, default_authorization_is_dropped_too_when_the_host_changes) {
    auto opts = options();
    opts.default_headers.set("Authorization", "Bearer client-wide-secret");
    http::client client(opts);
    auto req = http::request::get(httpbin_url("/redirect-to"));
    req.query("url", httpbin_url_via_localhost("/headers"));
    auto r = client.execute(req);
    ASSERT_TRUE(r) << r.error().to_string();
    const auto headers = echo_headers(json_object(*r));
    EXPECT_FALSE(headers.contains("Authorization")) << headers;
}

TEST_P(httpbin_redirect, authorization_and_cookie_are_kept_on_a_same_origin_redirect) {
    http::client client(options());
    // An absolute Location naming the same origin, then a relative one.
    for (auto location : {httpbin_url("/headers"), std::string("/headers")}) {
        SCOPED_TRACE("Location: " + location);
        auto req = with_credentials(httpbin_url("/redirect-to"));
        req.query("url", location);
        auto r = client.execute(req);
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_EQ(r->redirects(), 1);
        const auto headers = echo_headers(json_object(*r));
        EXPECT_EQ(string_member(headers, "Authorization"), "Bearer secret-token");
        EXPECT_EQ(string_member(headers, "Cookie"), "session=secret-cookie");
    }
}

INSTANTIATE_TEST_SUITE_P(httpbin, httpbin_redirect, ::testing::ValuesIn(tested_transports()), transport_name);

}  // namespace
