#pragma once
/// @file
/// `tether::result<T>`: a value or an `error`.

#include <tether/core/error.hpp>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace tether {

/// Either a `T` or an `error`. Expected failures travel as values through
/// interceptors, retries and caches, which inspect them as data.
///
/// `value()` returns the value or throws the typed exception for the error
/// (see `tether/core/exceptions.hpp`), for callers who prefer exceptions.
///
/// @par Example
/// @code
/// tether::result<http::response> r = client.execute(http::request::get(url));
/// if (!r) { std::cerr << r.error().to_string() << '\n'; return; }
/// std::cout << r->body();
/// @endcode
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
template <class T>
class [[nodiscard]] result {
    static_assert(!std::is_reference_v<T>, "result<T&> is not supported; use a pointer");
    static_assert(!std::is_same_v<std::remove_cv_t<T>, tether::error>, "result<error> is ambiguous");

public:
    using value_type = T;

    /// A value-initialized T, as std::expected does (needed, for instance,
    /// by asio::co_spawn's completion handlers).
    result() requires std::is_default_constructible_v<T> : state_(std::in_place_index<0>) {}
    result(const T& value) : state_(std::in_place_index<0>, value) {}
    result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}
    result(tether::error e) : state_(std::in_place_index<1>, std::move(e)) {}

    /// Constructs the value in place from `args`.
    template <class... Args>
    explicit result(std::in_place_t, Args&&... args) : state_(std::in_place_index<0>, std::forward<Args>(args)...) {}

    [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
    [[nodiscard]] bool has_error() const noexcept { return state_.index() == 1; }
    explicit operator bool() const noexcept { return has_value(); }

    /// The value; throws the typed exception if this holds an error.
    T& value() & { ensure_value(); return *std::get_if<0>(&state_); }
    const T& value() const& { ensure_value(); return *std::get_if<0>(&state_); }
    T&& value() && { ensure_value(); return std::move(*std::get_if<0>(&state_)); }

    /// The value, or `fallback` if this holds an error.
    template <class U>
    T value_or(U&& fallback) const& { return has_value() ? **this : static_cast<T>(std::forward<U>(fallback)); }

    /// The error. Precondition: `has_error()`.
    [[nodiscard]] const tether::error& error() const& noexcept { return *std::get_if<1>(&state_); }
    [[nodiscard]] tether::error& error() & noexcept { return *std::get_if<1>(&state_); }
    [[nodiscard]] tether::error&& error() && noexcept { return std::move(*std::get_if<1>(&state_)); }

    /// The value. Precondition: `has_value()`.
    T& operator*() & noexcept { return *std::get_if<0>(&state_); }
    const T& operator*() const& noexcept { return *std::get_if<0>(&state_); }
    T&& operator*() && noexcept { return std::move(*std::get_if<0>(&state_)); }
    T* operator->() noexcept { return std::get_if<0>(&state_); }
    const T* operator->() const noexcept { return std::get_if<0>(&state_); }

private:
    void ensure_value() const {
        if (has_error()) throw_error(*std::get_if<1>(&state_));
    }

    std::variant<T, tether::error> state_;
};

/// A success without a value, or an `error`.
template <>
class [[nodiscard]] result<void> {
public:
    using value_type = void;

    result() noexcept = default;
    result(tether::error e) : error_(std::move(e)) {}

    [[nodiscard]] bool has_value() const noexcept { return !error_; }
    [[nodiscard]] bool has_error() const noexcept { return error_.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }

    /// Throws the typed exception if this holds an error.
    void value() const {
        if (error_) throw_error(*error_);
    }

    /// The error. Precondition: `has_error()`.
    [[nodiscard]] const tether::error& error() const& noexcept { return *error_; }
    [[nodiscard]] tether::error& error() & noexcept { return *error_; }
    [[nodiscard]] tether::error&& error() && noexcept { return std::move(*error_); }

private:
    std::optional<tether::error> error_;
};

}  // namespace tether
