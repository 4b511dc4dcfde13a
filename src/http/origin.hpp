#pragma once
// The origin of a URL (RFC 6454): what credentials, circuits and redirects
// are scoped to.

#include <string>
#include <string_view>

namespace tether::http::detail {

// "scheme://host:port", lower-cased, with the scheme's default port made
// explicit; empty when `url` is not an absolute URL.
[[nodiscard]] std::string origin_of(std::string_view url);

}  // namespace tether::http::detail
