#include <tether/http/request.hpp>

#include <algorithm>

namespace tether::http {

request::request(std::string method, std::string url) : method_(std::move(method)), url_(std::move(url)) {}

bool default_status_policy(int status) noexcept {
    return status >= 200 && status <= 299;
}

}  // namespace tether::http
