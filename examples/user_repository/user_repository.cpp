#include "user_repository.hpp"

#include <boost/json/value_from.hpp>

namespace app {

using tether::result;
using tether::task;
namespace http = tether::http;

namespace {

std::string user_path(std::int64_t id) { return "users/" + std::to_string(id); }

// Every call ends the same way: a typed error from the client (404 ->
// not_found, 422 -> validation_failed with field errors, ...), or the body
// decoded into the model (decode_failed if the server sent another shape).
template <class T>
result<T> decoded(result<http::response> r) {
    if (!r) return std::move(r).error();
    return http::json_as<T>(*r);
}

}  // namespace

task<result<user>> user_repository::get(std::int64_t id) const {
    co_return decoded<user>(co_await client_.get(user_path(id)));
}

task<result<page<user>>> user_repository::list(int page_number, int limit) const {
    auto req = http::request::get("users").query("page", std::to_string(page_number)).query("limit", std::to_string(limit));
    co_return decoded<page<user>>(co_await client_.send(std::move(req)));
}

task<result<user>> user_repository::create(new_user u) const {
    co_return decoded<user>(co_await client_.post("users", http::body::json(boost::json::value_from(u))));
}

task<result<user>> user_repository::update(user u) const {
    co_return decoded<user>(co_await client_.put(user_path(u.id), http::body::json(boost::json::value_from(u))));
}

task<result<void>> user_repository::remove(std::int64_t id) const {
    auto r = co_await client_.del(user_path(id));
    if (!r) co_return std::move(r).error();
    co_return result<void>{};
}

}  // namespace app
