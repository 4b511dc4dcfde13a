#pragma once
// Naming the route of a request: "/users/{id}" for "/users/42?full=1".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::http::detail {

/// The path of `path_and_query` with the query and fragment dropped and
/// every segment that looks like an id replaced by "{id}": all digits, a
/// UUID, 16 or more hex digits, or 20 or more letters, digits, '-' and '_'
/// with both a letter and a digit (ULIDs, base64url tokens, slugs with
/// numbers). An empty path is "/".
[[nodiscard]] std::string derive_route(std::string_view path_and_query);

/// Templates such as "/users/{id}/posts/{post}", matched segment by segment:
/// a literal matches itself, `{name}` any one non-empty segment.
class route_matcher {
public:
    /// Throws std::invalid_argument for a template that does not start with
    /// '/' or has a malformed `{name}`.
    explicit route_matcher(std::vector<std::string> templates);

    /// The first template `path` (without query) matches, or nothing.
    [[nodiscard]] std::optional<std::string> match(std::string_view path) const;

private:
    struct compiled {
        std::string text;
        std::vector<std::string> segments;  // "{...}" for a placeholder
    };
    std::vector<compiled> templates_;
};

/// The path of an absolute URL ("/" when empty), without query or fragment;
/// text that does not parse as a URL is treated as a path.
[[nodiscard]] std::string path_of(std::string_view url);

/// "host:port" of an absolute URL, with the scheme's default port filled in.
[[nodiscard]] std::string host_of(std::string_view url);

}  // namespace tether::http::detail
