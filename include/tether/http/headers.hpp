#pragma once
/// @file
/// `tether::http::headers`: an ordered, case-insensitive, multi-valued header list.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tether::http {

/// One header field as sent or received; the name keeps its original case.
struct header_field {
    std::string name;
    std::string value;

    friend bool operator==(const header_field&, const header_field&) = default;
};

/// The header fields of a request or response, in order. Names compare
/// case-insensitively (RFC 9110 §5.1); a name may repeat (Set-Cookie, Vary).
/// Validity (token names, no CR/LF in values) is checked when the request is
/// sent, so that building never fails.
///
/// @code
/// http::headers h{{"Accept", "application/json"}};
/// h.add("Cache-Control", "no-cache");
/// h.set("accept", "text/plain");         // replaces "Accept"
/// auto v = h.get("ACCEPT");               // "text/plain"
/// @endcode
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
class headers {
public:
    using const_iterator = std::vector<header_field>::const_iterator;

    headers() = default;
    headers(std::initializer_list<std::pair<std::string_view, std::string_view>> fields);
    /// Takes the fields as they are, in order.
    explicit headers(std::vector<header_field> fields) noexcept : fields_(std::move(fields)) {}

    /// Appends a field, keeping any with the same name.
    headers& add(std::string name, std::string value);
    /// Replaces every field named `name` with one field.
    headers& set(std::string_view name, std::string value);
    /// Removes every field named `name`; returns how many were removed.
    std::size_t remove(std::string_view name);

    /// The first value of `name`, if present.
    [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const noexcept;
    /// Every value of `name`, in order.
    [[nodiscard]] std::vector<std::string_view> get_all(std::string_view name) const;
    [[nodiscard]] bool contains(std::string_view name) const noexcept;

    [[nodiscard]] const_iterator begin() const noexcept { return fields_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return fields_.end(); }
    [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
    [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }
    void clear() noexcept { fields_.clear(); }
    void reserve(std::size_t n) { fields_.reserve(n); }

    friend bool operator==(const headers&, const headers&) = default;

private:
    std::vector<header_field> fields_;
};

}  // namespace tether::http
