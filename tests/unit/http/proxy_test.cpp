#include <tether/http/proxy.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using tether::http::choose_proxy;
using tether::http::proxy_environment;
using tether::http::proxy_options;

// Environment-only configuration: the default options, no explicit proxy.
std::optional<std::string> proxy_url_for(const proxy_environment& env, std::string_view target) {
    auto choice = choose_proxy(proxy_options{}, env, target);
    if (!choice) return std::nullopt;
    return choice->url;
}

TEST(proxy, no_configuration_means_a_direct_connection) {
    EXPECT_EQ(choose_proxy(proxy_options{}, proxy_environment{}, "https://example.com/"), std::nullopt);
    EXPECT_EQ(choose_proxy(proxy_options{}, proxy_environment{}, "http://example.com/"), std::nullopt);
}

TEST(proxy, https_urls_use_https_proxy_and_http_urls_use_http_proxy) {
    proxy_environment env;
    env.https_proxy = "http://secure.proxy:3128";
    env.http_proxy = "http://plain.proxy:3128";
    EXPECT_EQ(proxy_url_for(env, "https://example.com/x"), "http://secure.proxy:3128");
    EXPECT_EQ(proxy_url_for(env, "http://example.com/x"), "http://plain.proxy:3128");
}

TEST(proxy, scheme_selection_ignores_case) {
    proxy_environment env;
    env.https_proxy = "http://secure.proxy:3128";
    env.http_proxy = "http://plain.proxy:3128";
    EXPECT_EQ(proxy_url_for(env, "HTTPS://example.com/x"), "http://secure.proxy:3128");
}

TEST(proxy, http_proxy_is_not_used_for_https_urls) {
    proxy_environment env;
    env.http_proxy = "http://plain.proxy:3128";
    EXPECT_EQ(proxy_url_for(env, "https://example.com/"), std::nullopt);
    EXPECT_EQ(proxy_url_for(env, "http://example.com/"), "http://plain.proxy:3128");
}

TEST(proxy, https_proxy_is_not_used_for_http_urls) {
    proxy_environment env;
    env.https_proxy = "http://secure.proxy:3128";
    EXPECT_EQ(proxy_url_for(env, "http://example.com/"), std::nullopt);
}

TEST(proxy, all_proxy_is_the_fallback_for_both_schemes) {
    proxy_environment env;
    env.all_proxy = "http://any.proxy:8080";
    EXPECT_EQ(proxy_url_for(env, "https://example.com/"), "http://any.proxy:8080");
    EXPECT_EQ(proxy_url_for(env, "http://example.com/"), "http://any.proxy:8080");
}

TEST(proxy, the_scheme_specific_proxy_wins_over_all_proxy) {
    proxy_environment env;
    env.https_proxy = "http://secure.proxy:3128";
    env.all_proxy = "http://any.proxy:8080";
    EXPECT_EQ(proxy_url_for(env, "https://example.com/"), "http://secure.proxy:3128");
    EXPECT_EQ(proxy_url_for(env, "http://example.com/"), "http://any.proxy:8080");
}

TEST(proxy, a_proxy_without_scheme_is_an_http_proxy) {
    proxy_environment env;
    env.https_proxy = "proxy.internal:3128";
    EXPECT_EQ(proxy_url_for(env, "https://example.com/"), "http://proxy.internal:3128");
}

struct no_proxy_case {
    std::string no_proxy;
    std::string target;
    bool bypass;
};

TEST(proxy, no_proxy_entries_match_hosts_as_curl_does) {
    const std::vector<no_proxy_case> cases = {
        // The host itself.
        {"example.com", "https://example.com/", true},
        {"EXAMPLE.com", "https://example.com/", true},
        // A domain suffix covers subdomains, with or without a leading dot.
        {"example.com", "https://api.example.com/", true},
        {".example.com", "https://api.example.com/", true},
        {".example.com", "https://example.com/", true},
        {"example.com", "https://a.b.example.com/", true},
        // A suffix must end at a dot: "ample.com" is not a domain of "example.com".
        {"ample.com", "https://example.com/", false},
        {"example.com", "https://notexample.com/", false},
        {".example.com", "https://notexample.com/", false},
        {"example.com", "https://example.com.evil.net/", false},
        // host:port matches only that port (the default port counts).
        {"example.com:8080", "http://example.com:8080/", true},
        {"example.com:8080", "http://example.com/", false},
        {"example.com:8080", "http://example.com:9090/", false},
        {"example.com:443", "https://example.com/", true},
        {"example.com:80", "http://example.com/", true},
        // '*' bypasses everything.
        {"*", "https://anything.example/", true},
        // Lists, with spaces around entries.
        {"other.org, example.com", "https://example.com/", true},
        {"other.org,example.com", "https://www.other.org/", true},
        {"other.org , .internal", "https://db.internal/", true},
        {"other.org,,", "https://example.com/", false},
        // IP addresses.
        {"127.0.0.1", "http://127.0.0.1:5000/", true},
        {"127.0.0.1", "http://127.0.0.2:5000/", false},
        // Nothing to bypass.
        {"", "https://example.com/", false},
    };
    for (const auto& c : cases) {
        proxy_environment env;
        env.https_proxy = "http://secure.proxy:3128";
        env.http_proxy = "http://plain.proxy:3128";
        env.no_proxy = c.no_proxy;
        auto choice = choose_proxy(proxy_options{}, env, c.target);
        EXPECT_EQ(!choice.has_value(), c.bypass) << "no_proxy='" << c.no_proxy << "' target=" << c.target;
    }
}

TEST(proxy, an_https_proxy_keeps_its_scheme) {
    proxy_environment env;
    env.https_proxy = "https://tls.proxy:8443";
    EXPECT_EQ(proxy_url_for(env, "https://example.com/"), "https://tls.proxy:8443");
}

// curl documents IPv6 no_proxy entries without brackets ("::1"; curl's test
// 1265 sets NO_PROXY=::1 for http://[::1]/).
TEST(proxy, ipv6_no_proxy_entries_are_written_without_brackets) {
    proxy_environment env;
    env.http_proxy = "http://plain.proxy:3128";
    env.no_proxy = "example.com,::1";
    EXPECT_EQ(proxy_url_for(env, "http://[::1]:8080/"), std::nullopt);
    EXPECT_TRUE(choose_proxy(proxy_options{}, env, "http://[::2]:8080/"));
}

TEST(proxy, credentials_come_from_the_proxy_url_and_leave_it) {
    proxy_environment env;
    env.https_proxy = "http://bob:s3cret@proxy.internal:3128";
    auto choice = choose_proxy(proxy_options{}, env, "https://example.com/");
    ASSERT_TRUE(choice);
    EXPECT_EQ(choice->url, "http://proxy.internal:3128");
    EXPECT_EQ(choice->username, "bob");
    EXPECT_EQ(choice->password, "s3cret");
}

TEST(proxy, percent_encoded_credentials_are_decoded) {
    proxy_environment env;
    env.https_proxy = "http://b%40b:p%3Ass%20w@proxy.internal:3128";
    auto choice = choose_proxy(proxy_options{}, env, "https://example.com/");
    ASSERT_TRUE(choice);
    EXPECT_EQ(choice->url, "http://proxy.internal:3128");
    EXPECT_EQ(choice->username, "b@b");
    EXPECT_EQ(choice->password, "p:ss w");
}

TEST(proxy, a_proxy_url_without_credentials_gives_none) {
    proxy_environment env;
    env.https_proxy = "http://proxy.internal:3128";
    auto choice = choose_proxy(proxy_options{}, env, "https://example.com/");
    ASSERT_TRUE(choice);
    EXPECT_EQ(choice->username, "");
    EXPECT_EQ(choice->password, "");
}

TEST(proxy, explicit_url_overrides_the_environment) {
    proxy_environment env;
    env.https_proxy = "http://env.proxy:3128";
    env.no_proxy = "example.com";
    proxy_options options;
    options.url = "http://explicit.proxy:8888";
    auto choice = choose_proxy(options, env, "https://example.com/");
    ASSERT_TRUE(choice) << "the environment's no_proxy does not apply to an explicit proxy";
    EXPECT_EQ(choice->url, "http://explicit.proxy:8888");
}

TEST(proxy, explicit_url_is_used_for_both_schemes) {
    proxy_options options;
    options.url = "http://explicit.proxy:8888";
    for (std::string_view target : {"https://example.com/", "http://example.com/"}) {
        auto choice = choose_proxy(options, proxy_environment{}, target);
        ASSERT_TRUE(choice) << target;
        EXPECT_EQ(choice->url, "http://explicit.proxy:8888");
    }
}

TEST(proxy, explicit_no_proxy_applies_to_the_explicit_url) {
    proxy_options options;
    options.url = "http://explicit.proxy:8888";
    options.no_proxy = "internal.example";
    EXPECT_EQ(choose_proxy(options, proxy_environment{}, "https://db.internal.example/"), std::nullopt);
    EXPECT_TRUE(choose_proxy(options, proxy_environment{}, "https://example.com/"));
}

TEST(proxy, explicit_credentials_win_over_user_info) {
    proxy_options options;
    options.url = "http://url-user:url-pass@explicit.proxy:8888";
    options.username = "alice";
    options.password = "wonderland";
    auto choice = choose_proxy(options, proxy_environment{}, "https://example.com/");
    ASSERT_TRUE(choice);
    EXPECT_EQ(choice->url, "http://explicit.proxy:8888");
    EXPECT_EQ(choice->username, "alice");
    EXPECT_EQ(choice->password, "wonderland");
}

TEST(proxy, from_environment_false_ignores_the_environment) {
    proxy_environment env;
    env.https_proxy = "http://env.proxy:3128";
    env.http_proxy = "http://env.proxy:3128";
    env.all_proxy = "http://env.proxy:3128";
    proxy_options options;
    options.from_environment = false;
    EXPECT_EQ(choose_proxy(options, env, "https://example.com/"), std::nullopt);
    EXPECT_EQ(choose_proxy(options, env, "http://example.com/"), std::nullopt);
}

TEST(proxy, from_environment_false_still_uses_an_explicit_url) {
    proxy_options options;
    options.from_environment = false;
    options.url = "http://explicit.proxy:8888";
    auto choice = choose_proxy(options, proxy_environment{}, "https://example.com/");
    ASSERT_TRUE(choice);
    EXPECT_EQ(choice->url, "http://explicit.proxy:8888");
}

TEST(proxy, an_unparseable_target_gets_no_proxy) {
    proxy_environment env;
    env.all_proxy = "http://any.proxy:8080";
    EXPECT_EQ(choose_proxy(proxy_options{}, env, "not a url"), std::nullopt);
}

}  // namespace
