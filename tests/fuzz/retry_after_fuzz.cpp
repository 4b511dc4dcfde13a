// Any Retry-After value: a delay that is never negative, or nothing.
#include <tether/http/retry_after.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view value(reinterpret_cast<const char*>(data), size);
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    if (auto delay = tether::http::parse_retry_after(value, now); delay && delay->count() < 0) std::abort();
    (void)tether::http::parse_http_date(value);
    return 0;
}
