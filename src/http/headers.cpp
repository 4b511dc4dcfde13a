#include <tether/http/headers.hpp>

#include "../core/ascii.hpp"

#include <algorithm>

namespace tether::http {

headers::headers(std::initializer_list<std::pair<std::string_view, std::string_view>> fields) {
    fields_.reserve(fields.size());
    for (const auto& [name, value] : fields) fields_.push_back({std::string(name), std::string(value)});
}

headers& headers::add(std::string name, std::string value) {
    fields_.push_back({std::move(name), std::move(value)});
    return *this;
}

headers& headers::set(std::string_view name, std::string value) {
    auto first = std::find_if(fields_.begin(), fields_.end(), [&](const auto& f) { return detail::iequals(f.name, name); });
    if (first == fields_.end()) {
        fields_.push_back({std::string(name), std::move(value)});
        return *this;
    }
    first->name = name;
    first->value = std::move(value);
    fields_.erase(std::remove_if(std::next(first), fields_.end(), [&](const auto& f) { return detail::iequals(f.name, name); }),
                  fields_.end());
    return *this;
}

std::size_t headers::remove(std::string_view name) {
    return std::erase_if(fields_, [&](const auto& f) { return detail::iequals(f.name, name); });
}

std::optional<std::string_view> headers::get(std::string_view name) const noexcept {
    for (const auto& f : fields_) {
        if (detail::iequals(f.name, name)) return std::string_view(f.value);
    }
    return std::nullopt;
}

std::vector<std::string_view> headers::get_all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& f : fields_) {
        if (detail::iequals(f.name, name)) out.emplace_back(f.value);
    }
    return out;
}

bool headers::contains(std::string_view name) const noexcept {
    return get(name).has_value();
}

}  // namespace tether::http
