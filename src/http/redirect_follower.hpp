#pragma once
// The built-in link that follows redirects, so that every transport behaves
// the same and every hop passes through the transport's checks.

#include <tether/http/interceptor.hpp>

namespace tether::http::detail {

class redirect_follower final : public interceptor {
public:
    task<result<response>> intercept(const chain& next) override;
};

// Whether `status` is a redirect the follower acts on.
bool is_followed_redirect(int status) noexcept;

}  // namespace tether::http::detail
