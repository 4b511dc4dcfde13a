#include "sandbox_idempotency.hpp"

namespace tether::testing::detail {

idempotency_keys::lookup idempotency_keys::find(const std::string& key, const std::string& fingerprint,
                                                clock::time_point now) const {
    auto it = entries_.find(key);
    if (it == entries_.end()) return {};
    // A reused key with another payload is a client bug, whatever the state
    // of the first request (the draft's Error Scenarios: 422).
    if (it->second.fingerprint != fingerprint) return {verdict::mismatch, nullptr};
    // Still being processed: the client must not race it (the draft's Error Scenarios: 409).
    if (now < it->second.done_at) return {verdict::in_flight, nullptr};
    return {verdict::replay, &it->second.first};
}

void idempotency_keys::remember(std::string key, std::string fingerprint, mock_response first,
                                clock::time_point done_at) {
    entries_.insert_or_assign(std::move(key), entry{std::move(fingerprint), std::move(first), done_at});
}

}  // namespace tether::testing::detail
