// gzip and deflate, undone with zlib.
#include "content_decoder_codings.hpp"

#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <new>
#include <string_view>
#include <utility>

namespace tether::http::native {
namespace {

// inflateInit2's window bits: the largest window (32 KiB) with the zlib
// header, with no header (raw deflate), or with gzip-or-zlib header detection.
constexpr int zlib_window_bits = 15;
constexpr int raw_deflate_window_bits = -15;
constexpr int gzip_or_zlib_window_bits = 15 + 32;

// One zlib inflate stream that hands its output on in bounded pieces.
class inflater {
public:
    explicit inflater(std::string_view coding) : coding_(coding) {}
    ~inflater() { stop(); }
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;

    void start(int window_bits) {
        stop();
        stream_ = z_stream{};
        if (inflateInit2(&stream_, window_bits) != Z_OK) throw std::bad_alloc();
        started_ = true;
    }

    // Begins a new stream of the same kind, as after start().
    void restart() { inflateReset(&stream_); }

    // Inflates `input` until it is used up or the stream ends, dropping what
    // it used from the front of `input`. Returns whether the stream ended.
    result<bool> inflate_some(std::string_view& input, const decoded_bytes_sink& out) {
        for (;;) {
            const std::size_t offered = std::min<std::size_t>(input.size(), std::numeric_limits<uInt>::max());
            stream_.next_in = reinterpret_cast<const Bytef*>(input.data());
            stream_.avail_in = static_cast<uInt>(offered);
            stream_.next_out = buffer_.data();
            stream_.avail_out = static_cast<uInt>(buffer_.size());
            const int rc = inflate(&stream_, Z_NO_FLUSH);
            input.remove_prefix(offered - stream_.avail_in);
            if (const std::size_t produced = buffer_.size() - stream_.avail_out; produced > 0) {
                if (auto r = out(std::string_view(reinterpret_cast<const char*>(buffer_.data()), produced)); !r) {
                    return std::move(r).error();
                }
            }
            if (rc == Z_STREAM_END) return true;
            if (rc == Z_MEM_ERROR) throw std::bad_alloc();
            if (rc == Z_NEED_DICT) {
                return corrupt_body_error(coding_, "it needs a preset dictionary, which HTTP cannot supply");
            }
            // Z_BUF_ERROR only says that this call could make no progress.
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                return corrupt_body_error(coding_, stream_.msg != nullptr ? stream_.msg : zError(rc));
            }
            // Room left in the buffer means zlib wants more input to go on.
            if (stream_.avail_out > 0 && input.empty()) return false;
        }
    }

private:
    void stop() noexcept {
        if (started_) inflateEnd(&stream_);
        started_ = false;
    }

    std::string_view coding_;
    z_stream stream_{};
    bool started_ = false;
    std::array<Bytef, max_decoded_piece> buffer_{};
};

// gzip: "a series of members" (RFC 1952 §2.2), as `cat a.gz b.gz` makes.
// Bytes after a member that do not start another one are ignored, as
// gzip(1) ignores trailing garbage. Like curl, the first member may also be
// in the zlib format, which some servers send as gzip.
class gzip_decoder final : public content_decoder {
public:
    gzip_decoder() { inflater_.start(gzip_or_zlib_window_bits); }

    result<void> decode(std::string_view encoded, const decoded_bytes_sink& out) override {
        if (!encoded.empty()) received_any_ = true;
        while (!encoded.empty() && state_ != state::trailing) {
            if (state_ == state::between_members) {
                if (auto r = look_for_next_member(encoded, out); !r) return r;
                continue;
            }
            auto ended = inflater_.inflate_some(encoded, out);
            if (!ended) return std::move(ended).error();
            if (*ended) state_ = state::between_members;
        }
        return {};
    }

    result<void> finish(const decoded_bytes_sink&) override {
        if (received_any_ && state_ == state::in_member) {
            return corrupt_body_error("gzip", "the body ends before the gzip data does");
        }
        return {};
    }

private:
    enum class state { in_member, between_members, trailing };

    // Another member starts with the magic bytes 1f 8b (RFC 1952 §2.3.1),
    // which may arrive in separate calls.
    result<void> look_for_next_member(std::string_view& encoded, const decoded_bytes_sink& out) {
        static constexpr char magic[] = {'\x1f', '\x8b'};
        if (encoded.front() != magic[magic_bytes_seen_]) {
            state_ = state::trailing;
            return {};
        }
        encoded.remove_prefix(1);
        if (++magic_bytes_seen_ < sizeof magic) return {};
        magic_bytes_seen_ = 0;
        state_ = state::in_member;
        inflater_.restart();
        std::string_view header(magic, sizeof magic);
        auto ended = inflater_.inflate_some(header, out);
        if (!ended) return std::move(ended).error();
        return {};
    }

    inflater inflater_{"gzip"};
    state state_ = state::in_member;
    std::size_t magic_bytes_seen_ = 0;
    bool received_any_ = false;
};

// A zlib stream header (RFC 1950 §2.2): compression method 8 with a window of
// at most 32 KiB, and a check value that makes the pair a multiple of 31.
bool is_zlib_header(unsigned char cmf, unsigned char flg) noexcept {
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0;
}

// deflate is the zlib format (RFC 9110 §8.4.1.2), but "some non-conformant
// implementations send the deflate compressed data without the zlib wrapper"
// (same section); like curl, a body that does not start with a zlib header
// is read as raw deflate. Bytes after the end of the stream are ignored.
class deflate_decoder final : public content_decoder {
public:
    result<void> decode(std::string_view encoded, const decoded_bytes_sink& out) override {
        if (state_ == state::header) {
            const std::size_t taken = std::min(header_.size() - header_size_, encoded.size());
            std::copy_n(encoded.begin(), taken, header_.begin() + static_cast<std::ptrdiff_t>(header_size_));
            header_size_ += taken;
            encoded.remove_prefix(taken);
            if (header_size_ < header_.size()) return {};
            const bool zlib_format =
                is_zlib_header(static_cast<unsigned char>(header_[0]), static_cast<unsigned char>(header_[1]));
            inflater_.start(zlib_format ? zlib_window_bits : raw_deflate_window_bits);
            state_ = state::inflating;
            if (auto r = inflate(std::string_view(header_.data(), header_.size()), out); !r) return r;
        }
        return inflate(encoded, out);
    }

    result<void> finish(const decoded_bytes_sink&) override {
        if (state_ == state::ended || (state_ == state::header && header_size_ == 0)) return {};
        return corrupt_body_error("deflate", "the body ends before the deflate data does");
    }

private:
    enum class state { header, inflating, ended };

    result<void> inflate(std::string_view encoded, const decoded_bytes_sink& out) {
        if (state_ == state::ended || encoded.empty()) return {};
        auto ended = inflater_.inflate_some(encoded, out);
        if (!ended) return std::move(ended).error();
        if (*ended) state_ = state::ended;
        return {};
    }

    inflater inflater_{"deflate"};
    state state_ = state::header;
    std::array<char, 2> header_{};
    std::size_t header_size_ = 0;
};

}  // namespace

std::unique_ptr<content_decoder> make_gzip_decoder() { return std::make_unique<gzip_decoder>(); }

std::unique_ptr<content_decoder> make_deflate_decoder() { return std::make_unique<deflate_decoder>(); }

}  // namespace tether::http::native
