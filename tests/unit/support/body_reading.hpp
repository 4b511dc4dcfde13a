#pragma once
// Reading a request body the way a transport does: open() once, then read()
// into a fixed-size buffer until it returns 0.

#include <tether/core/result.hpp>
#include <tether/http/body.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tether::unit {

struct read_body {
    std::optional<std::uint64_t> size;  // what open() announced
    std::string bytes;                   // what read() produced
};

// Reads all of `b` in buffers of `buffer_size` bytes (7 by default, so that
// reads straddle the boundaries between a multipart body's segments).
inline result<read_body> read_all(const http::body& b, std::size_t buffer_size = 7) {
    auto opened = b.open();
    if (!opened) return std::move(opened).error();
    read_body out{opened->size, {}};
    if (!opened->reader) return out;
    std::vector<char> buffer(buffer_size);
    // A bound, so that a reader that never ends fails the test instead of hanging it.
    for (std::size_t round = 0; round < (std::size_t{1} << 24); ++round) {
        auto got = opened->reader->read(std::span<char>(buffer.data(), buffer.size()));
        if (!got) return std::move(got).error();
        if (*got == 0) return out;
        if (*got > buffer.size()) return error(errc::internal_error, "read() claimed more bytes than the buffer holds");
        out.bytes.append(buffer.data(), *got);
    }
    return error(errc::internal_error, "the body never ended");
}

}  // namespace tether::unit
