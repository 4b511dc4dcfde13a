#pragma once
// The repository pattern: the rest of the app asks for users and gets
// users or typed errors; URLs, JSON and status codes stay in here.

#include "user.hpp"

#include <tether/http.hpp>

#include <cstdint>

namespace app {

class user_repository {
public:
    explicit user_repository(tether::http::client client) : client_(std::move(client)) {}

    tether::task<tether::result<user>> get(std::int64_t id) const;
    tether::task<tether::result<page<user>>> list(int page_number, int limit) const;
    tether::task<tether::result<user>> create(new_user u) const;
    tether::task<tether::result<user>> update(user u) const;
    tether::task<tether::result<void>> remove(std::int64_t id) const;

private:
    tether::http::client client_;
};

}  // namespace app
