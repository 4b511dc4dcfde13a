// Any token: decode_jwt_unverified gives claims or a decode_failed error
// that does not quote the token; jwt_expiry agrees with it; base64url
// decoding, when it succeeds, survives a round trip through the encoder.
#include <tether/auth/jwt.hpp>

#include "auth/base64url.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

bool has_foreign_byte(std::string_view text) {
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7f || (b >= 0x80 && b != 0xc2 && b != 0xa7)) return true;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view token(reinterpret_cast<const char*>(data), size);
    auto claims = tether::auth::decode_jwt_unverified(token);
    if (!claims) {
        if (claims.error().code() != tether::errc::decode_failed) std::abort();
        const auto& message = claims.error().message();
        // Bounded, so no token of any length is copied into it whole.
        if (message.size() > 400) std::abort();
        // An input may spell words of the message itself (libFuzzer learns
        // them); one with a control or non-ASCII byte cannot, since messages
        // are ASCII (and "§"), so finding it there means it was echoed.
        if (has_foreign_byte(token) && message.find(token) != std::string::npos) std::abort();
    }
    const auto expiry = tether::auth::jwt_expiry(token);
    if (expiry != (claims ? claims->exp : std::nullopt)) std::abort();

    if (auto bytes = tether::auth::detail::base64url_decode(token)) {
        const auto again = tether::auth::detail::base64url_decode(tether::auth::detail::base64url_encode(*bytes));
        if (!again || *again != *bytes) std::abort();
    }
    return 0;
}
