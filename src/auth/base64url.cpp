#include "base64url.hpp"

#include <array>
#include <cstdint>

namespace tether::auth::detail {

namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The 6-bit value of each character; -1 for characters outside the alphabet.
constexpr std::array<std::int8_t, 256> make_decode_table() {
    std::array<std::int8_t, 256> table{};
    for (auto& v : table) v = -1;
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    }
    return table;
}
constexpr auto decode_table = make_decode_table();

}  // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t n = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        out += alphabet[n >> 18 & 63];
        out += alphabet[n >> 12 & 63];
        out += alphabet[n >> 6 & 63];
        out += alphabet[n & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 0) return out;
    const std::uint32_t n = byte(i) << 16 | (rest == 2 ? byte(i + 1) << 8 : 0);
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    if (rest == 2) out += alphabet[n >> 6 & 63];
    return out;
}

result<std::string> base64url_decode(std::string_view text) {
    // Padding: up to two '=' that complete a quantum of four characters.
    std::size_t unpadded = text.size();
    while (unpadded > 0 && text.size() - unpadded < 2 && text[unpadded - 1] == '=') --unpadded;
    if (unpadded != text.size() && text.size() % 4 != 0) {
        return error(errc::decode_failed, "not base64url: the '=' padding does not complete the last group of four "
                                          "characters");
    }
    std::string out;
    out.reserve(unpadded / 4 * 3 + 2);
    std::uint32_t bits = 0;
    int pending = 0;
    for (std::size_t i = 0; i < unpadded; ++i) {
        const auto v = decode_table[static_cast<unsigned char>(text[i])];
        if (v < 0) {
            return error(errc::decode_failed, "not base64url: invalid character at offset " + std::to_string(i) +
                                                  " (only A-Z, a-z, 0-9, '-' and '_' are allowed, and '=' at the end)");
        }
        bits = (bits << 6 | static_cast<std::uint32_t>(v)) & 0xffffff;
        pending += 6;
        if (pending >= 8) {
            pending -= 8;
            out += static_cast<char>(bits >> pending & 0xff);
        }
    }
    if (unpadded % 4 == 1) {
        return error(errc::decode_failed, "not base64url: " + std::to_string(unpadded) +
                                              " characters cannot encode whole bytes (4n+1 is impossible)");
    }
    return out;
}

}  // namespace tether::auth::detail
