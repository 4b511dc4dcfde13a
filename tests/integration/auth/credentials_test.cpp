// API keys and HTTP Basic: added for their origins only, and never shown in
// logs at any level.

#include "support.hpp"

#include <tether/auth/credentials.hpp>

#include <mutex>

using namespace tether;
using namespace tether::test;
using tether::testing::mock_response;
using tether::testing::mock_server;

namespace {

std::string origin_of(const mock_server& s) {
    return "http://127.0.0.1:" + std::to_string(s.port());
}

void answer_ok(mock_server& s) {
    s.route("*", "/*", [](const auto&) { return mock_response::text("ok"); });
}

// Everything every log level writes, for grepping.
struct captured_log {
    std::mutex mutex;
    std::string text;
    http::logging_options at(http::log_level level) {
        http::logging_options o;
        o.level = level;
        o.sink = [this](std::string_view line) {
            const std::lock_guard lock(mutex);
            text += line;
            text += '\n';
        };
        return o;
    }
};

}  // namespace

class credentials : public transport_test {};

TEST_P(credentials, an_api_key_header_goes_to_its_origins_only) {
    mock_server api;
    mock_server other;
    answer_ok(api);
    answer_ok(other);
    auth::api_key_options key;
    key.name = "X-API-Key";
    key.key = "k-3141592653";
    key.origins = {origin_of(api)};
    auto opts = options();
    opts.interceptors.push_back(auth::api_key_interceptor(key));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(api.url("/a"))));
    ASSERT_TRUE(client.execute(http::request::get(other.url("/b"))));
    EXPECT_EQ(api.requests().at(0).headers.get("X-API-Key"), "k-3141592653");
    EXPECT_FALSE(other.requests().at(0).headers.contains("X-API-Key"));
}

TEST_P(credentials, an_api_key_in_the_query_replaces_any_value_there_and_is_encoded) {
    mock_server api;
    answer_ok(api);
    auth::api_key_options key;
    key.name = "api_key";
    key.key = "k 1&2";
    key.placement = auth::api_key_placement::query;
    key.origins = {origin_of(api)};
    auto opts = options();
    opts.interceptors.push_back(auth::api_key_interceptor(key));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(api.url("/a?x=1&api_key=spoofed"))));
    const auto seen = api.requests().at(0);
    EXPECT_EQ(seen.query_param("api_key"), "k 1&2");
    EXPECT_EQ(seen.query_param("x"), "1");
    EXPECT_EQ(seen.query.find("spoofed"), std::string::npos) << seen.query;
}

TEST_P(credentials, basic_auth_follows_rfc_7617_and_stays_on_its_origin) {
    mock_server api;
    mock_server other;
    answer_ok(api);
    answer_ok(other);
    auth::basic_auth_options basic;
    basic.user = "Aladdin";
    basic.password = "open sesame";
    basic.origins = {origin_of(api)};
    auto opts = options();
    opts.interceptors.push_back(auth::basic_auth_interceptor(basic));
    http::client client(opts);
    ASSERT_TRUE(client.execute(http::request::get(api.url("/a"))));
    ASSERT_TRUE(client.execute(http::request::get(other.url("/b"))));
    // The example of RFC 7617 §2.
    EXPECT_EQ(api.requests().at(0).headers.get("Authorization"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    EXPECT_FALSE(other.requests().at(0).headers.contains("Authorization"));
}

TEST_P(credentials, no_log_level_shows_a_key_or_a_password) {
    mock_server api;
    api.route("*", "/*", [](const auto&) { return mock_response(401); });
    for (auto level : {http::log_level::basic, http::log_level::headers, http::log_level::body}) {
        captured_log log;
        auth::api_key_options header_key;
        header_key.key = "hdr-key-271828";
        header_key.origins = {origin_of(api)};
        auth::api_key_options query_key;
        query_key.name = "api_key";
        query_key.key = "qry-key-161803";
        query_key.placement = auth::api_key_placement::query;
        query_key.origins = {origin_of(api)};
        auth::basic_auth_options basic;
        basic.user = "ada";
        basic.password = "pw-141421";
        basic.origins = {origin_of(api)};
        auto opts = options();
        opts.interceptors = {http::logging_interceptor(log.at(level)), auth::api_key_interceptor(header_key),
                             auth::api_key_interceptor(query_key), auth::basic_auth_interceptor(basic),
                             // Logged again after the credentials went in.
                             http::logging_interceptor(log.at(level))};
        http::client client(opts);
        auto r = client.execute(http::request::get(api.url("/secret")));
        ASSERT_FALSE(r);
        const auto everything = log.text + r.error().to_string();
        EXPECT_FALSE(log.text.empty());
        for (const char* secret : {"hdr-key-271828", "qry-key-161803", "pw-141421", "YWRhOnB3LTE0MTQyMQ"}) {
            EXPECT_EQ(everything.find(secret), std::string::npos) << secret << " at level " << static_cast<int>(level)
                                                                   << ":\n" << everything;
        }
    }
}

TEST(credentials_config, credentials_without_origins_or_over_plain_http_are_refused) {
    auth::api_key_options key;
    key.key = "k";
    EXPECT_THROW((void)auth::api_key_interceptor(key), std::invalid_argument);
    auth::basic_auth_options basic;
    basic.user = "u";
    basic.password = "p";
    basic.origins = {"http://api.example.com"};
    EXPECT_THROW((void)auth::basic_auth_interceptor(basic), std::invalid_argument);
    basic.origins = {"not a url"};
    EXPECT_THROW((void)auth::basic_auth_interceptor(basic), std::invalid_argument);
    basic.origins = {"https://api.example.com"};
    EXPECT_NO_THROW((void)auth::basic_auth_interceptor(basic));
}

INSTANTIATE_TEST_SUITE_P(transports, credentials, ::testing::ValuesIn(tested_transports()), transport_name);
