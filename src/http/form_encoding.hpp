#pragma once
// application/x-www-form-urlencoded (WHATWG URL §5.2, the serializer HTML forms use).

#include <string>
#include <utility>
#include <vector>

namespace tether::http::detail {

std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace tether::http::detail
