#include "sandbox_faults.hpp"

#include <stdexcept>

namespace tether::testing::detail {

fault_dice::fault_dice(sandbox_fault_mix mix) : mix_(mix), engine_(mix.seed) {
    if (auto why = invalid_mix(mix)) throw std::invalid_argument("sandbox fault mix: " + *why);
}

fault fault_dice::draw() {
    // The engine's raw output modulo 100 rather than a distribution: the
    // standard fixes mt19937_64's sequence but not uniform_int_distribution's,
    // and a seed must give the same faults with every standard library.
    const auto roll = static_cast<int>(engine_() % 100);
    if (roll < mix_.percent_503) return fault::unavailable;
    if (roll < mix_.percent_503 + mix_.percent_drop) return fault::drop;
    if (roll < mix_.percent_503 + mix_.percent_drop + mix_.percent_slow) return fault::slow;
    return fault::none;
}

bool fault_dice::coin() {
    return (engine_() & 1U) != 0;
}

std::optional<std::string> invalid_mix(const sandbox_fault_mix& mix) {
    if (mix.percent_503 < 0 || mix.percent_drop < 0 || mix.percent_slow < 0) {
        return "percentages must not be negative";
    }
    if (mix.percent_503 + mix.percent_drop + mix.percent_slow > 100) {
        return "percent_503 + percent_drop + percent_slow must be at most 100";
    }
    if (mix.slow_delay.count() < 0 || mix.slow_delay.count() > 60'000) return "slow_ms must be 0 to 60000";
    return std::nullopt;
}

std::optional<sandbox_fault_mix> mix_from_json(const boost::json::value& v, std::string& why) {
    if (!v.is_object()) {
        why = "the body must be a JSON object";
        return std::nullopt;
    }
    sandbox_fault_mix mix;
    const auto& o = v.get_object();
    auto read = [&](std::string_view field, auto& out) {
        const auto* f = o.if_contains(field);
        if (!f) return true;
        if (!f->is_int64() && !f->is_uint64()) {
            why = std::string(field) + " must be a whole number";
            return false;
        }
        boost::system::error_code ec;
        out = f->to_number<std::remove_reference_t<decltype(out)>>(ec);
        if (ec) why = std::string(field) + " is out of range";
        return !ec;
    };
    std::int64_t slow_ms = mix.slow_delay.count();
    if (!read("percent_503", mix.percent_503) || !read("percent_drop", mix.percent_drop) ||
        !read("percent_slow", mix.percent_slow) || !read("slow_ms", slow_ms) || !read("seed", mix.seed)) {
        return std::nullopt;
    }
    mix.slow_delay = std::chrono::milliseconds(slow_ms);
    if (auto invalid = invalid_mix(mix)) {
        why = *invalid;
        return std::nullopt;
    }
    return mix;
}

boost::json::object to_json(const sandbox_fault_mix& mix) {
    return {{"percent_503", mix.percent_503},
            {"percent_drop", mix.percent_drop},
            {"percent_slow", mix.percent_slow},
            {"slow_ms", mix.slow_delay.count()},
            {"seed", mix.seed}};
}

}  // namespace tether::testing::detail
