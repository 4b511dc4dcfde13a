// Any base and reference: resolving and validating never crash, and what
// validation accepts (by its shortcut or by the full parse) is an absolute
// http(s) URL with a host in Boost.URL's eyes too.
#include "../../src/core/ascii.hpp"
#include "http/call_preparation.hpp"
#include "http/request_validation.hpp"

#include <boost/url/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto split = text.find('\n');
    const auto base = split == std::string_view::npos ? std::string_view("http://h.example/a/b") : text.substr(0, split);
    const auto reference = split == std::string_view::npos ? text : text.substr(split + 1);
    for (auto candidate : {std::string(reference), std::string(text)}) {
        if (!tether::http::detail::validate_request(tether::http::request::get(candidate))) continue;
        auto parsed = boost::urls::parse_uri(candidate);
        if (!parsed || parsed->encoded_host().empty()) std::abort();
        if (!tether::detail::iequals(parsed->scheme(), "http") && !tether::detail::iequals(parsed->scheme(), "https")) {
            std::abort();
        }
    }
    (void)tether::http::detail::resolve_url(base, reference);
    return 0;
}
