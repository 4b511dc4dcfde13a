#pragma once
// tls_options::pins, checked and parsed once per client. Immutable, so
// shared by every connection on any thread.

#include "host_pattern.hpp"
#include "spki_pin.hpp"

#include <tether/core/tls_options.hpp>

#include <string_view>
#include <vector>

namespace tether::tls {

class pin_set {
public:
    /// Throws std::invalid_argument naming the entry (tls_options::pins[i])
    /// and the rule it breaks.
    explicit pin_set(const std::vector<certificate_pin>& pins);

    /// Every pin of every pattern that matches `host`, without repeats, in
    /// the order given; empty when the host is not pinned.
    [[nodiscard]] std::vector<spki_hash> pins_for(std::string_view host) const;

    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }

private:
    struct entry {
        host_pattern pattern;
        std::vector<spki_hash> hashes;
    };
    std::vector<entry> entries_;
};

}  // namespace tether::tls
