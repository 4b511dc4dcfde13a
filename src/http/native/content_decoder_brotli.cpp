// br, undone with libbrotlidec.
#include "content_decoder_codings.hpp"

#include <brotli/decode.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>

namespace tether::http::native {
namespace {

// libbrotlidec's name for an error, e.g. "WINDOW_BITS", as "brotli: window bits".
std::string brotli_error_text(BrotliDecoderErrorCode code) {
    std::string text = std::string("brotli: ") + BrotliDecoderErrorString(code);
    for (char& c : text) {
        if (c == '_') c = ' ';
        else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

// The decoder's memory is bounded by the window the stream declares: at most
// 16 MiB, since large windows (a brotli extension HTTP does not use) stay off.
// Bytes after the end of the stream are ignored.
class brotli_decoder final : public content_decoder {
public:
    brotli_decoder() : state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {
        if (!state_) throw std::bad_alloc();
    }

    result<void> decode(std::string_view encoded, const decoded_bytes_sink& out) override {
        if (ended_ || encoded.empty()) return {};
        received_any_ = true;
        const auto* next_in = reinterpret_cast<const std::uint8_t*>(encoded.data());
        std::size_t available_in = encoded.size();
        for (;;) {
            std::uint8_t* next_out = buffer_.data();
            std::size_t available_out = buffer_.size();
            const BrotliDecoderResult rc = BrotliDecoderDecompressStream(state_.get(), &available_in, &next_in,
                                                                         &available_out, &next_out, nullptr);
            if (const std::size_t produced = buffer_.size() - available_out; produced > 0) {
                if (auto r = out(std::string_view(reinterpret_cast<const char*>(buffer_.data()), produced)); !r) {
                    return r;
                }
            }
            switch (rc) {
                case BROTLI_DECODER_RESULT_SUCCESS: ended_ = true; return {};
                case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: return {};
                case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: break;
                case BROTLI_DECODER_RESULT_ERROR:
                    return corrupt_body_error("br", brotli_error_text(BrotliDecoderGetErrorCode(state_.get())));
            }
        }
    }

    result<void> finish(const decoded_bytes_sink&) override {
        if (received_any_ && !ended_) return corrupt_body_error("br", "the body ends before the br data does");
        return {};
    }

private:
    struct destroy_state {
        void operator()(BrotliDecoderState* s) const noexcept { BrotliDecoderDestroyInstance(s); }
    };

    std::unique_ptr<BrotliDecoderState, destroy_state> state_;
    std::array<std::uint8_t, max_decoded_piece> buffer_{};
    bool received_any_ = false;
    bool ended_ = false;
};

}  // namespace

std::unique_ptr<content_decoder> make_brotli_decoder() { return std::make_unique<brotli_decoder>(); }

}  // namespace tether::http::native
