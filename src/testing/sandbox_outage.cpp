#include "sandbox_outage.hpp"

#include "sandbox_common.hpp"

namespace tether::testing::detail {

void outage_switch::set(outage_mode mode) {
    std::lock_guard lock(mutex_);
    mode_ = mode;
    seen_ = 0;
}

outage_mode outage_switch::get() const {
    std::lock_guard lock(mutex_);
    return mode_;
}

std::optional<mock_response> outage_switch::intercept() {
    std::lock_guard lock(mutex_);
    if (mode_ == outage_mode::none) return std::nullopt;
    // A server that is down refuses everything; one that is struggling
    // fails some: here every other request, the first one included, so
    // that a test knows which.
    const bool hit = mode_ == outage_mode::refuse || (seen_++ % 2) == 0;
    if (!hit) return std::nullopt;
    switch (mode_) {
        case outage_mode::refuse: return mock_response().reset();
        case outage_mode::drop: return mock_response().raw("");
        case outage_mode::unavailable: {
            auto r = problem(503, "Service Unavailable", "the sandbox is simulating an outage (POST /admin/outage)");
            r.header("Retry-After", "1");
            return r;
        }
        case outage_mode::none: break;
    }
    return std::nullopt;
}

mock_response outage_switch::post(const recorded_request& req) {
    auto body = parse_body(req);
    const json::value* mode = body && body->is_object() ? body->get_object().if_contains("mode") : nullptr;
    std::optional<outage_mode> parsed;
    if (mode && mode->is_string()) parsed = parse_outage_mode(mode->get_string());
    if (!parsed) {
        json::array errors;
        errors.push_back(field_error("mode", "must be one of \"none\", \"refuse\", \"drop\", \"503\""));
        return problem(422, "Validation failed", "unknown outage mode", std::move(errors));
    }
    set(*parsed);
    return describe();
}

mock_response outage_switch::describe() const {
    return mock_response::json(json::object{{"mode", to_string(get())}});
}

std::string_view to_string(outage_mode mode) noexcept {
    switch (mode) {
        case outage_mode::none: return "none";
        case outage_mode::refuse: return "refuse";
        case outage_mode::drop: return "drop";
        case outage_mode::unavailable: return "503";
    }
    return "none";
}

std::optional<outage_mode> parse_outage_mode(std::string_view text) noexcept {
    for (auto mode : {outage_mode::none, outage_mode::refuse, outage_mode::drop, outage_mode::unavailable}) {
        if (text == to_string(mode)) return mode;
    }
    return std::nullopt;
}

}  // namespace tether::testing::detail
