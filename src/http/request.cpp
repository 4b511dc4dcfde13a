#include <tether/http/request.hpp>

#include <algorithm>

namespace tether::http {

request::request(std::string method, std::string url) : method_(std::move(method)), url_(std::move(url)) {}

void request::set_tag(std::type_index type, std::shared_ptr<const void> value) {
    auto it = std::find_if(tags_.begin(), tags_.end(), [&](const auto& t) { return t.first == type; });
    if (it != tags_.end()) {
        it->second = std::move(value);
    } else {
        tags_.emplace_back(type, std::move(value));
    }
}

const void* request::find_tag(std::type_index type) const noexcept {
    for (const auto& [t, value] : tags_) {
        if (t == type) return value.get();
    }
    return nullptr;
}

bool default_status_policy(int status) noexcept {
    return status >= 200 && status <= 299;
}

}  // namespace tether::http
