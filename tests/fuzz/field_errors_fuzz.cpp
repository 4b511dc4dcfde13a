// Any error body a server sends: field errors and the summary never crash,
// and the summary never exceeds its limit.
#include "http/field_errors.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto fields = tether::http::detail::parse_field_errors(body);
    for (const auto& f : fields) {
        if (f.message.empty()) std::abort();  // items without a message are skipped
    }
    for (auto type : {std::string_view{}, std::string_view{"text/plain"}}) {
        auto summary = tether::http::detail::error_summary(body, type);
        if (summary.size() > 203) std::abort();  // 200 characters and "..."
    }
    return 0;
}
