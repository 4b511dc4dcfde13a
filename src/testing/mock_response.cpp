#include <tether/testing/mock_response.hpp>

#include "mock_response_access.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <brotli/encode.h>
#include <zlib.h>

#include <stdexcept>

namespace tether::testing {

mock_response::mock_response(int status) : status_(status) {}

mock_response mock_response::json(const boost::json::value& value, int status) {
    mock_response r(status);
    r.header("Content-Type", "application/json").body(boost::json::serialize(value));
    return r;
}

mock_response mock_response::text(std::string text, int status) {
    mock_response r(status);
    r.header("Content-Type", "text/plain; charset=utf-8").body(std::move(text));
    return r;
}

mock_response& mock_response::status(int s) { status_ = s; return *this; }
mock_response& mock_response::reason(std::string r) { reason_ = std::move(r); return *this; }
mock_response& mock_response::header(std::string name, std::string value) {
    headers_.add(std::move(name), std::move(value));
    return *this;
}
mock_response& mock_response::body(std::string b) { body_ = std::move(b); return *this; }
mock_response& mock_response::chunked(std::size_t chunk_size) {
    chunk_size_ = chunk_size == 0 ? 1 : chunk_size;
    return *this;
}
mock_response& mock_response::encode(encoding e) { encoding_ = e; return *this; }
mock_response& mock_response::until_close() { until_close_ = true; return *this; }
mock_response& mock_response::close() { close_ = true; return *this; }
mock_response& mock_response::delay(std::chrono::milliseconds before_headers) { delay_ = before_headers; return *this; }
mock_response& mock_response::throttle(std::size_t bytes, std::chrono::milliseconds every) {
    throttle_bytes_ = bytes == 0 ? 1 : bytes;
    throttle_every_ = every;
    return *this;
}
mock_response& mock_response::drop_after(std::size_t body_bytes) { drop_after_ = body_bytes; return *this; }
mock_response& mock_response::reset() { reset_ = true; return *this; }
mock_response& mock_response::hang() { hang_ = true; return *this; }
mock_response& mock_response::raw(std::string bytes) { raw_ = std::move(bytes); return *this; }

namespace detail {

namespace {

// windowBits 15 + 16 writes the gzip wrapper (RFC 1952); plain 15 writes
// zlib (RFC 1950), which is what "deflate" means in HTTP (RFC 9110 §8.4.1.2).
std::string zlib_compress(const std::string& in, int window_bits) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
    out.resize(z.total_out);
    return out;
}

std::string brotli_compress(const std::string& in) {
    std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
    if (size == 0) size = in.size() + 1024;
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(1, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                               reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                               reinterpret_cast<std::uint8_t*>(out.data()))) {
        throw std::runtime_error("BrotliEncoderCompress failed");
    }
    out.resize(size);
    return out;
}

}  // namespace

std::string encoded_body(const mock_response& r) {
    switch (mock_response_access::encoding(r)) {
        case mock_response::encoding::gzip: return zlib_compress(r.body(), 15 + 16);
        case mock_response::encoding::deflate: return zlib_compress(r.body(), 15);
        case mock_response::encoding::br: return brotli_compress(r.body());
        case mock_response::encoding::identity: break;
    }
    return r.body();
}

}  // namespace detail

}  // namespace tether::testing
