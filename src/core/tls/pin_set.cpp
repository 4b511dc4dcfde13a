#include "pin_set.hpp"

#include <algorithm>
#include <stdexcept>

namespace tether::tls {

namespace {

std::string where(std::size_t i) {
    return "tls_options::pins[" + std::to_string(i) + "]";
}

spki_hash parse_or_throw(const std::string& text, std::size_t i) {
    if (auto hash = parse_pin(text)) return *hash;
    std::string rule = "a pin is \"sha256/\" followed by the base64 of a 32-byte SHA-256 hash of the certificate's "
                       "SubjectPublicKeyInfo (44 characters ending in '='), as `tether pin HOST` prints it";
    if (text.starts_with("sha1/")) rule = "sha1 pins are not supported; " + rule;
    throw std::invalid_argument(where(i) + ": '" + text + "' is not a pin: " + rule);
}

}  // namespace

pin_set::pin_set(const std::vector<certificate_pin>& pins) {
    entries_.reserve(pins.size());
    for (std::size_t i = 0; i < pins.size(); ++i) {
        const auto& pin = pins[i];
        std::optional<host_pattern> pattern;
        try {
            pattern.emplace(pin.host_pattern);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(where(i) + ".host_pattern: " + e.what());
        }
        if (pin.sha256.empty()) {
            throw std::invalid_argument(where(i) + " ('" + pin.host_pattern +
                                        "') has no pins: give at least one \"sha256/...\" pin, and a backup");
        }
        std::vector<spki_hash> hashes;
        for (const auto& text : pin.sha256) hashes.push_back(parse_or_throw(text, i));
        entries_.push_back({std::move(*pattern), std::move(hashes)});
    }
}

std::vector<spki_hash> pin_set::pins_for(std::string_view host) const {
    std::vector<spki_hash> out;
    for (const auto& e : entries_) {
        if (!e.pattern.matches(host)) continue;
        for (const auto& h : e.hashes) {
            if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(h);
        }
    }
    return out;
}

}  // namespace tether::tls
