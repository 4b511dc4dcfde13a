#include "origin_set.hpp"

#include "../http/origin.hpp"

#include <algorithm>
#include <stdexcept>

namespace tether::auth::detail {

origin_set::origin_set(const std::vector<std::string>& origins, std::string_view what) {
    if (origins.empty()) {
        throw std::invalid_argument(std::string(what) +
                                    ": origins is empty; name the origins the credentials are for, e.g. "
                                    "\"https://api.example.com\", so that they never reach another server");
    }
    for (const auto& o : origins) {
        auto normalized = http::detail::origin_of(o);
        if (normalized.empty() || !(normalized.starts_with("https://") || normalized.starts_with("http://"))) {
            throw std::invalid_argument(std::string(what) + ": \"" + o +
                                        "\" is not an origin; write scheme, host and port, e.g. "
                                        "\"https://api.example.com\"");
        }
        origins_.push_back(std::move(normalized));
    }
}

bool origin_set::contains_origin_of(std::string_view url) const {
    const auto o = http::detail::origin_of(url);
    return !o.empty() && std::find(origins_.begin(), origins_.end(), o) != origins_.end();
}

bool origin_set::all_private_or_secure() const {
    return std::all_of(origins_.begin(), origins_.end(), [](const std::string& o) {
        return o.starts_with("https://") || o.starts_with("http://127.0.0.1:") || o.starts_with("http://localhost:") ||
               o.starts_with("http://[::1]:");
    });
}

}  // namespace tether::auth::detail
