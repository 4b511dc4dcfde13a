#pragma once
// The sandbox's in-memory state: users and the /flaky counters under one
// mutex, and each newer feature with its own.

#include <tether/testing/sandbox.hpp>

#include "sandbox_auth.hpp"
#include "sandbox_cache.hpp"
#include "sandbox_chaos.hpp"
#include "sandbox_outage.hpp"
#include "sandbox_retry_after.hpp"

#include <map>
#include <mutex>
#include <string>

namespace tether::testing {

struct sandbox_user {
    std::int64_t id = 0;
    std::string name;
    std::string email;
};

struct sandbox::store {
    explicit store(sandbox_fault_mix faults) : chaos(faults) {}

    std::mutex mutex;  // users, next_id, flaky_failures
    std::map<std::int64_t, sandbox_user> users;
    std::int64_t next_id = 1;
    std::map<std::string, int> flaky_failures;  // per client key

    detail::outage_switch outage;
    detail::cache_resources cache;
    detail::retry_after_limiter retry_after;
    detail::chaos_backend chaos;
    detail::auth_server auth;
};

}  // namespace tether::testing
