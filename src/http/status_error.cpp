#include "status_error.hpp"

#include "field_errors.hpp"

#include <tether/http/retry_after.hpp>

#include <memory>

namespace tether::http::detail {

namespace {

std::string what_to_do(errc code, bool has_fields, std::optional<std::chrono::seconds> retry_after) {
    switch (code) {
        case errc::validation_failed:
            return has_fields ? "fix the fields listed in field_errors() and send it again"
                              : "fix the request and send it again";
        case errc::unauthorized:
            return "the credentials are missing, wrong or expired: sign in again or refresh the token";
        case errc::forbidden:
            return "the credentials are valid but not allowed to do this: ask for the permission";
        case errc::not_found:
            return "check the URL and the resource's id";
        case errc::conflict:
            return "the resource changed meanwhile: reload it and apply the change again";
        case errc::rate_limited:
            return retry_after ? "wait " + std::to_string(retry_after->count()) + " s before trying again"
                               : "slow down and try again later";
        case errc::server_error:
            return "the server failed; trying again later may help";
        default:
            return "";
    }
}

std::string field_list(const std::vector<field_error>& fields) {
    constexpr std::size_t shown = 3;
    std::string out;
    for (std::size_t i = 0; i < fields.size() && i < shown; ++i) {
        if (i) out += "; ";
        out += fields[i].field.empty() ? fields[i].message : fields[i].field + ": " + fields[i].message;
    }
    if (fields.size() > shown) out += "; and " + std::to_string(fields.size() - shown) + " more";
    return out;
}

}  // namespace

error status_error(const request& req, response res, std::chrono::system_clock::time_point now) {
    const int status = res.status();
    const errc code = errc_for_status(status);
    std::string message = "the server answered " + std::to_string(status);
    if (auto reason = res.reason(); !reason.empty()) message += " " + std::string(reason);

    std::vector<field_error> fields;
    if (code == errc::validation_failed) fields = parse_field_errors(res.body());
    if (!fields.empty()) {
        message += " (" + field_list(fields) + ")";
    } else if (auto summary = error_summary(res.body(), res.headers().get("Content-Type").value_or(""));
               !summary.empty()) {
        message += " (" + summary + ")";
    }

    std::optional<std::chrono::seconds> retry_after;
    if (status == 429 || status == 503) {
        if (auto value = res.headers().get("Retry-After")) retry_after = parse_retry_after(*value, now);
    }
    if (auto hint = what_to_do(code, !fields.empty(), retry_after); !hint.empty()) message += "; " + hint;

    error out(code, std::move(message));
    out.with_attempts(res.attempts());
    out.with_response(std::make_shared<const response>(std::move(res)), status).with_request(req.method(), req.url());
    if (!fields.empty()) out.with_field_errors(std::move(fields));
    if (retry_after) out.with_retry_after(*retry_after);
    return out;
}

}  // namespace tether::http::detail
