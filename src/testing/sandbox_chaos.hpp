#pragma once
// The sandbox's /chaos/ routes: items and orders behind a fault mix, with
// the effects counted so that a client's reliability can be checked.

#include "sandbox_faults.hpp"
#include "sandbox_idempotency.hpp"

#include <tether/testing/sandbox.hpp>

#include <mutex>
#include <string>
#include <unordered_set>

namespace tether::testing::detail {

/// The handlers of /chaos/ and /admin/{faults,effects}, and their state.
/// Handlers take one lock each and never wait: the waits (slow answers,
/// processing time) are the mock server's delays.
///
/// @par Thread Safety
/// Every member may be called from any thread.
class chaos_backend {
public:
    explicit chaos_backend(sandbox_fault_mix mix) : dice_(mix) {}

    mock_response item(const recorded_request& req);   // GET /chaos/items/{id}
    mock_response order(const recorded_request& req);  // POST /chaos/orders

    void mix(sandbox_fault_mix mix);
    [[nodiscard]] sandbox_fault_mix mix() const;
    [[nodiscard]] sandbox_effects effects() const;

    mock_response post_faults(const recorded_request& req);  // POST /admin/faults
    mock_response faults() const;                            // GET /admin/faults
    mock_response effects_json() const;                      // GET /admin/effects

private:
    // The order's answer once past the faults in front of it; under mutex_.
    mock_response place(const recorded_request& req, std::chrono::milliseconds processing);

    mutable std::mutex mutex_;
    fault_dice dice_;
    idempotency_keys keys_;
    std::unordered_set<std::string> applied_;  // client_order_id of every applied order
    std::int64_t next_order_ = 1;
    sandbox_effects counters_;
};

}  // namespace tether::testing::detail
