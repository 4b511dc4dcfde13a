#include "spki_pin.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>

namespace tether::tls {

namespace {

constexpr std::string_view prefix = "sha256/";
constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// 32 bytes: ten groups of three, then two bytes and one '=' (RFC 4648 §4).
constexpr std::size_t encoded_size = 44;

int sextet(char c) noexcept {
    const auto at = alphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::optional<spki_hash> parse_pin(std::string_view text) {
    if (!text.starts_with(prefix)) return std::nullopt;
    text.remove_prefix(prefix.size());
    if (text.size() != encoded_size || text.back() != '=') return std::nullopt;
    text.remove_suffix(1);
    spki_hash out{};
    std::size_t n = 0;
    unsigned bits = 0;
    int held = 0;
    for (char c : text) {
        const int v = sextet(c);
        if (v < 0) return std::nullopt;
        bits = (bits << 6) | static_cast<unsigned>(v);
        held += 6;
        if (held >= 8) {
            held -= 8;
            out[n++] = static_cast<unsigned char>((bits >> held) & 0xFF);
        }
    }
    // 43 characters carry 258 bits: the two left over must be zero, so that
    // each hash has one spelling.
    if (n != out.size() || (bits & ((1u << held) - 1)) != 0) return std::nullopt;
    return out;
}

std::string pin_text(const spki_hash& hash) {
    std::string out(prefix);
    unsigned bits = 0;
    int held = 0;
    for (unsigned char byte : hash) {
        bits = (bits << 8) | byte;
        held += 8;
        while (held >= 6) {
            held -= 6;
            out += alphabet[(bits >> held) & 0x3F];
        }
    }
    if (held > 0) out += alphabet[(bits << (6 - held)) & 0x3F];
    while ((out.size() - prefix.size()) % 4 != 0) out += '=';
    return out;
}

std::optional<spki_hash> spki_hash_of(X509* cert) {
    unsigned char* der = nullptr;
    const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
    if (size <= 0) return std::nullopt;
    std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(der, [](unsigned char* p) { OPENSSL_free(p); });
    spki_hash out{};
    SHA256(der, static_cast<std::size_t>(size), out.data());
    return out;
}

}  // namespace tether::tls
