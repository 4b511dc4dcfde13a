#include "circuit.hpp"

#include <algorithm>

namespace tether::http {

std::string_view to_string(circuit_state s) noexcept {
    switch (s) {
        case circuit_state::closed: return "closed";
        case circuit_state::open: return "open";
        case circuit_state::half_open: return "half_open";
    }
    return "unknown";
}

}  // namespace tether::http

namespace tether::http::detail {

circuit::admission circuit::admit(time_point now) {
    if (state_ == circuit_state::open) {
        if (now < opened_at_ + policy_.cool_down) return {false, opened_at_ + policy_.cool_down};
        move_to(circuit_state::half_open, now);
    }
    if (state_ == circuit_state::half_open) {
        if (probes_in_flight_ >= std::max(1, policy_.half_open_probes)) return {false, now + policy_.cool_down};
        ++probes_in_flight_;
    }
    return {true, {}};
}

void circuit::record(bool failed, time_point now) {
    if (state_ == circuit_state::half_open) {
        probes_in_flight_ = std::max(0, probes_in_flight_ - 1);
        move_to(failed ? circuit_state::open : circuit_state::closed, now);
        return;
    }
    if (state_ == circuit_state::open) return;  // a call admitted before the circuit opened
    consecutive_ = failed ? consecutive_ + 1 : 0;
    if (policy_.window_calls > 0) {
        window_.push_back(failed);
        while (static_cast<int>(window_.size()) > policy_.window_calls) window_.pop_front();
    }
    if (should_open()) move_to(circuit_state::open, now);
}

void circuit::abandon() noexcept {
    if (state_ == circuit_state::half_open) probes_in_flight_ = std::max(0, probes_in_flight_ - 1);
}

bool circuit::should_open() const {
    if (policy_.consecutive_failures > 0 && consecutive_ >= policy_.consecutive_failures) return true;
    if (policy_.failure_rate <= 0 || policy_.window_calls <= 0 || static_cast<int>(window_.size()) < policy_.window_calls) {
        return false;
    }
    const auto failures = std::count(window_.begin(), window_.end(), true);
    return static_cast<double>(failures) >= policy_.failure_rate * static_cast<double>(window_.size());
}

void circuit::move_to(circuit_state next, time_point now) {
    if (next == state_) return;
    changed_from_ = state_;
    state_ = next;
    if (next == circuit_state::open) opened_at_ = now;
    if (next == circuit_state::closed) {
        consecutive_ = 0;
        window_.clear();
    }
    if (next != circuit_state::half_open) probes_in_flight_ = 0;
}

std::optional<circuit_state> circuit::take_change() noexcept {
    return std::exchange(changed_from_, std::nullopt);
}

}  // namespace tether::http::detail
