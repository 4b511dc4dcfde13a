// Any response body: json() gives a value or a decode error whose offset
// lies within the body.
#include <tether/http/response.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tether::http::response r(200, {}, std::string(reinterpret_cast<const char*>(data), size));
    auto v = r.json();
    if (!v) {
        if (v.error().code() != tether::errc::decode_failed) std::abort();
        if (!v.error().offset() || *v.error().offset() > size) std::abort();
    }
    return 0;
}
