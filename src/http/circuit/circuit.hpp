#pragma once
// One circuit's state machine, without clocks or I/O of its own.

#include <tether/http/circuit_breaker.hpp>

#include <chrono>
#include <deque>
#include <optional>

namespace tether::http::detail {

class circuit {
public:
    using time_point = std::chrono::steady_clock::time_point;

    explicit circuit(const circuit_breaker_policy& policy) : policy_(policy) {}

    /// Whether a call may go now; when not, until when the circuit refuses.
    /// A call let through must be followed by exactly one `record`.
    struct admission {
        bool allowed = false;
        time_point refused_until{};
    };
    [[nodiscard]] admission admit(time_point now);

    /// The outcome of an admitted call.
    void record(bool failed, time_point now);
    /// An admitted call that ended without an outcome (cancelled).
    void abandon() noexcept;

    [[nodiscard]] circuit_state state() const noexcept { return state_; }
    /// The state before the last change, and whether one happened since the
    /// last call to this.
    [[nodiscard]] std::optional<circuit_state> take_change() noexcept;

private:
    void move_to(circuit_state next, time_point now);
    [[nodiscard]] bool should_open() const;

    const circuit_breaker_policy& policy_;
    circuit_state state_ = circuit_state::closed;
    std::optional<circuit_state> changed_from_;
    time_point opened_at_{};
    int consecutive_ = 0;
    int probes_in_flight_ = 0;
    std::deque<bool> window_;  // the last window_calls outcomes, true = failed
};

}  // namespace tether::http::detail
