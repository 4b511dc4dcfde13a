#include "host_pattern.hpp"

#include "../ascii.hpp"

#include <arpa/inet.h>

#include <stdexcept>

namespace tether::tls {

namespace {

bool is_ip_address(const std::string& text) {
    unsigned char buffer[16];
    return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// Letters, digits, '-' and '_' (seen in real names though not in RFC 1123),
// in non-empty dot-separated labels.
bool is_host_name(std::string_view name) {
    if (name.empty() || name.size() > 253) return false;
    std::size_t label = 0;
    for (char c : name) {
        if (c == '.') {
            if (label == 0) return false;
            label = 0;
            continue;
        }
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok || ++label > 63) return false;
    }
    return label > 0;
}

[[noreturn]] void refuse(std::string_view text, std::string_view rule) {
    throw std::invalid_argument("'" + std::string(text) + "' is not a host pattern: " + std::string(rule));
}

}  // namespace

std::string canonical_host(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (!host.empty() && host.back() == '.') host.remove_suffix(1);
    return tether::detail::to_lower(host);
}

host_pattern::host_pattern(std::string_view text) : text_(tether::detail::to_lower(text)) {
    std::string_view rest = text_;
    if (rest.starts_with("**.")) {
        kind_ = kind::any_depth;
        rest.remove_prefix(3);
    } else if (rest.starts_with("*.")) {
        kind_ = kind::one_label;
        rest.remove_prefix(2);
    }
    if (rest.find('*') != std::string_view::npos) {
        refuse(text, "a wildcard may only be the whole leftmost label, as in '*.example.com' (one label) or "
                     "'**.example.com' (any depth)");
    }
    if (rest.find("://") != std::string_view::npos || rest.find('/') != std::string_view::npos) {
        refuse(text, "give the host alone, without scheme or path (\"api.example.com\")");
    }
    host_ = canonical_host(rest);
    if (kind_ == kind::exact && is_ip_address(host_)) return;
    if (!is_host_name(host_)) {
        refuse(text, kind_ == kind::exact ? "expected a host name or an IP address, without a port"
                                          : "expected a host name after the wildcard, without a port");
    }
}

bool host_pattern::matches(std::string_view host) const {
    const auto h = canonical_host(host);
    switch (kind_) {
        case kind::exact:
            return h == host_;
        case kind::one_label: {
            // "*.example.com" covers "api.example.com": one more label, no dot in it.
            if (h.size() <= host_.size() + 1 || !h.ends_with(host_)) return false;
            const auto label_end = h.size() - host_.size() - 1;
            return h[label_end] == '.' && h.find('.') == label_end;
        }
        case kind::any_depth:
            if (h == host_) return true;
            return h.size() > host_.size() + 1 && h.ends_with(host_) && h[h.size() - host_.size() - 1] == '.';
    }
    return false;
}

}  // namespace tether::tls
