#pragma once
/// @file
/// The typed exception hierarchy thrown by `result<T>::value()`.
///
/// Catch broadly (`tether::exception`, `tether::http_error`) or narrowly
/// (`tether::not_found_error`); every exception carries the full `error`.
///
/// @code
/// try {
///     auto user = repo.get(42).value();
/// } catch (const tether::not_found_error&) {
///     show("no such user");
/// } catch (const tether::network_error& e) {
///     show_offline_banner(e.error().message());
/// }
/// @endcode

#include <tether/core/error.hpp>

#include <stdexcept>

namespace tether {

/// Base of every exception tether throws for an expected failure.
class exception : public std::runtime_error {
public:
    explicit exception(tether::error e);
    /// The error this exception was made from.
    [[nodiscard]] const tether::error& error() const noexcept { return error_; }
    [[nodiscard]] errc code() const noexcept { return error_.code(); }

private:
    tether::error error_;
};

/// error_kind::network: DNS, refused, reset, TLS, proxy, malformed response.
class network_error : public exception { using exception::exception; };
/// errc::pinning_failed: the server's keys are not the pinned ones; the
/// message lists the expected pins and those the server presented.
class pinning_error : public network_error { using network_error::network_error; };
/// error_kind::timeout: see `code()` for which timeout.
class timeout_error : public exception { using exception::exception; };
/// error_kind::cancelled.
class cancelled_error : public exception { using exception::exception; };
/// error_kind::decode: see `error().offset()` for the byte position.
class decode_error : public exception { using exception::exception; };
/// error_kind::invalid_request: the request cannot be carried out as given.
class invalid_request_error : public exception { using exception::exception; };
/// error_kind::policy: refused by a rule the client is configured with.
class policy_error : public exception { using exception::exception; };
/// errc::circuit_open: calls to the host are being refused for now; see error().retry_after().
class circuit_open_error : public policy_error { using policy_error::policy_error; };
/// error_kind::internal: a broken contract inside the pipeline.
class internal_error : public exception { using exception::exception; };

/// error_kind::http: the server answered with a rejected status.
class http_error : public exception {
public:
    using exception::exception;
    /// The HTTP status (always set for http errors).
    [[nodiscard]] int status() const noexcept { return error().status().value_or(0); }
};
/// 400 or 422, with `error().field_errors()`.
class validation_error : public http_error { using http_error::http_error; };
/// 401: the credentials are missing, wrong or expired.
class unauthorized_error : public http_error { using http_error::http_error; };
/// 403: authenticated, but not allowed.
class forbidden_error : public http_error { using http_error::http_error; };
/// 404.
class not_found_error : public http_error { using http_error::http_error; };
/// 409: the request conflicts with the resource's current state.
class conflict_error : public http_error { using http_error::http_error; };
/// 429, with `error().retry_after()` when the server said.
class rate_limited_error : public http_error { using http_error::http_error; };
/// 5xx.
class server_error : public http_error { using http_error::http_error; };

}  // namespace tether
