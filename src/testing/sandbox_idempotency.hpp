#pragma once
// Idempotency-Key bookkeeping for the sandbox's POST /chaos/orders, after
// draft-ietf-httpapi-idempotency-key-header: the first result per key, the
// request fingerprint it came with, and until when it is still in flight.

#include <tether/testing/mock_response.hpp>

#include <chrono>
#include <string>
#include <unordered_map>

namespace tether::testing::detail {

/// The keys seen so far. Not synchronized: its owner locks.
class idempotency_keys {
public:
    using clock = std::chrono::steady_clock;

    enum class verdict {
        fresh,      ///< never seen: process the request
        replay,     ///< seen and done: answer `first` again
        in_flight,  ///< the first request is still being processed: 409
        mismatch,   ///< seen with another body: 422
    };
    struct lookup {
        verdict outcome = verdict::fresh;
        const mock_response* first = nullptr;  ///< for replay
    };

    [[nodiscard]] lookup find(const std::string& key, const std::string& fingerprint, clock::time_point now) const;
    /// Remembers the first result of `key`, in flight until `done_at`.
    void remember(std::string key, std::string fingerprint, mock_response first, clock::time_point done_at);

private:
    struct entry {
        std::string fingerprint;
        mock_response first;
        clock::time_point done_at;
    };
    std::unordered_map<std::string, entry> entries_;
};

}  // namespace tether::testing::detail
