#pragma once
// One run of the reliability benchmark: a sandbox with a fault mix, one
// tether::http::client, a fixed number of requests kept `concurrency` in
// flight, and what came of them on both sides.

#include <tether/http/client_options.hpp>
#include <tether/http/retry.hpp>
#include <tether/testing/sandbox.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tether::bench {

// What the client is given to cope with the faults.
enum class resilience {
    retry_with_keys,     // retry_interceptor, add_idempotency_keys = true
    none,                // no retry interceptor
    retry_without_keys,  // retry_interceptor, POSTs without Idempotency-Key
};

struct reliability_config {
    int requests = 10'000;
    int concurrency = 32;
    std::uint64_t seed = 1;
    int percent_post = 30;
    http::transport_kind transport = http::transport_kind::curl;
    resilience mode = resilience::retry_with_keys;
    testing::sandbox_fault_mix faults;
    http::retry_policy policy;
    std::chrono::milliseconds read_timeout{2000};
    std::chrono::milliseconds total_timeout{15'000};
};

struct reliability_result {
    int requests = 0;
    int gets = 0;
    int posts = 0;
    int gets_ok = 0;
    int posts_ok = 0;
    std::uint64_t retries = 0;              // attempts beyond the first, as the client counted them
    std::vector<std::int64_t> latency_ns;   // every request, failed ones too; sorted
    std::map<std::string, int> failures;    // by what the final error or status was
    testing::sandbox_effects effects;       // what the sandbox saw and did
    double seconds = 0;                     // wall time of the run
    int unfinished = 0;                     // requests still in flight when the run gave up

    [[nodiscard]] double success_percent() const noexcept;
};

[[nodiscard]] reliability_result run_reliability(const reliability_config& config);

[[nodiscard]] const char* to_string(resilience mode) noexcept;
[[nodiscard]] const char* to_string(http::transport_kind transport) noexcept;

}  // namespace tether::bench
