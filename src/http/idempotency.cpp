#include "idempotency.hpp"

namespace tether::http::detail {

bool may_be_sent_twice(const request& req) noexcept {
    const auto& m = req.method();
    if (m == "GET" || m == "HEAD" || m == "OPTIONS" || m == "PUT" || m == "DELETE" || m == "TRACE") return true;
    return (m == "POST" || m == "PATCH") && req.headers().contains("Idempotency-Key");
}

}  // namespace tether::http::detail
