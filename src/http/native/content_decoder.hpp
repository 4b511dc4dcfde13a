#pragma once
// Undoing a response's Content-Encoding (RFC 9110 §8.4) as the body arrives.

#include <tether/core/result.hpp>

#include <functional>
#include <memory>
#include <string_view>

namespace tether::http::native {

/// Receives decoded bytes; an error stops decoding and is returned as it is.
using decoded_bytes_sink = std::function<result<void>(std::string_view decoded)>;

/// Undoes one response Content-Encoding, chunk by chunk, with bounded memory:
/// output is handed on in pieces of at most 16 KiB, so a caller that refuses
/// more bytes (a body size limit) stops a decompression bomb early.
///
/// @par Example
/// @code
/// auto decoder = make_content_decoder("gzip");
/// if (!decoder) return decoder.error();
/// for (std::string_view chunk : encoded_chunks)
///     if (auto r = (*decoder)->decode(chunk, append_to_body); !r) return r;
/// if (auto r = (*decoder)->finish(append_to_body); !r) return r;
/// @endcode
///
/// Once a call has failed, every later call fails with the same error.
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: unsafe.
class content_decoder {
public:
    virtual ~content_decoder() = default;
    /// Decodes the next encoded bytes.
    [[nodiscard]] virtual result<void> decode(std::string_view encoded, const decoded_bytes_sink& out) = 0;
    /// After the last encoded byte: fails when the encoded stream is truncated.
    [[nodiscard]] virtual result<void> finish(const decoded_bytes_sink& out) = 0;
};

/// Whether this build decodes `content_encoding` (a Content-Encoding value:
/// "gzip", "x-gzip", "deflate", "br", "identity", possibly a comma-separated
/// list, case-insensitive).
[[nodiscard]] bool can_decode(std::string_view content_encoding) noexcept;

/// The decoder for a Content-Encoding value; null for "identity" or an empty
/// value. A list ("gzip, br") is undone in reverse order (the last coding
/// applied is undone first). An unknown coding is errc::protocol_violation
/// naming the coding.
[[nodiscard]] result<std::unique_ptr<content_decoder>> make_content_decoder(std::string_view content_encoding);

}  // namespace tether::http::native
