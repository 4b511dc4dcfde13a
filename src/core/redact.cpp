#include <tether/core/redact.hpp>

#include "ascii.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <string>

#include <array>

namespace tether {

namespace {

// Query parameter names that carry credentials in the wild: OAuth 2.0
// (RFC 6749 §4.1.2, §4.2.2), API keys as Google, Stripe and others name them,
// and pre-signed URLs (AWS X-Amz-Signature/-Credential, Azure sig).
constexpr std::array sensitive_query_names = {
    std::string_view{"token"},         std::string_view{"access_token"}, std::string_view{"refresh_token"},
    std::string_view{"id_token"},      std::string_view{"code"},         std::string_view{"client_secret"},
    std::string_view{"api_key"},       std::string_view{"apikey"},       std::string_view{"key"},
    std::string_view{"password"},      std::string_view{"passwd"},       std::string_view{"secret"},
    std::string_view{"signature"},     std::string_view{"sig"},          std::string_view{"x-amz-signature"},
    std::string_view{"x-amz-credential"}, std::string_view{"x-amz-security-token"}, std::string_view{"auth"},
};

bool matches_any(std::string_view name, std::span<const std::string_view> names) noexcept {
    for (auto n : names) {
        if (detail::iequals(name, n)) return true;
    }
    return false;
}

// For text that does not parse as a URL: drop the query and fragment, and
// any user-info, which is all that can carry secrets.
std::string redact_unparsed(std::string_view text) {
    auto cut = text.find_first_of("?#");
    std::string out(text.substr(0, cut));
    if (cut != std::string_view::npos) out.append("?").append(redacted_text);
    auto scheme_end = out.find("://");
    auto authority_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
    auto authority_end = out.find('/', authority_start);
    auto at = out.rfind('@', authority_end == std::string::npos ? out.size() : authority_end);
    if (at != std::string::npos && at >= authority_start) {
        out.replace(authority_start, at - authority_start, redacted_text);
    }
    return out;
}

// Whether `text` contains any secret name anywhere (over-matching is fine:
// it only hides more).
bool mentions_secret(std::string_view text, std::span<const std::string_view> extra_names) noexcept {
    for (auto name : sensitive_query_names) {
        if (detail::icontains(text, name)) return true;
    }
    for (auto name : extra_names) {
        if (detail::icontains(text, name)) return true;
    }
    return false;
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "access%5Ftoken" -> "access_token"; '+' is a space to form decoders.
std::string percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i] == '+' ? ' ' : text[i];
        }
    }
    return out;
}

// "k=v&k2=v2" (still encoded) with secret values replaced: the value of a
// secret key, and a value that itself looks like "token=..." (a '?' or ';'
// inside a value is data to a server, but a secret all the same).
std::string redact_pairs(std::string_view text, std::span<const std::string_view> extra_names) {
    std::string out;
    out.reserve(text.size());
    std::size_t start = 0;
    for (bool first = true; start <= text.size(); first = false) {
        auto end = text.find('&', start);
        if (end == std::string_view::npos) end = text.size();
        const auto pair = text.substr(start, end - start);
        const auto eq = pair.find('=');
        if (!first) out += '&';
        if (eq == std::string_view::npos) {
            out += pair;
        } else {
            const auto key = percent_decoded(pair.substr(0, eq));
            // "next?token=..." is one key to a server; its last segment names the secret.
            const auto tail = std::string_view(key).substr(key.find_last_of("?;/") + 1);
            const auto value = pair.substr(eq + 1);
            const bool secret = is_sensitive_query_name(tail) || matches_any(tail, extra_names) ||
                                (value.find('=') != std::string_view::npos && mentions_secret(value, extra_names));
            out += pair.substr(0, eq + 1);
            out += secret ? redacted_text : value;
        }
        start = end + 1;
    }
    return out;
}

}  // namespace

bool is_sensitive_query_name(std::string_view name) noexcept {
    return matches_any(name, sensitive_query_names);
}

bool is_sensitive_header(std::string_view name) noexcept {
    using detail::icontains;
    using detail::iequals;
    return iequals(name, "authorization") || iequals(name, "proxy-authorization") || iequals(name, "cookie") ||
           iequals(name, "set-cookie") || icontains(name, "token") || icontains(name, "secret") ||
           icontains(name, "api-key") || icontains(name, "apikey") || icontains(name, "api_key") ||
           icontains(name, "password");
}

std::string redact_url(std::string_view url, std::span<const std::string_view> extra_names) {
    auto parsed = boost::urls::parse_uri_reference(url);
    if (!parsed) return redact_unparsed(url);
    boost::urls::url u = *parsed;
    if (u.has_password()) u.set_password(redacted_text);
    // The query is scanned here rather than through Boost.URL's params view:
    // Boost 1.81 crashes iterating the params of an empty query followed by
    // a fragment ("http://h/?#f"), text any server can send in a Location.
    if (u.has_query()) u.set_encoded_query(redact_pairs(u.encoded_query(), extra_names));
    if (u.has_fragment() && mentions_secret(u.encoded_fragment(), extra_names)) {
        // OAuth's implicit grant returns tokens in the fragment
        // (RFC 6749 §4.2.2: #access_token=...&state=...). A fragment is
        // never sent to a server, so it is dropped whole rather than
        // trusted to be well-formed pairs.
        u.set_encoded_fragment(redacted_text);
    }
    return std::string(u.buffer());
}

}  // namespace tether
