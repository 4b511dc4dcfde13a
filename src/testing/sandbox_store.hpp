#pragma once
// The sandbox's in-memory data: users, and the failure counters of /flaky.

#include <tether/testing/sandbox.hpp>

#include <boost/json/object.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace tether::testing {

struct sandbox_user {
    std::int64_t id = 0;
    std::string name;
    std::string email;
};

struct sandbox::store {
    std::mutex mutex;
    std::map<std::int64_t, sandbox_user> users;
    std::int64_t next_id = 1;
    std::map<std::string, int> flaky_failures;  // per client key
};

}  // namespace tether::testing
