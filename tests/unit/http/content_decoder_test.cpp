#include "http/native/content_decoder.hpp"

#include <tether/core/errc.hpp>

#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using tether::errc;
using tether::error;
using tether::result;
using tether::http::native::can_decode;
using tether::http::native::content_decoder;
using tether::http::native::decoded_bytes_sink;
using tether::http::native::make_content_decoder;

constexpr std::size_t max_piece = 16 * 1024;
constexpr std::size_t whole = static_cast<std::size_t>(-1);

// The encoders are zlib's and brotli's own, so every expectation is the input
// that went in, never something the decoder under test produced.

// window_bits as deflateInit2 takes them: 31 gzip, 15 zlib, -15 raw deflate.
// The input is `block` repeated `times` times, so that bombs need no memory.
std::string deflate_with(int window_bits, std::string_view block, std::size_t times = 1) {
    z_stream z{};
    if (deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out;
    std::vector<unsigned char> buffer(64 * 1024);
    for (std::size_t round = 0; round <= times; ++round) {
        const bool last = round == times;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(block.data()));
        z.avail_in = last ? 0 : static_cast<uInt>(block.size());
        int rc = Z_OK;
        do {
            z.next_out = buffer.data();
            z.avail_out = static_cast<uInt>(buffer.size());
            rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
            out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - z.avail_out);
        } while (z.avail_out == 0 || (last && rc != Z_STREAM_END));
    }
    deflateEnd(&z);
    return out;
}

std::string gzip(std::string_view in) { return deflate_with(31, in); }
std::string zlib(std::string_view in) { return deflate_with(15, in); }
std::string raw_deflate(std::string_view in) { return deflate_with(-15, in); }

std::string brotli(std::string_view block, std::size_t times = 1) {
    BrotliEncoderState* s = BrotliEncoderCreateInstance(nullptr, nullptr, nullptr);
    BrotliEncoderSetParameter(s, BROTLI_PARAM_QUALITY, 5);
    std::string out;
    std::vector<std::uint8_t> buffer(64 * 1024);
    for (std::size_t round = 0; round <= times; ++round) {
        const bool last = round == times;
        std::size_t available_in = last ? 0 : block.size();
        const auto* next_in = reinterpret_cast<const std::uint8_t*>(block.data());
        do {
            std::size_t available_out = buffer.size();
            std::uint8_t* next_out = buffer.data();
            if (!BrotliEncoderCompressStream(s, last ? BROTLI_OPERATION_FINISH : BROTLI_OPERATION_PROCESS,
                                             &available_in, &next_in, &available_out, &next_out, nullptr)) {
                throw std::runtime_error("BrotliEncoderCompressStream failed");
            }
            out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - available_out);
        } while (available_in > 0 || BrotliEncoderHasMoreOutput(s) ||
                 (last && !BrotliEncoderIsFinished(s)));
    }
    BrotliEncoderDestroyInstance(s);
    return out;
}

// 1 MiB in which every line carries its number, then incompressible bytes:
// a piece lost, repeated or reordered anywhere changes the result.
const std::string& large_body() {
    static const std::string body = [] {
        std::string b;
        for (int line = 0; b.size() < 960 * 1024; ++line) {
            b += "line " + std::to_string(line) + " of the patterned body\n";
        }
        std::uint32_t x = 2463534242u;
        while (b.size() < 1024 * 1024) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            b += static_cast<char>(x & 0xff);
        }
        return b;
    }();
    return body;
}

struct decoded {
    std::string bytes;
    std::size_t largest_piece = 0;
    bool empty_piece = false;
};

// Feeds `encoded` in `chunk`-byte pieces, then finishes; the first failure,
// or everything the sink received.
result<decoded> decode_in_chunks(std::string_view content_encoding, std::string_view encoded,
                                 std::size_t chunk = whole) {
    auto decoder = make_content_decoder(content_encoding);
    if (!decoder) return std::move(decoder).error();
    if (!*decoder) throw std::logic_error("no decoder for " + std::string(content_encoding));
    decoded out;
    const decoded_bytes_sink sink = [&](std::string_view piece) -> result<void> {
        out.bytes += piece;
        out.largest_piece = std::max(out.largest_piece, piece.size());
        out.empty_piece = out.empty_piece || piece.empty();
        return {};
    };
    for (std::size_t at = 0; at < encoded.size(); at += chunk) {
        if (auto r = (*decoder)->decode(encoded.substr(at, chunk), sink); !r) return std::move(r).error();
    }
    if (auto r = (*decoder)->finish(sink); !r) return std::move(r).error();
    return out;
}

void expect_protocol_violation(const result<decoded>& r, std::string_view mentioning) {
    ASSERT_FALSE(r) << "decoded " << r->bytes.size() << " bytes";
    EXPECT_EQ(r.error().code(), errc::protocol_violation);
    EXPECT_NE(r.error().message().find(mentioning), std::string::npos) << r.error().message();
}

struct coding_case {
    std::string_view name;
    std::string (*encode)(std::string_view);
};

std::string brotli_once(std::string_view in) { return brotli(in); }

const std::vector<coding_case> codings = {
    {"gzip", gzip}, {"x-gzip", gzip}, {"deflate", zlib}, {"br", brotli_once}};

TEST(content_decoder, every_coding_round_trips_a_large_body_in_any_chunk_size) {
    for (const auto& c : codings) {
        const std::string encoded = c.encode(large_body());
        for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, whole}) {
            auto r = decode_in_chunks(c.name, encoded, chunk);
            ASSERT_TRUE(r) << c.name << ": " << r.error().to_string();
            EXPECT_TRUE(r->bytes == large_body()) << c.name << " in chunks of " << chunk;
            EXPECT_LE(r->largest_piece, max_piece) << c.name;
            EXPECT_FALSE(r->empty_piece) << c.name;
        }
    }
}

TEST(content_decoder, gzip_members_in_a_row_are_one_body) {
    // RFC 1952 §2.2: a gzip file is a series of members, as `cat a.gz b.gz` makes.
    const std::string encoded = gzip("first member, ") + gzip("") + gzip("second member, ") + gzip(large_body());
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, whole}) {
        auto r = decode_in_chunks("gzip", encoded, chunk);
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_TRUE(r->bytes == "first member, second member, " + large_body()) << "chunks of " << chunk;
    }
}

TEST(content_decoder, bytes_after_the_last_gzip_member_are_ignored) {
    // gzip(1) ignores trailing garbage too, such as the zeros of a padded file.
    for (std::string_view trailing : {std::string_view("\0\0\0\0", 4), std::string_view("\x1f"),
                                      std::string_view("\x1f!"), std::string_view("<html>")}) {
        for (std::size_t chunk : {std::size_t{1}, whole}) {
            auto r = decode_in_chunks("gzip", gzip("body") + std::string(trailing), chunk);
            ASSERT_TRUE(r) << r.error().to_string();
            EXPECT_EQ(r->bytes, "body");
        }
    }
}

TEST(content_decoder, gzip_also_accepts_the_zlib_format) {
    // Like curl, which lets zlib detect the header.
    auto r = decode_in_chunks("gzip", zlib("zlib, labelled gzip"));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->bytes, "zlib, labelled gzip");
}

TEST(content_decoder, deflate_without_the_zlib_header_is_read_as_raw_deflate) {
    // RFC 9110 §8.4.1.2: "some non-conformant implementations send the
    // deflate compressed data without the zlib wrapper"; curl reads it.
    const std::string encoded = raw_deflate(large_body());
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, whole}) {
        auto r = decode_in_chunks("deflate", encoded, chunk);
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_TRUE(r->bytes == large_body()) << "chunks of " << chunk;
    }
    auto empty = decode_in_chunks("deflate", raw_deflate(""), 1);
    ASSERT_TRUE(empty) << empty.error().to_string();
    EXPECT_EQ(empty->bytes, "");
}

TEST(content_decoder, bytes_after_the_end_of_a_deflate_or_brotli_stream_are_ignored) {
    for (const auto& [name, encoded] : std::vector<std::pair<std::string_view, std::string>>{
             {"deflate", zlib("body")}, {"deflate", raw_deflate("body")}, {"br", brotli("body")}}) {
        for (std::size_t chunk : {std::size_t{1}, whole}) {
            auto r = decode_in_chunks(name, encoded + "trailing bytes", chunk);
            ASSERT_TRUE(r) << name << ": " << r.error().to_string();
            EXPECT_EQ(r->bytes, "body") << name;
        }
    }
}

TEST(content_decoder, coding_names_are_case_insensitive_and_may_have_whitespace) {
    for (std::string_view name : {"GZIP", "X-Gzip", " gzip\t", "Gzip"}) {
        auto r = decode_in_chunks(name, gzip("abc"));
        ASSERT_TRUE(r) << name << ": " << r.error().to_string();
        EXPECT_EQ(r->bytes, "abc");
    }
    auto deflate = decode_in_chunks("DEFLATE", zlib("abc"));
    ASSERT_TRUE(deflate) << deflate.error().to_string();
    EXPECT_EQ(deflate->bytes, "abc");
    auto br = decode_in_chunks("Br", brotli("abc"));
    ASSERT_TRUE(br) << br.error().to_string();
    EXPECT_EQ(br->bytes, "abc");
}

TEST(content_decoder, a_list_is_undone_last_coding_first) {
    // "gzip, br": gzip was applied first, then br (RFC 9110 §8.4).
    const std::string gzip_then_br = brotli(gzip(large_body()));
    for (std::size_t chunk : {std::size_t{7}, whole}) {
        auto r = decode_in_chunks("gzip, br", gzip_then_br, chunk);
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_TRUE(r->bytes == large_body()) << "chunks of " << chunk;
        EXPECT_LE(r->largest_piece, max_piece);
    }
    auto reversed = decode_in_chunks("br,deflate", zlib(brotli("abc")));
    ASSERT_TRUE(reversed) << reversed.error().to_string();
    EXPECT_EQ(reversed->bytes, "abc");
    // The wrong order is a corrupt body, not a silent mix-up.
    EXPECT_FALSE(decode_in_chunks("br, gzip", gzip_then_br));
}

TEST(content_decoder, identity_and_empty_list_elements_are_skipped) {
    // RFC 9110 §5.6.1: recipients ignore empty list elements.
    for (std::string_view value : {"", "identity", "IDENTITY", " , identity ,"}) {
        auto d = make_content_decoder(value);
        ASSERT_TRUE(d) << value << ": " << d.error().to_string();
        EXPECT_EQ(*d, nullptr) << value;
        EXPECT_TRUE(can_decode(value)) << value;
    }
    auto r = decode_in_chunks("identity, gzip,, ", gzip("abc"));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->bytes, "abc");
}

TEST(content_decoder, an_unknown_coding_is_a_protocol_violation_naming_it) {
    for (const auto& [value, named] : std::vector<std::pair<std::string_view, std::string_view>>{
             {"zstd", "'zstd'"}, {"gzip, compress", "'compress'"}, {"x-unknown, br", "'x-unknown'"}}) {
        auto d = make_content_decoder(value);
        ASSERT_FALSE(d) << value;
        EXPECT_EQ(d.error().code(), errc::protocol_violation);
        EXPECT_NE(d.error().message().find(named), std::string::npos) << d.error().message();
        EXPECT_NE(d.error().message().find("cannot decode"), std::string::npos) << d.error().message();
        EXPECT_FALSE(can_decode(value)) << value;
    }
}

TEST(content_decoder, can_decode_says_whether_a_decoder_can_be_made) {
    for (std::string_view value : {"gzip", "x-gzip", "deflate", "br", "identity", "gzip, br", "Br , GZIP", "",
                                   "zstd", "gzip, zstd", "compress", "gzip;q=1", "gzip gzip"}) {
        EXPECT_EQ(can_decode(value), make_content_decoder(value).has_value()) << value;
    }
}

TEST(content_decoder, at_most_five_codings_are_undone) {
    // Each coding costs a decompressor's memory; curl refuses more than five
    // since CVE-2022-32206.
    const std::string five_times = gzip(gzip(gzip(gzip(gzip("deep")))));
    auto five = decode_in_chunks("gzip, gzip, gzip, gzip, gzip", five_times, 3);
    ASSERT_TRUE(five) << five.error().to_string();
    EXPECT_EQ(five->bytes, "deep");

    auto six = make_content_decoder("gzip, gzip, gzip, gzip, gzip, gzip");
    ASSERT_FALSE(six);
    EXPECT_EQ(six.error().code(), errc::protocol_violation);
    EXPECT_FALSE(can_decode("gzip, gzip, gzip, gzip, gzip, gzip"));
    EXPECT_TRUE(can_decode("gzip, gzip, gzip, gzip, gzip, identity"));
}

TEST(content_decoder, an_empty_body_decodes_to_nothing) {
    // A server may label an empty body (a 204, an empty 200) with its coding.
    for (const auto& c : codings) {
        auto r = decode_in_chunks(c.name, "");
        ASSERT_TRUE(r) << c.name << ": " << r.error().to_string();
        EXPECT_EQ(r->bytes, "") << c.name;
    }
}

TEST(content_decoder, a_truncated_stream_fails_when_finished) {
    for (const auto& c : codings) {
        const std::string encoded = c.encode(large_body());
        for (std::size_t kept : {std::size_t{1}, encoded.size() / 2, encoded.size() - 1}) {
            SCOPED_TRACE(std::string(c.name) + " cut to " + std::to_string(kept) + " bytes");
            auto decoder = make_content_decoder(c.name);
            ASSERT_TRUE(decoder);
            std::string delivered;
            const decoded_bytes_sink sink = [&](std::string_view piece) -> result<void> {
                delivered += piece;
                return {};
            };
            ASSERT_TRUE((*decoder)->decode(std::string_view(encoded).substr(0, kept), sink));
            auto finished = (*decoder)->finish(sink);
            ASSERT_FALSE(finished);
            EXPECT_EQ(finished.error().code(), errc::protocol_violation);
            EXPECT_NE(finished.error().message().find("ends before"), std::string::npos) << finished.error().message();
            // What arrived before the cut is handed on, unchanged.
            EXPECT_TRUE(large_body().starts_with(delivered)) << delivered.size() << " bytes delivered";
        }
    }
}

TEST(content_decoder, corrupt_data_is_a_protocol_violation) {
    // A changed byte in the compressed data or in the checksum (gzip's CRC-32,
    // zlib's Adler-32) is caught at the latest when the stream ends.
    for (const auto& [name, encode] : std::vector<coding_case>{{"gzip", gzip}, {"deflate", zlib}}) {
        const std::string encoded = encode(large_body());
        for (std::size_t at : {encoded.size() / 2, encoded.size() - 2}) {
            std::string corrupt = encoded;
            corrupt[at] = static_cast<char>(corrupt[at] ^ 0x55);
            SCOPED_TRACE(std::string(name) + ", byte " + std::to_string(at) + " changed");
            expect_protocol_violation(decode_in_chunks(name, corrupt, 7),
                                      "is not valid " + std::string(name == "gzip" ? "gzip" : "deflate") + " data");
        }
    }
    std::string br = brotli(large_body());
    br[0] = static_cast<char>(0x11);  // a reserved window size (RFC 7932 §9.1)
    expect_protocol_violation(decode_in_chunks("br", br), "is not valid br data");
}

TEST(content_decoder, a_garbage_header_is_a_protocol_violation) {
    const std::string garbage = "<html><body>not compressed at all</body></html>";
    for (const auto& c : codings) {
        for (std::size_t chunk : {std::size_t{1}, whole}) {
            SCOPED_TRACE(std::string(c.name) + " in chunks of " + std::to_string(chunk));
            expect_protocol_violation(decode_in_chunks(c.name, garbage, chunk), "the server sent a corrupt");
        }
    }
    expect_protocol_violation(decode_in_chunks("gzip", "\x1f\x8c\x08\x00"), "incorrect header check");
}

TEST(content_decoder, a_sink_error_stops_decoding_and_comes_back_unchanged) {
    for (std::string_view coding : {"gzip", "deflate", "br", "gzip, br"}) {
        SCOPED_TRACE(coding);
        const std::string encoded =
            coding == "gzip" ? gzip(large_body())
            : coding == "deflate" ? zlib(large_body())
            : coding == "br" ? brotli(large_body())
                             : brotli(gzip(large_body()));
        auto decoder = make_content_decoder(coding);
        ASSERT_TRUE(decoder);
        int calls = 0;
        const decoded_bytes_sink refusing = [&](std::string_view) -> result<void> {
            ++calls;
            return error(errc::io_failed, "the disk is full");
        };
        auto first = (*decoder)->decode(encoded, refusing);
        ASSERT_FALSE(first);
        EXPECT_EQ(first.error().code(), errc::io_failed);
        EXPECT_EQ(first.error().message(), "the disk is full");
        EXPECT_EQ(calls, 1);
        // The decoder stays stopped, with the same error.
        auto again = (*decoder)->decode("more", refusing);
        ASSERT_FALSE(again);
        EXPECT_EQ(again.error().message(), "the disk is full");
        auto finished = (*decoder)->finish(refusing);
        ASSERT_FALSE(finished);
        EXPECT_EQ(finished.error().message(), "the disk is full");
        EXPECT_EQ(calls, 1);
    }
}

TEST(content_decoder, a_decompression_bomb_stops_once_the_sink_refuses) {
    // 100 MiB of zeros compress to a few hundred KiB or less; a body limit of
    // 1 MiB must stop decoding near 1 MiB, not after inflating everything.
    constexpr std::size_t limit = 1024 * 1024;
    const std::string zeros(1024 * 1024, '\0');
    const std::string gzip_bomb = deflate_with(31, zeros, 100);
    const std::string br_bomb = brotli(zeros, 100);
    for (const auto& [coding, encoded] : std::vector<std::pair<std::string_view, std::string>>{
             {"gzip", gzip_bomb}, {"deflate", deflate_with(15, zeros, 100)}, {"br", br_bomb},
             {"gzip, br", brotli(gzip_bomb)}}) {
        SCOPED_TRACE(coding);
        ASSERT_LT(encoded.size(), limit / 4);
        for (std::size_t chunk : {std::size_t{1}, whole}) {
            auto decoder = make_content_decoder(coding);
            ASSERT_TRUE(decoder);
            std::size_t delivered = 0;
            std::size_t largest_piece = 0;
            const decoded_bytes_sink limited = [&](std::string_view piece) -> result<void> {
                delivered += piece.size();
                largest_piece = std::max(largest_piece, piece.size());
                if (delivered > limit) return error(errc::body_too_large, "the body exceeds 1 MiB");
                return {};
            };
            result<void> r;
            for (std::size_t at = 0; r && at < encoded.size(); at += std::min(chunk, encoded.size())) {
                r = (*decoder)->decode(std::string_view(encoded).substr(at, chunk), limited);
            }
            ASSERT_FALSE(r);
            EXPECT_EQ(r.error().code(), errc::body_too_large);
            EXPECT_LE(largest_piece, max_piece);
            EXPECT_LE(delivered, limit + max_piece);
        }
    }
}

}  // namespace
