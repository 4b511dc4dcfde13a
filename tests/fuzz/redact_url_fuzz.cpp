// Any text given as a URL: redaction never crashes, and a secret planted in
// the query, the fragment or the password never survives it.
#include <tether/core/redact.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    (void)tether::redact_url(input);
    constexpr std::string_view secret = "S3CR3TVALUE";
    for (const auto& planted : {input + "?token=" + std::string(secret), input + "#access_token=" + std::string(secret),
                                "http://u:" + std::string(secret) + "@" + input}) {
        if (tether::redact_url(planted).find(secret) != std::string::npos && input.find(secret) == std::string::npos) {
            std::abort();
        }
    }
    return 0;
}
