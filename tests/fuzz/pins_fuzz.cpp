// Any pin text, host pattern and host: a pin that parses prints back as the
// same text, a pattern either parses or is refused with invalid_argument,
// and an exact pattern matches its own host.
#include "core/tls/host_pattern.hpp"
#include "core/tls/spki_pin.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

namespace {

// The next line of `rest`, consumed.
std::string_view take_line(std::string_view& rest) {
    const auto end = rest.find('\n');
    auto line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const auto pin = take_line(rest);
    const auto pattern = take_line(rest);
    const auto host = rest;
    if (auto hash = tether::tls::parse_pin(pin); hash && tether::tls::pin_text(*hash) != pin) std::abort();
    try {
        const tether::tls::host_pattern p(pattern);
        (void)p.matches(host);
        if (!p.text().starts_with("*") && !p.matches(p.text())) std::abort();
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
