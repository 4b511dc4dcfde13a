#include <tether/core/redact.hpp>

#include "ascii.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

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

// "k=v&k2=v2" with the values of secret keys replaced.
std::string redact_pairs(std::string_view text, std::span<const std::string_view> extra_names) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('&', start);
        if (end == std::string_view::npos) end = text.size();
        auto pair = text.substr(start, end - start);
        auto eq = pair.find('=');
        auto key = pair.substr(0, eq);
        if (!out.empty() || start > 0) out += '&';
        if (eq != std::string_view::npos && (is_sensitive_query_name(key) || matches_any(key, extra_names))) {
            out += std::string(key) + "=" + std::string(redacted_text);
        } else {
            out += pair;
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
    if (u.has_query()) {
        auto params = u.params();
        for (auto it = params.begin(); it != params.end(); ++it) {
            auto param = *it;
            if (param.has_value && (is_sensitive_query_name(param.key) || matches_any(param.key, extra_names))) {
                it = params.replace(it, boost::urls::param_view(param.key, redacted_text));
            }
        }
    }
    if (u.has_fragment()) {
        // OAuth's implicit grant returns tokens in the fragment
        // (RFC 6749 §4.2.2: #access_token=...&state=...).
        u.set_encoded_fragment(redact_pairs(u.encoded_fragment(), extra_names));
    }
    return std::string(u.buffer());
}

}  // namespace tether
