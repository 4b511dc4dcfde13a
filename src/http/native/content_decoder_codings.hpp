#pragma once
// The decoders of the single content codings tether undoes, and what they
// share; content_decoder.cpp combines them into a Content-Encoding list.

#include "content_decoder.hpp"

#include <tether/core/error.hpp>

#include <cstddef>
#include <memory>
#include <string_view>

namespace tether::http::native {

/// The largest piece a decoder hands its sink at once.
inline constexpr std::size_t max_decoded_piece = 16 * 1024;

/// gzip and x-gzip (RFC 1952), one member or several in a row.
std::unique_ptr<content_decoder> make_gzip_decoder();
/// deflate: the zlib format (RFC 1950), or raw deflate (RFC 1951) from
/// servers that leave the zlib header out.
std::unique_ptr<content_decoder> make_deflate_decoder();
/// br (RFC 7932).
std::unique_ptr<content_decoder> make_brotli_decoder();

/// The error for a body that is not valid `coding` data; `detail` is what the
/// decompressor said, e.g. "incorrect header check".
error corrupt_body_error(std::string_view coding, std::string_view detail);

}  // namespace tether::http::native
