#pragma once
// Field errors from the validation-error body shapes in common use.

#include <tether/core/error.hpp>

#include <string_view>
#include <vector>

namespace tether::http::detail {

// Reads, in this order of preference:
//  - RFC 9457 problem details: "errors": [{"detail", "pointer"}] and the
//    RFC 7807 example's "invalid-params": [{"name", "reason"}];
//  - {"errors": {"field": ["message", ...]}} (Rails, Laravel, ASP.NET);
//  - JSON:API "errors": [{"source": {"pointer" | "parameter"}, "detail" | "title"}];
//  - FastAPI/pydantic "detail": [{"loc": [..., "field"], "msg"}].
// Anything else gives no field errors (never a failure).
std::vector<field_error> parse_field_errors(std::string_view body);

// The most helpful one-line text an error body offers: from JSON, problem
// "detail"/"title", "message", "error_description" or "error"; from a
// text/plain body, its first line. At most 200 characters; "" otherwise.
std::string error_summary(std::string_view body, std::string_view content_type = {});

}  // namespace tether::http::detail
