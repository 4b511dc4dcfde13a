// Any command-line items: parsed into a request or refused with an error.
#include "request_items.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> items;
    std::string current;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0) {
            items.push_back(current);
            current.clear();
        } else {
            current += static_cast<char>(data[i]);
        }
    }
    items.push_back(current);
    auto parsed = tether::cli::parse_request_items(items);
    if (!parsed) return 0;
    for (bool form : {false, true}) {
        (void)tether::cli::build_request("GET", "http://h.example/", *parsed, form);
    }
    return 0;
}
