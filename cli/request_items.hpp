#pragma once
// httpie-style request items:
//   Header:value      a header          (Header:  sends an empty value)
//   param==value      a query parameter
//   field=value       a string field    (JSON body, or form with --form)
//   field:=json       a raw JSON field  (numbers, booleans, arrays, objects)
//   field@path        a file            (makes the body multipart/form-data)

#include <tether/core/result.hpp>
#include <tether/http/request.hpp>

#include <boost/json/object.hpp>

#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace tether::cli {

struct request_items {
    http::headers headers;
    std::vector<std::pair<std::string, std::string>> query;
    std::vector<std::pair<std::string, std::string>> fields;  // field=value, in order
    boost::json::object json_fields;                          // field=value and field:=json
    bool has_raw_json = false;
    std::vector<std::pair<std::string, std::filesystem::path>> files;
};

// Parses `items`; an item with no separator or invalid JSON after := is an
// invalid_request error that names the item.
result<request_items> parse_request_items(std::span<const std::string> items);

// Builds the request: JSON body from fields unless `as_form`, multipart when
// files are given; query parameters and headers added.
result<http::request> build_request(std::string method, std::string url, const request_items& items, bool as_form);

// "localhost:8080/x" -> "http://localhost:8080/x"; ":8080/x" -> "http://127.0.0.1:8080/x".
std::string expand_url(std::string_view url);

}  // namespace tether::cli
