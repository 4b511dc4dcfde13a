#pragma once
// Which stored responses a request may be answered with: the key (URL and
// the credentials that partition the cache) and the variant (Vary).

#include <tether/http/headers.hpp>
#include <tether/http/request.hpp>

#include <optional>
#include <string>
#include <vector>

namespace tether::http::cache {

// A SHA-256 digest, in hex, of the URL without its fragment: every variant
// of one resource under one key, so that a change invalidates them all.
[[nodiscard]] std::string primary_key(const request& req);

// Which variant of the resource a request selects: a digest of its values
// of `partition_headers` (other credentials select other variants, and no
// secret is stored), then its values of the headers the response's Vary
// names (§4.1). nullopt for `Vary: *`, which matches no later request.
[[nodiscard]] std::optional<std::string> variant_key(const headers& response_fields, const headers& request_fields,
                                                     const std::vector<std::string>& partition_headers);

}  // namespace tether::http::cache
