// Any bytes a server may send, split anywhere: the native transport's
// response reader gives a response or a typed error, never a crash, a hang
// or a body over the limit.
#include "http/native/response_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    // First byte: how the bytes are split and which options apply; the
    // rest is what the server sent.
    const auto shape = data[0];
    const std::size_t piece = 1 + (shape & 0x3f);
    const bool head_request = (shape & 0x40) != 0;
    const bool decompress = (shape & 0x80) != 0;
    const std::string_view wire(reinterpret_cast<const char*>(data + 1), size - 1);

    tether::http::call_options options;
    options.max_body_size = 1 << 20;
    tether::http::native::response_reader reader(head_request, decompress, options);
    std::string pending;
    bool failed = false;
    for (std::size_t at = 0; at < wire.size() && !reader.done() && !failed; at += piece) {
        pending.append(wire.substr(at, piece));
        auto used = reader.feed(pending);
        if (!used) {
            failed = true;
            break;
        }
        if (*used > pending.size()) std::abort();
        pending.erase(0, *used);
    }
    if (!failed && !reader.done()) failed = !reader.feed_eof();
    if (!failed && reader.done()) {
        auto r = reader.take();
        if (r && r->body().size() > *options.max_body_size) std::abort();
        if (r && (r->status() < 100 || r->status() > 999)) std::abort();
    }
    return 0;
}
