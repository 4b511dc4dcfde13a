#pragma once
// The sandbox's /users resource: CRUD with validation (422 with field
// errors), duplicates (409) and pagination.

#include <tether/testing/sandbox.hpp>

#include <memory>

namespace tether::testing::detail {

class users_api {
public:
    explicit users_api(std::shared_ptr<sandbox::store> s) : store_(std::move(s)) {}

    mock_response list(const recorded_request& req) const;
    mock_response get(const recorded_request& req) const;
    mock_response create(const recorded_request& req) const;
    /// PUT (`partial` false) and PATCH (`partial` true).
    mock_response update(const recorded_request& req, bool partial) const;
    mock_response remove(const recorded_request& req) const;

private:
    std::shared_ptr<sandbox::store> store_;
};

}  // namespace tether::testing::detail
