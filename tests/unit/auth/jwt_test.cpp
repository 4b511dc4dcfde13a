#include <tether/auth/jwt.hpp>

#include "auth/base64url.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;
using std::chrono::system_clock;
using tether::errc;
using tether::auth::decode_jwt_unverified;
using tether::auth::jwt_expiry;
using tether::auth::detail::base64url_encode;

// A JWT from its parts' JSON, as an issuer would encode it (unsigned: the
// signature is only required to be base64url).
std::string make_jwt(std::string_view header, std::string_view payload, std::string_view signature = "c2ln") {
    return base64url_encode(header) + "." + base64url_encode(payload) + "." + std::string(signature);
}

const std::string rs256 = R"({"alg":"RS256","typ":"JWT","kid":"key-1"})";

// RFC 7515 Appendix A.1: the example JWS, an HS256-signed JWT whose JSON
// contains CR LF and a private claim.
constexpr std::string_view rfc7515_example =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

// Expects a decode_failed error whose message contains `fragment` and not the token.
void expect_rejected(const std::string& token, std::string_view fragment) {
    auto claims = decode_jwt_unverified(token);
    ASSERT_FALSE(claims) << "accepted: " << fragment;
    EXPECT_EQ(claims.error().code(), errc::decode_failed);
    EXPECT_NE(claims.error().message().find(fragment), std::string::npos) << claims.error().message();
    if (token.size() > 3) {
        EXPECT_EQ(claims.error().message().find(token), std::string::npos);
    }
    EXPECT_FALSE(jwt_expiry(token).has_value());
}

TEST(jwt, reads_the_rfc_7515_example) {
    auto claims = decode_jwt_unverified(rfc7515_example);
    ASSERT_TRUE(claims) << claims.error().message();
    EXPECT_EQ(claims->header.alg, "HS256");
    EXPECT_EQ(claims->header.typ, "JWT");
    EXPECT_EQ(claims->header.kid, "");
    EXPECT_EQ(claims->iss, "joe");
    EXPECT_EQ(claims->exp, system_clock::time_point(seconds(1300819380)));
    EXPECT_EQ(claims->payload.at("http://example.com/is_root"), true);
    EXPECT_EQ(jwt_expiry(rfc7515_example), system_clock::time_point(seconds(1300819380)));
}

TEST(jwt, reads_every_registered_claim) {
    const auto token = make_jwt(rs256, R"({"iss":"https://issuer.example","sub":"user-42","aud":"client-1",)"
                                       R"("exp":1700003600,"iat":1700000000,"nbf":1699999990,"nonce":"n-0S6",)"
                                       R"("scope":"openid email"})");
    auto claims = decode_jwt_unverified(token);
    ASSERT_TRUE(claims) << claims.error().message();
    EXPECT_EQ(claims->header.alg, "RS256");
    EXPECT_EQ(claims->header.kid, "key-1");
    EXPECT_EQ(claims->header.typ, "JWT");
    EXPECT_EQ(claims->iss, "https://issuer.example");
    EXPECT_EQ(claims->sub, "user-42");
    EXPECT_EQ(claims->aud, std::vector<std::string>{"client-1"});
    EXPECT_EQ(claims->exp, system_clock::time_point(seconds(1700003600)));
    EXPECT_EQ(claims->iat, system_clock::time_point(seconds(1700000000)));
    EXPECT_EQ(claims->nbf, system_clock::time_point(seconds(1699999990)));
    EXPECT_EQ(claims->nonce, "n-0S6");
    // Unregistered claims stay in the payload, as do the registered ones.
    EXPECT_EQ(claims->payload.at("scope"), "openid email");
    EXPECT_EQ(claims->payload.at("sub"), "user-42");
    EXPECT_EQ(claims->payload.size(), 8u);
}

TEST(jwt, absent_claims_are_empty_and_unset) {
    auto claims = decode_jwt_unverified(make_jwt(R"({"alg":"none"})", "{}", ""));
    ASSERT_TRUE(claims) << claims.error().message();
    EXPECT_EQ(claims->header.alg, "none");
    EXPECT_TRUE(claims->iss.empty());
    EXPECT_TRUE(claims->sub.empty());
    EXPECT_TRUE(claims->aud.empty());
    EXPECT_FALSE(claims->exp);
    EXPECT_FALSE(claims->iat);
    EXPECT_FALSE(claims->nbf);
    EXPECT_TRUE(claims->nonce.empty());
    EXPECT_TRUE(claims->payload.empty());
}

TEST(jwt, an_audience_array_gives_every_audience) {
    auto claims = decode_jwt_unverified(make_jwt(rs256, R"({"aud":["api","client-1"]})"));
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->aud, (std::vector<std::string>{"api", "client-1"}));
}

TEST(jwt, a_fractional_numeric_date_is_kept) {
    // RFC 7519 §2: "non-integer values can be represented".
    auto claims = decode_jwt_unverified(make_jwt(rs256, R"({"exp":1700000000.5})"));
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->exp, system_clock::time_point(seconds(1700000000)) + 500ms);
}

TEST(jwt, padded_segments_are_accepted) {
    // {"alg":"none"} encodes to 20 characters; "{}" to "e30" (one '=' of padding).
    const auto token = base64url_encode(R"({"alg":"none"})") + ".e30=.";
    auto claims = decode_jwt_unverified(token);
    ASSERT_TRUE(claims) << claims.error().message();
}

TEST(jwt, duplicate_claims_keep_the_last_one) {
    // RFC 7519 §4: a parser must reject duplicates or return the lexically last.
    auto claims = decode_jwt_unverified(make_jwt(rs256, R"({"sub":"first","sub":"last"})"));
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->sub, "last");
}

TEST(jwt, a_token_without_three_segments_is_rejected) {
    expect_rejected(base64url_encode(rs256) + "." + base64url_encode("{}"), "2 segment(s)");
    expect_rejected("opaque-access-token-4f9a", "1 segment(s)");
    expect_rejected("", "1 segment(s)");
    expect_rejected(make_jwt(rs256, "{}") + ".extra", "4 segment(s)");
}

TEST(jwt, an_encrypted_jwt_is_recognised_and_rejected) {
    expect_rejected("eyJhbGciOiJSU0EtT0FFUCJ9.a2V5.aXY.Y2lwaGVy.dGFn", "JWE");
}

TEST(jwt, bad_base64url_is_rejected_naming_the_segment) {
    expect_rejected("eyJ+bGciOiJub25lIn0.e30.c2ln", "header segment is not base64url");
    expect_rejected(base64url_encode(rs256) + ".e3 0.c2ln", "payload segment is not base64url");
    expect_rejected(make_jwt(rs256, "{}", "c2l*"), "signature segment is not base64url");
    expect_rejected(make_jwt(rs256, "{}", "c"), "signature segment is not base64url");
}

TEST(jwt, empty_header_or_payload_segments_are_rejected) {
    expect_rejected("." + base64url_encode("{}") + ".c2ln", "header segment is empty");
    expect_rejected(base64url_encode(rs256) + "..c2ln", "payload segment is empty");
}

TEST(jwt, header_and_payload_must_be_json_objects) {
    expect_rejected(make_jwt("not json", "{}"), "header is not JSON");
    expect_rejected(make_jwt(rs256, R"({"sub":"x")"), "payload is not JSON");
    expect_rejected(make_jwt(rs256, R"(["sub"])"), "payload is JSON but not an object");
    expect_rejected(make_jwt(R"("RS256")", "{}"), "header is JSON but not an object");
}

TEST(jwt, the_header_must_name_its_algorithm) {
    expect_rejected(make_jwt(R"({"typ":"JWT"})", "{}"), "no \"alg\"");
    expect_rejected(make_jwt(R"({"alg":256})", "{}"), "\"alg\" is not a string");
    expect_rejected(make_jwt(R"({"alg":"RS256","kid":7})", "{}"), "\"kid\" is not a string");
}

TEST(jwt, claims_of_the_wrong_type_are_rejected) {
    expect_rejected(make_jwt(rs256, R"({"exp":"1700000000"})"), "\"exp\" claim is not a number");
    expect_rejected(make_jwt(rs256, R"({"iat":true})"), "\"iat\" claim is not a number");
    expect_rejected(make_jwt(rs256, R"({"nbf":null})"), "\"nbf\" claim is not a number");
    expect_rejected(make_jwt(rs256, R"({"iss":42})"), "\"iss\" claim is not a string");
    expect_rejected(make_jwt(rs256, R"({"sub":{}})"), "\"sub\" claim is not a string");
    expect_rejected(make_jwt(rs256, R"({"nonce":[]})"), "\"nonce\" claim is not a string");
    expect_rejected(make_jwt(rs256, R"({"aud":7})"), "\"aud\" claim is neither");
    expect_rejected(make_jwt(rs256, R"({"aud":["a",7]})"), "not a string");
}

TEST(jwt, numeric_dates_beyond_the_clock_are_rejected_not_overflowed) {
    for (std::string_view exp : {"1e400", "1e300", "-1e300", "18446744073709551615", "9223372036854775807",
                                 "-9223372036854775807", "99999999999", "1e10"}) {
        expect_rejected(make_jwt(rs256, R"({"exp":)" + std::string(exp) + "}"), "outside the range");
    }
}

TEST(jwt, numeric_dates_at_the_edges_of_the_clock_are_kept) {
    auto claims = decode_jwt_unverified(make_jwt(rs256, R"({"exp":9000000000,"iat":-9000000000,"nbf":0})"));
    ASSERT_TRUE(claims) << claims.error().message();
    EXPECT_EQ(claims->exp, system_clock::time_point(seconds(9'000'000'000)));
    EXPECT_EQ(claims->iat, system_clock::time_point(seconds(-9'000'000'000)));
    EXPECT_EQ(claims->nbf, system_clock::time_point{});
}

TEST(jwt, an_expired_token_is_still_read_because_nothing_is_verified) {
    auto claims = decode_jwt_unverified(make_jwt(rs256, R"({"exp":1})"));
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->exp, system_clock::time_point(seconds(1)));
}

TEST(jwt, errors_never_contain_the_token_or_its_claims) {
    const auto token = make_jwt(rs256, R"({"sub":"secret-subject","exp":"secret-expiry"})");
    auto claims = decode_jwt_unverified(token);
    ASSERT_FALSE(claims);
    EXPECT_EQ(claims.error().message().find(token), std::string::npos);
    EXPECT_EQ(claims.error().message().find("secret"), std::string::npos) << claims.error().message();
    EXPECT_EQ(claims.error().message().find(base64url_encode(R"({"sub")")), std::string::npos);
}

TEST(jwt, jwt_expiry_is_unset_without_an_exp_claim) {
    EXPECT_FALSE(jwt_expiry(make_jwt(rs256, R"({"sub":"x"})")).has_value());
    EXPECT_EQ(jwt_expiry(make_jwt(rs256, R"({"exp":1700003600})")),
              system_clock::time_point(seconds(1700003600)));
}

}  // namespace
