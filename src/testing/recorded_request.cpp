#include <tether/testing/recorded_request.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace tether::testing {

std::optional<std::string> recorded_request::query_param(std::string_view name) const {
    if (query.empty()) return std::nullopt;
    const std::string text = "?" + query;
    auto parsed = boost::urls::parse_relative_ref(text);
    if (!parsed) return std::nullopt;
    for (auto p : parsed->params(boost::urls::encoding_opts(true))) {
        if (p.key == name) return p.has_value ? p.value : std::string();
    }
    return std::nullopt;
}

}  // namespace tether::testing
