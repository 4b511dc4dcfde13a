#pragma once
// Small pieces every sandbox route uses: numbers from text, problem details,
// JSON bodies, client keys and dates.

#include <tether/testing/mock_response.hpp>
#include <tether/testing/recorded_request.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether::testing::detail {

namespace json = boost::json;

// The whole of `text` as a decimal integer, or nullopt.
std::optional<std::int64_t> to_int(std::string_view text);

// An RFC 9457 problem details answer; `errors` carries field errors as
// JSON pointers.
mock_response problem(int status, std::string title, std::string detail, json::array errors = {});

// {"pointer": "#/<field>", "detail": message}
json::object field_error(std::string_view field, std::string_view message);

// The request's body as JSON, or nullopt when it is not JSON.
std::optional<json::value> parse_body(const recorded_request& req);

// Who is calling, for per-client counters: the X-Client-Key header, else
// the `key` query parameter, else "anonymous".
std::string client_key(const recorded_request& req);

// RFC 9110 §5.6.7 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), to the second.
std::string http_date(std::chrono::system_clock::time_point t);

// RFC 3339 UTC with milliseconds ("2024-05-01T12:00:00.123Z").
std::string rfc3339_ms(std::chrono::system_clock::time_point t);

// True for a non-empty name of letters, digits, '.', '_' and '-': safe to
// put in a path, a header and a quoted ETag.
bool is_plain_name(std::string_view name) noexcept;

}  // namespace tether::testing::detail
