#pragma once
/// @file
/// Decoding a response body into your own types with Boost.JSON.

#include <tether/core/result.hpp>
#include <tether/http/response.hpp>

#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>

#include <exception>
#include <string>
#include <typeinfo>

namespace tether::http {

/// The body decoded as T through `boost::json::value_to<T>` (write a
/// `tag_invoke(value_to_tag<T>, const value&)` for your types). Invalid JSON
/// and JSON of the wrong shape are both errc::decode_failed, never an
/// exception.
///
/// @code
/// auto user = http::json_as<my::user>(*response);   // result<my::user>
/// @endcode
template <class T>
[[nodiscard]] result<T> json_as(const response& r) {
    auto value = r.json();
    if (!value) return std::move(value).error();
    try {
        return boost::json::value_to<T>(*value);
    } catch (const std::exception& e) {
        return error(errc::decode_failed, std::string("the JSON does not have the expected shape (") + e.what() +
                                              "); check that the server's API version matches this client");
    }
}

}  // namespace tether::http
