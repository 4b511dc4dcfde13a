#include "request_validation.hpp"

#include "../core/ascii.hpp"

#include <tether/core/redact.hpp>

#include <boost/url/parse.hpp>

#include <cctype>
#include <string>

namespace tether::http::detail {

namespace {

// A conservative shortcut for the common case, so that most requests are
// not parsed twice: "http://" or "https://", a host of letters, digits, '-'
// and '.', an optional port of digits, then a path/query made only of RFC
// 3986 unreserved and reserved characters or well-formed %XX escapes.
// Anything else (IPv6 literals, user-info, fragments, odd bytes) takes the
// full parse below.
bool plainly_valid(std::string_view url) noexcept {
    std::size_t at = 0;
    if (url.starts_with("http://")) {
        at = 7;
    } else if (url.starts_with("https://")) {
        at = 8;
    } else {
        return false;
    }
    const auto host_start = at;
    while (at < url.size() && (std::isalnum(static_cast<unsigned char>(url[at])) || url[at] == '-' || url[at] == '.')) ++at;
    if (at == host_start) return false;
    if (at < url.size() && url[at] == ':') {
        const auto port_start = ++at;
        while (at < url.size() && url[at] >= '0' && url[at] <= '9') ++at;
        if (at == port_start || at - port_start > 5) return false;
    }
    if (at < url.size() && url[at] != '/' && url[at] != '?') return false;
    static constexpr std::string_view allowed = "-._~:/?@!$&'()*+,;=";
    for (; at < url.size(); ++at) {
        const auto c = static_cast<unsigned char>(url[at]);
        if (std::isalnum(c) || allowed.find(static_cast<char>(c)) != std::string_view::npos) continue;
        if (c == '%' && at + 2 < url.size() && std::isxdigit(static_cast<unsigned char>(url[at + 1])) &&
            std::isxdigit(static_cast<unsigned char>(url[at + 2]))) {
            at += 2;
            continue;
        }
        return false;
    }
    return true;
}

result<void> validate_url(std::string_view url) {
    if (plainly_valid(url)) return {};
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        return error(errc::invalid_url, "'" + redact_url(url) + "' is not a valid absolute URL (" +
                                            parsed.error().message() +
                                            "); check for spaces or unescaped characters");
    }
    auto scheme = parsed->scheme();
    if (!tether::detail::iequals(scheme, "http") && !tether::detail::iequals(scheme, "https")) {
        return error(errc::unsupported_scheme, "the scheme '" + std::string(scheme) + "' of '" + redact_url(url) +
                                                   "' is not supported; use http or https");
    }
    if (!parsed->has_authority() || parsed->encoded_host().empty()) {
        return error(errc::invalid_url, "'" + redact_url(url) + "' has no host; write it as http://host/path");
    }
    // RFC 3986 allows any digits; TCP does not.
    if (auto port = parsed->port(); port.size() > 5 || (!port.empty() && std::stoul(std::string(port)) > 65535)) {
        return error(errc::invalid_url, "the port of '" + redact_url(url) + "' is out of range; use 1 to 65535");
    }
    return {};
}

bool has_forbidden_char(std::string_view value) noexcept {
    return value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace

result<void> validate_request(const request& req) {
    if (!tether::detail::is_token(req.method())) {
        return error(errc::invalid_header, "the method '" + redact_url(req.method()) +
                                               "' is not a valid HTTP token; use GET, POST or another token");
    }
    if (auto ok = validate_url(req.url()); !ok) return ok;
    for (const auto& field : req.headers()) {
        if (!tether::detail::is_token(field.name)) {
            std::string shown = has_forbidden_char(field.name) ? "with a line break" : "'" + field.name + "'";
            return error(errc::invalid_header, "the header name " + shown +
                                                   " is not a valid HTTP token; use letters, digits and -");
        }
        if (has_forbidden_char(field.value)) {
            return error(errc::invalid_header, "the value of header '" + field.name +
                                                   "' contains CR, LF or NUL, which could inject headers; remove "
                                                   "line breaks from header values");
        }
    }
    return {};
}

}  // namespace tether::http::detail
