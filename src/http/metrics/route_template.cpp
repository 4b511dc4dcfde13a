#include "route_template.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <stdexcept>

namespace tether::http::detail {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool all_of(std::string_view s, bool (*pred)(char) noexcept) {
    return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

// 8-4-4-4-12 hex digits (RFC 9562 §4), any version.
bool is_uuid(std::string_view s) noexcept {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !is_hex(s[i])) return false;
    }
    return true;
}

// Opaque ids: long, of id characters, mixing letters and digits. Plain
// words ("internationalization") have no digit and stay.
bool is_opaque_token(std::string_view s) noexcept {
    if (s.size() < 20) return false;
    bool letter = false;
    bool digit = false;
    for (char c : s) {
        if (is_letter(c)) {
            letter = true;
        } else if (is_digit(c)) {
            digit = true;
        } else if (c != '-' && c != '_') {
            return false;
        }
    }
    return letter && digit;
}

bool looks_like_id(std::string_view segment) noexcept {
    return all_of(segment, is_digit) || is_uuid(segment) || (segment.size() >= 16 && all_of(segment, is_hex)) ||
           is_opaque_token(segment);
}

std::string_view strip_query(std::string_view path) noexcept {
    return path.substr(0, std::min(path.find('?'), path.find('#')));
}

std::vector<std::string_view> split_segments(std::string_view path) {
    std::vector<std::string_view> out;
    if (path.starts_with('/')) path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

bool is_placeholder(std::string_view segment) noexcept {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}' &&
           segment.substr(1, segment.size() - 2).find_first_of("{}/") == std::string_view::npos;
}

}  // namespace

std::string derive_route(std::string_view path_and_query) {
    const auto path = strip_query(path_and_query);
    if (path.empty() || path == "/") return "/";
    std::string out;
    for (auto segment : split_segments(path)) {
        out += '/';
        out += looks_like_id(segment) ? std::string_view("{id}") : segment;
    }
    return out;
}

route_matcher::route_matcher(std::vector<std::string> templates) {
    for (auto& text : templates) {
        if (!text.starts_with('/')) {
            throw std::invalid_argument("metrics_options::route_templates: '" + text +
                                        "' must be a path starting with '/', such as \"/users/{id}\"");
        }
        compiled c;
        for (auto segment : split_segments(text)) {
            const bool braces = segment.find_first_of("{}") != std::string_view::npos;
            if (braces && !is_placeholder(segment)) {
                throw std::invalid_argument("metrics_options::route_templates: '" + text +
                                            "' has a malformed placeholder '" + std::string(segment) +
                                            "'; a placeholder is a whole segment such as {id}");
            }
            c.segments.emplace_back(segment);
        }
        c.text = std::move(text);
        templates_.push_back(std::move(c));
    }
}

std::optional<std::string> route_matcher::match(std::string_view path) const {
    if (templates_.empty()) return std::nullopt;
    const auto segments = split_segments(strip_query(path));
    for (const auto& t : templates_) {
        if (t.segments.size() != segments.size()) continue;
        bool matches = true;
        for (std::size_t i = 0; i < segments.size() && matches; ++i) {
            matches = t.segments[i].starts_with('{') ? !segments[i].empty() : t.segments[i] == segments[i];
        }
        if (matches) return t.text;
    }
    return std::nullopt;
}

std::string path_of(std::string_view url) {
    auto u = boost::urls::parse_uri_reference(url);
    if (!u) return std::string(strip_query(url));
    std::string path(u->encoded_path());
    return path.empty() ? "/" : path;
}

std::string host_of(std::string_view url) {
    auto u = boost::urls::parse_uri(url);
    if (!u) return "";
    std::string port(u->port());
    if (port.empty()) port = u->scheme() == "https" ? "443" : "80";
    return std::string(u->encoded_host()) + ":" + port;
}

}  // namespace tether::http::detail
