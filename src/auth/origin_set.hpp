#pragma once
// The origins a credential may be sent to, and the check of a request's URL
// against them: credentials never cross origins.

#include <string>
#include <string_view>
#include <vector>

namespace tether::auth::detail {

class origin_set {
public:
    // Normalizes each origin; throws std::invalid_argument, naming
    // `what`, for an empty list or an entry that is not an http(s) origin.
    origin_set(const std::vector<std::string>& origins, std::string_view what);
    [[nodiscard]] bool contains_origin_of(std::string_view url) const;
    // Whether every origin is https or loopback http.
    [[nodiscard]] bool all_private_or_secure() const;

private:
    std::vector<std::string> origins_;
};

}  // namespace tether::auth::detail
