// Any body under any Content-Encoding: decoded or a protocol_violation, in
// pieces of at most 16 KiB, stopped by the sink's limit.
//
// Input: byte 0 picks the Content-Encoding; byte 1 gives two chunk sizes
// (one per nibble, 0 meaning all the rest) used in turn to feed the body,
// which is everything after byte 1. Byte 0 = 0xff instead reads the rest as
// a Content-Encoding value.
#include "http/native/content_decoder.hpp"

#include <tether/core/errc.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using tether::errc;
using tether::result;
using namespace tether::http::native;

constexpr std::size_t max_piece = 16 * 1024;
constexpr std::size_t max_body = 4 * 1024 * 1024;

constexpr std::array<std::string_view, 9> encodings = {
    "gzip", "x-gzip", "deflate", "br", "gzip, br", "br, deflate", "deflate, gzip, gzip", "identity", "zstd"};

// can_decode() and make_content_decoder() agree on every value.
void check_value(std::string_view value) {
    auto decoder = make_content_decoder(value);
    if (can_decode(value) != decoder.has_value()) std::abort();
    if (!decoder && decoder.error().code() != errc::protocol_violation) std::abort();
}

void check_body(std::string_view encoding, std::uint8_t chunk_sizes, std::string_view body) {
    auto decoder = make_content_decoder(encoding);
    if (!decoder || !*decoder) return;
    std::size_t delivered = 0;
    const decoded_bytes_sink limited = [&](std::string_view piece) -> result<void> {
        if (piece.empty() || piece.size() > max_piece) std::abort();
        delivered += piece.size();
        if (delivered > max_body) return tether::error(errc::body_too_large, "limit");
        return {};
    };
    const std::array<std::size_t, 2> sizes = {std::size_t{chunk_sizes} & 0x0fu, std::size_t{chunk_sizes} >> 4};
    result<void> r;
    for (std::size_t turn = 0; r && !body.empty(); ++turn) {
        const std::size_t size = sizes[turn % 2] == 0 ? body.size() : sizes[turn % 2];
        r = (*decoder)->decode(body.substr(0, size), limited);
        body.remove_prefix(std::min(size, body.size()));
    }
    if (r) r = (*decoder)->finish(limited);
    if (delivered > max_body + max_piece) std::abort();
    if (!r && r.error().code() != errc::protocol_violation && r.error().code() != errc::body_too_large) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    if (data[0] == 0xff) {
        check_value(rest);
        return 0;
    }
    check_body(encodings[data[0] % encodings.size()], data[1], rest.substr(1));
    return 0;
}
