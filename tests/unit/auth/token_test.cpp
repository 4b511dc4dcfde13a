#include <tether/auth/token.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>

namespace {

using namespace std::chrono_literals;
using std::chrono::system_clock;
using tether::auth::token_set;

// 2023-11-14T22:13:20Z
const system_clock::time_point now = system_clock::time_point(std::chrono::seconds(1'700'000'000));

token_set full_tokens() {
    token_set t;
    t.access_token = "access-SECRET-1";
    t.refresh_token = "refresh-SECRET-2";
    t.id_token = "id-SECRET-3";
    t.expires_at = now + 1h;
    t.scopes = {"openid", "email"};
    return t;
}

TEST(token_set, an_unknown_expiry_is_never_within_any_skew) {
    token_set t;
    t.access_token = "a";
    EXPECT_FALSE(t.expires_within(0s, now));
    EXPECT_FALSE(t.expires_within(std::chrono::hours(100 * 365 * 24), now));
}

TEST(token_set, expires_within_compares_the_expiry_with_now_plus_skew) {
    token_set t;
    t.expires_at = now + 60s;
    // Scenario: refresh 30 s ahead; 60 s left => not yet.
    EXPECT_FALSE(t.expires_within(30s, now));
    EXPECT_FALSE(t.expires_within(59s, now));
    // Exactly at the boundary counts as expiring: refreshing a moment early is safe.
    EXPECT_TRUE(t.expires_within(60s, now));
    EXPECT_TRUE(t.expires_within(61s, now));
    EXPECT_TRUE(t.expires_within(0s, now + 60s));
}

TEST(token_set, an_expired_token_expires_within_any_skew) {
    token_set t;
    t.expires_at = now - 1s;
    EXPECT_TRUE(t.expires_within(0s, now));
}

TEST(token_set, empty_means_no_access_token) {
    token_set t;
    EXPECT_TRUE(t.empty());
    t.refresh_token = "r";
    EXPECT_TRUE(t.empty());
    t.access_token = "a";
    EXPECT_FALSE(t.empty());
}

TEST(token_set, to_string_describes_without_any_secret) {
    const auto text = to_string(full_tokens());
    EXPECT_EQ(text.find("SECRET"), std::string::npos) << text;
    EXPECT_NE(text.find("type=Bearer"), std::string::npos) << text;
    EXPECT_NE(text.find("access token <redacted>"), std::string::npos) << text;
    EXPECT_NE(text.find("refresh token <redacted>"), std::string::npos) << text;
    EXPECT_NE(text.find("id token <redacted>"), std::string::npos) << text;
    EXPECT_NE(text.find("expires 2023-11-14T23:13:20Z"), std::string::npos) << text;
    EXPECT_NE(text.find("scopes=openid email"), std::string::npos) << text;
}

TEST(token_set, to_string_says_which_tokens_are_absent_by_leaving_them_out) {
    token_set t;
    const auto text = to_string(t);
    EXPECT_EQ(text, "token_set{type=Bearer, no access token}");
}

TEST(token_set, streaming_prints_to_string) {
    std::ostringstream out;
    out << full_tokens();
    EXPECT_EQ(out.str(), to_string(full_tokens()));
    EXPECT_EQ(out.str().find("SECRET"), std::string::npos);
}

TEST(token_set, equality_compares_every_field) {
    EXPECT_EQ(full_tokens(), full_tokens());
    auto other = full_tokens();
    other.scopes.pop_back();
    EXPECT_NE(other, full_tokens());
    other = full_tokens();
    other.expires_at.reset();
    EXPECT_NE(other, full_tokens());
}

}  // namespace
