// Naming routes for metrics: templates derived from paths, templates
// matched from a list, and the host:port of a URL.

#include "http/metrics/route_template.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using tether::http::detail::derive_route;
using tether::http::detail::host_of;
using tether::http::detail::path_of;
using tether::http::detail::route_matcher;

TEST(metrics_route, ids_in_paths_become_placeholders_and_words_stay) {
    struct derive_case {
        const char* path;
        const char* route;
    };
    const derive_case cases[] = {
        {"/users/42", "/users/{id}"},
        {"/users/42?full=1&token=x", "/users/{id}"},
        {"/users/42#profile", "/users/{id}"},
        {"/users/42/", "/users/{id}/"},
        {"/users/0/posts/17", "/users/{id}/posts/{id}"},
        {"/users/550e8400-e29b-41d4-a716-446655440000/posts", "/users/{id}/posts"},
        {"/users/550E8400-E29B-41D4-A716-446655440000", "/users/{id}"},
        {"/commits/9fceb02d0ae598e95dc970b74767f19372d61af8", "/commits/{id}"},  // a SHA-1
        {"/objects/507f1f77bcf86cd799439011", "/objects/{id}"},                  // a MongoDB ObjectId
        {"/blobs/deadbeefdeadbeef", "/blobs/{id}"},                              // 16 hex digits
        {"/files/01ARZ3NDEKTSV4RRFFQ69G5FAV", "/files/{id}"},                    // a ULID
        {"/sessions/dGhpcyBpcyBhIHRva2VuMTIz", "/sessions/{id}"},                // base64url
        {"/v1/users", "/v1/users"},
        {"/users/me", "/users/me"},
        {"/cafe/beef", "/cafe/beef"},                                            // short hex words
        {"/api/internationalization", "/api/internationalization"},              // long, but no digit
        {"/api/some-long-descriptive-name", "/api/some-long-descriptive-name"},
        {"/a1b2c3", "/a1b2c3"},                                                  // short mixed
        {"/", "/"},
        {"", "/"},
        {"?q=1", "/"},
    };
    for (const auto& c : cases) EXPECT_EQ(derive_route(c.path), c.route) << c.path;
}

TEST(metrics_route, the_first_matching_template_wins) {
    const route_matcher m({"/users/me", "/users/{id}", "/users/{id}/posts/{post}"});
    EXPECT_EQ(m.match("/users/me"), "/users/me");
    EXPECT_EQ(m.match("/users/ada"), "/users/{id}") << "a template catches what derivation would keep";
    EXPECT_EQ(m.match("/users/7/posts/9?draft=1"), "/users/{id}/posts/{post}");
    EXPECT_EQ(m.match("/users/7/posts"), std::nullopt) << "segment counts must agree";
    EXPECT_EQ(m.match("/users//posts/9"), std::nullopt) << "a placeholder needs a non-empty segment";
    EXPECT_EQ(m.match("/teams/7"), std::nullopt);

    const route_matcher greedy({"/users/{id}", "/users/me"});
    EXPECT_EQ(greedy.match("/users/me"), "/users/{id}") << "order is the caller's to choose";
}

TEST(metrics_route, no_templates_match_nothing) {
    const route_matcher m({});
    EXPECT_EQ(m.match("/users/1"), std::nullopt);
}

TEST(metrics_route, malformed_templates_are_refused_with_the_template_named) {
    for (const char* bad : {"users/{id}", "/users/{id", "/users/x{id}", "/users/{}", "/users/{a}{b}"}) {
        try {
            route_matcher m({bad});
            ADD_FAILURE() << bad << " was accepted";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
        }
    }
}

TEST(metrics_route, hosts_carry_their_port_and_paths_lose_their_query) {
    EXPECT_EQ(host_of("http://127.0.0.1:8080/users/1"), "127.0.0.1:8080");
    EXPECT_EQ(host_of("https://api.example.com/users"), "api.example.com:443");
    EXPECT_EQ(host_of("http://example.com"), "example.com:80");
    EXPECT_EQ(host_of("http://[::1]:9000/"), "[::1]:9000");
    EXPECT_EQ(path_of("http://h/users/1?x=2"), "/users/1");
    EXPECT_EQ(path_of("http://h"), "/");
    EXPECT_EQ(path_of("http://h/a%2Fb"), "/a%2Fb") << "kept encoded: an escaped slash is not a separator";
}

}  // namespace
