#pragma once
// Which hosts a pin applies to, matched as OkHttp's CertificatePinner does:
// an exact host, "*.example.com" (exactly one more label) or
// "**.example.com" (zero or more labels), case-insensitive.

#include <string>
#include <string_view>

namespace tether::tls {

class host_pattern {
public:
    /// Throws std::invalid_argument naming `text` and the rule it breaks.
    explicit host_pattern(std::string_view text);

    /// Whether `host` (a name, any case, with or without a final dot, or an
    /// IP address, IPv6 with or without brackets) is covered.
    [[nodiscard]] bool matches(std::string_view host) const;

    /// The pattern as given, lower-cased.
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

private:
    enum class kind { exact, one_label, any_depth };
    kind kind_ = kind::exact;
    std::string text_;
    std::string host_;  // exact: the host; wildcards: the part after "*." or "**."
};

/// `host` as patterns compare it: lower case, no final dot, no brackets.
[[nodiscard]] std::string canonical_host(std::string_view host);

}  // namespace tether::tls
