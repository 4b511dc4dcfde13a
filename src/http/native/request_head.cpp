#include "request_head.hpp"

#include "../../core/ascii.hpp"

#include <tether/core/redact.hpp>

#include <boost/url/grammar/parse.hpp>
#include <boost/url/ipv4_address.hpp>
#include <boost/url/parse.hpp>

#include <openssl/evp.h>

#include <charconv>

namespace tether::http::native {

namespace {

using tether::detail::iequals;

std::string base64(std::string_view in) {
    std::string out(4 * ((in.size() + 2) / 3), '\0');
    const auto n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                   reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

void add_field(std::string& head, std::string_view name, std::string_view value) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
}

bool is_plain_host_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool is_plain_target_char(char c) noexcept {
    static constexpr std::string_view allowed = "-._~:/?@!$&'()*+,;=%";
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           allowed.find(c) != std::string_view::npos;
}

// The common shape, split without a full parse: a lower-case scheme and
// host name or IPv4 address, an optional port, a path and query of plain
// characters. Anything else (user-info, IPv6, fragments, upper case,
// unusual bytes) returns false and takes Boost.URL's parse.
bool split_plain(std::string_view url, request_target& t) {
    std::size_t at = 0;
    if (url.starts_with("http://")) {
        at = 7;
    } else if (url.starts_with("https://")) {
        at = 8;
        t.secure = true;
    } else {
        return false;
    }
    const auto host_start = at;
    bool digits_and_dots = true;
    while (at < url.size() && is_plain_host_char(url[at])) {
        digits_and_dots = digits_and_dots && (url[at] == '.' || (url[at] >= '0' && url[at] <= '9'));
        ++at;
    }
    if (at == host_start) return false;
    const auto host = url.substr(host_start, at - host_start);
    if (digits_and_dots) {
        if (!boost::urls::parse_ipv4_address(host)) return false;
        t.ip_literal = true;
    }
    const std::uint16_t default_port = t.secure ? 443 : 80;
    t.port = default_port;
    if (at < url.size() && url[at] == ':') {
        const auto port_start = ++at;
        unsigned value = 0;
        while (at < url.size() && url[at] >= '0' && url[at] <= '9' && at - port_start < 5) {
            value = value * 10 + static_cast<unsigned>(url[at] - '0');
            ++at;
        }
        if (at == port_start || value > 65535) return false;
        t.port = static_cast<std::uint16_t>(value);
    }
    if (at < url.size() && url[at] != '/' && url[at] != '?') return false;
    const auto rest = url.substr(at);
    for (char c : rest) {
        if (!is_plain_target_char(c)) return false;
    }
    t.host.assign(host);
    const auto port_text = std::to_string(t.port);
    t.host_header = t.port == default_port ? t.host : t.host + ":" + port_text;
    t.origin = std::string(url.substr(0, host_start)) + t.host + ":" + port_text;
    if (rest.empty() || rest.front() == '?') t.target = "/";
    t.target += rest;
    return true;
}

}  // namespace

result<request_target> parse_request_target(std::string_view url) {
    if (request_target plain; split_plain(url, plain)) return plain;
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        return error(errc::invalid_url, "'" + redact_url(url) + "' is not a valid absolute URL (" +
                                            parsed.error().message() + ")");
    }
    const auto& u = *parsed;
    request_target t;
    if (iequals(u.scheme(), "https")) {
        t.secure = true;
    } else if (!iequals(u.scheme(), "http")) {
        return error(errc::unsupported_scheme,
                     "the scheme '" + std::string(u.scheme()) + "' is not supported; use http or https");
    }
    const std::uint16_t default_port = t.secure ? 443 : 80;
    t.port = default_port;
    if (u.has_port()) {
        const auto text = u.port();
        unsigned value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || value > 65535) {
            return error(errc::invalid_url, "the port of '" + redact_url(url) + "' is out of range; use 1 to 65535");
        }
        t.port = static_cast<std::uint16_t>(value);
    }
    switch (u.host_type()) {
        case boost::urls::host_type::ipv4:
            t.ip_literal = true;
            t.host = std::string(u.encoded_host());
            break;
        case boost::urls::host_type::ipv6:
            t.ip_literal = true;
            t.host = u.host_ipv6_address().to_string();
            break;
        case boost::urls::host_type::name:
            t.host = tether::detail::to_lower(u.host());
            break;
        default:
            return error(errc::invalid_url, "'" + redact_url(url) + "' has no usable host");
    }
    if (t.host.empty()) return error(errc::invalid_url, "'" + redact_url(url) + "' has no host");
    const bool bracketed = u.host_type() == boost::urls::host_type::ipv6;
    const auto host_text = bracketed ? "[" + t.host + "]" : t.host;
    const auto port_text = std::to_string(t.port);
    t.host_header = t.port == default_port ? host_text : host_text + ":" + port_text;
    t.origin = (t.secure ? "https://" : "http://") + host_text + ":" + port_text;
    t.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
    if (t.target.front() != '/') t.target.insert(0, 1, '/');
    if (u.has_query()) {
        t.target += '?';
        t.target += u.encoded_query();
    }
    if (u.has_userinfo()) t.credentials = u.user() + ":" + u.password();
    return t;
}

body_framing framing_for(const request& req, std::optional<std::uint64_t> body_size) {
    const auto& m = req.method();
    body_framing f;
    if (m == "HEAD") return f;
    const bool has_body = !body_size || *body_size > 0;
    f.sends_body = has_body || m == "POST" || m == "PUT" || m == "PATCH";
    f.length = body_size;
    return f;
}

std::string request_head(const request& req, const request_target& where, const body_framing& framing,
                         bool accept_encoding) {
    const auto& fields = req.headers();
    std::string head;
    head.reserve(128 + where.target.size() + fields.size() * 48);
    head += req.method();
    head += ' ';
    head += where.target;
    head += " HTTP/1.1\r\n";
    bool has_host = false;
    bool has_accept = false;
    bool has_accept_encoding = false;
    bool has_authorization = false;
    for (const auto& field : fields) {
        const auto& name = field.name;
        if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding")) continue;
        has_host = has_host || iequals(name, "Host");
        has_accept = has_accept || iequals(name, "Accept");
        has_accept_encoding = has_accept_encoding || iequals(name, "Accept-Encoding");
        has_authorization = has_authorization || iequals(name, "Authorization");
    }
    // Host first, as RFC 9112 §3.2 asks of clients.
    if (!has_host) add_field(head, "Host", where.host_header);
    for (const auto& field : fields) {
        if (iequals(field.name, "Content-Length") || iequals(field.name, "Transfer-Encoding")) continue;
        add_field(head, field.name, field.value);
    }
    if (!has_accept) add_field(head, "Accept", "*/*");
    if (accept_encoding && !has_accept_encoding) add_field(head, "Accept-Encoding", "gzip, deflate, br");
    if (!where.credentials.empty() && !has_authorization) {
        add_field(head, "Authorization", "Basic " + base64(where.credentials));
    }
    if (framing.sends_body) {
        if (framing.length) {
            add_field(head, "Content-Length", std::to_string(*framing.length));
        } else {
            add_field(head, "Transfer-Encoding", "chunked");
        }
    }
    head += "\r\n";
    return head;
}

}  // namespace tether::http::native
