#include <tether/auth/jwt.hpp>

#include "base64url.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace tether::auth {

namespace {

using time_point = std::chrono::system_clock::time_point;

// Every message starts the same way and never quotes the token: a JWT is a
// bearer credential, and error messages end up in logs.
error failure(const std::string& what) {
    return error(errc::decode_failed, "cannot read the JWT: " + what);
}

result<boost::json::object> json_segment(std::string_view segment, const std::string& name) {
    if (segment.empty()) return failure("its " + name + " segment is empty");
    auto bytes = detail::base64url_decode(segment);
    if (!bytes) return failure("its " + name + " segment is " + bytes.error().message());
    boost::system::error_code ec;
    auto value = boost::json::parse(*bytes, ec);
    if (ec) return failure("its " + name + " is not JSON (" + ec.message() + ")");
    if (!value.is_object()) return failure("its " + name + " is JSON but not an object");
    return std::move(value.as_object());
}

// A member that must be a string when present; "" when absent.
result<std::string> string_member(const boost::json::object& o, std::string_view key, const std::string& what) {
    const auto* v = o.if_contains(key);
    if (!v) return std::string();
    if (!v->is_string()) return failure(what + " is not a string");
    return std::string(v->as_string());
}

// RFC 7519 §2 NumericDate: seconds since 1970, fractions allowed. Bounded by
// what system_clock can hold (±292 years with libstdc++'s nanoseconds), so
// that a forged 1e300 cannot overflow the conversion.
result<std::optional<time_point>> numeric_date(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) return std::optional<time_point>();
    const auto what = "the \"" + std::string(key) + "\" claim";
    constexpr auto limit = std::chrono::duration_cast<std::chrono::seconds>(time_point::duration::max()).count();
    const auto out_of_range = [&] {
        return failure(what + " is outside the range of dates this platform can represent");
    };
    if (v->is_int64()) {
        const auto s = v->get_int64();
        if (s > limit || s < -limit) return out_of_range();
        return std::optional(time_point(std::chrono::seconds(s)));
    }
    if (v->is_uint64()) {
        const auto s = v->get_uint64();
        if (s > static_cast<std::uint64_t>(limit)) return out_of_range();
        return std::optional(time_point(std::chrono::seconds(static_cast<std::int64_t>(s))));
    }
    if (v->is_double()) {
        const auto s = v->get_double();
        if (!(std::abs(s) <= static_cast<double>(limit))) return out_of_range();
        return std::optional(time_point(
            std::chrono::duration_cast<time_point::duration>(std::chrono::duration<double>(s))));
    }
    return failure(what + " is not a number of seconds since 1970 (RFC 7519 §2 NumericDate)");
}

// RFC 7519 §4.1.3: "aud" is one string or an array of strings.
result<std::vector<std::string>> audiences(const boost::json::object& o) {
    const auto* v = o.if_contains("aud");
    if (!v) return std::vector<std::string>();
    if (v->is_string()) return std::vector<std::string>{std::string(v->as_string())};
    if (!v->is_array()) return failure("the \"aud\" claim is neither a string nor an array of strings");
    std::vector<std::string> out;
    for (const auto& item : v->as_array()) {
        if (!item.is_string()) return failure("the \"aud\" claim is an array with a member that is not a string");
        out.emplace_back(item.as_string());
    }
    return out;
}

result<jwt_header> read_header(const boost::json::object& o) {
    jwt_header h;
    auto alg = string_member(o, "alg", "the header's \"alg\"");
    if (!alg) return std::move(alg).error();
    if (alg->empty()) return failure("its header has no \"alg\" (RFC 7515 §4.1.1 requires one)");
    auto kid = string_member(o, "kid", "the header's \"kid\"");
    if (!kid) return std::move(kid).error();
    auto typ = string_member(o, "typ", "the header's \"typ\"");
    if (!typ) return std::move(typ).error();
    h.alg = std::move(*alg);
    h.kid = std::move(*kid);
    h.typ = std::move(*typ);
    return h;
}

result<void> read_claims(jwt_claims& c) {
    const auto& p = c.payload;
    for (auto [key, field] : {std::pair{"iss", &c.iss}, std::pair{"sub", &c.sub}, std::pair{"nonce", &c.nonce}}) {
        auto s = string_member(p, key, "the \"" + std::string(key) + "\" claim");
        if (!s) return std::move(s).error();
        *field = std::move(*s);
    }
    auto aud = audiences(p);
    if (!aud) return std::move(aud).error();
    c.aud = std::move(*aud);
    for (auto [key, field] : {std::pair{"exp", &c.exp}, std::pair{"iat", &c.iat}, std::pair{"nbf", &c.nbf}}) {
        auto t = numeric_date(p, key);
        if (!t) return std::move(t).error();
        *field = *t;
    }
    return {};
}

}  // namespace

result<jwt_claims> decode_jwt_unverified(std::string_view token) {
    const auto dots = std::count(token.begin(), token.end(), '.');
    if (dots == 4) {
        return failure("it has five segments, so it is an encrypted JWT (JWE), which cannot be read without the key");
    }
    if (dots != 2) {
        return failure("it has " + std::to_string(dots + 1) +
                       " segment(s) where a signed JWT has three (header.payload.signature); an opaque access "
                       "token is not a JWT");
    }
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    const auto header_part = token.substr(0, first);
    const auto payload_part = token.substr(first + 1, second - first - 1);
    const auto signature_part = token.substr(second + 1);

    auto header_json = json_segment(header_part, "header");
    if (!header_json) return std::move(header_json).error();
    auto payload_json = json_segment(payload_part, "payload");
    if (!payload_json) return std::move(payload_json).error();
    // Not verified, but a signature that is not even base64url means the
    // token was damaged (truncated, or its characters escaped) on the way.
    if (auto sig = detail::base64url_decode(signature_part); !sig) {
        return failure("its signature segment is " + sig.error().message());
    }

    jwt_claims claims;
    auto header = read_header(*header_json);
    if (!header) return std::move(header).error();
    claims.header = std::move(*header);
    claims.payload = std::move(*payload_json);
    if (auto r = read_claims(claims); !r) return std::move(r).error();
    return claims;
}

std::optional<std::chrono::system_clock::time_point> jwt_expiry(std::string_view token) {
    auto claims = decode_jwt_unverified(token);
    if (!claims) return std::nullopt;
    return claims->exp;
}

}  // namespace tether::auth
