#include <tether/auth/token.hpp>

#include <ctime>

namespace tether::auth {

bool token_set::expires_within(std::chrono::seconds skew, std::chrono::system_clock::time_point now) const noexcept {
    return expires_at && *expires_at <= now + skew;
}

std::string to_string(const token_set& tokens) {
    std::string out = "token_set{type=" + tokens.token_type;
    out += tokens.access_token.empty() ? ", no access token" : ", access token <redacted>";
    if (!tokens.refresh_token.empty()) out += ", refresh token <redacted>";
    if (!tokens.id_token.empty()) out += ", id token <redacted>";
    if (tokens.expires_at) {
        const auto t = std::chrono::system_clock::to_time_t(*tokens.expires_at);
        std::tm utc{};
        gmtime_r(&t, &utc);
        char when[32];
        std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
        out += ", expires ";
        out += when;
    }
    if (!tokens.scopes.empty()) {
        out += ", scopes=";
        for (std::size_t i = 0; i < tokens.scopes.size(); ++i) out += (i ? " " : "") + tokens.scopes[i];
    }
    return out + "}";
}

std::ostream& operator<<(std::ostream& out, const token_set& tokens) {
    return out << to_string(tokens);
}

}  // namespace tether::auth
