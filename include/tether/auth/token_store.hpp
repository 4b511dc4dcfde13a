#pragma once
/// @file
/// `tether::auth::token_store`: where a session's tokens are kept between
/// calls and between runs.

#include <tether/auth/token.hpp>
#include <tether/core/result.hpp>

#include <filesystem>
#include <memory>
#include <optional>

namespace tether::auth {

/// Keeps one `token_set`. Implement it to keep tokens in a platform's
/// keychain; the SDK brings one in memory and one in a file.
///
/// @par Thread Safety
/// Every member may be called from many threads at once.
class token_store {
public:
    virtual ~token_store() = default;
    /// The stored tokens; nullopt when none are stored.
    [[nodiscard]] virtual result<std::optional<token_set>> load() = 0;
    [[nodiscard]] virtual result<void> save(const token_set& tokens) = 0;
    [[nodiscard]] virtual result<void> clear() = 0;
};

/// Tokens in memory, gone with the process.
[[nodiscard]] std::shared_ptr<token_store> memory_token_store(std::optional<token_set> initial = std::nullopt);

/// Tokens in the JSON file at `path`: created with mode 0600, written whole
/// to a temporary file and renamed over the old one (a crash leaves the old
/// or the new file, never half of one), writers serialized by a lock on the
/// file. A file that is not a tether token store (not JSON, another shape,
/// a newer version) gives errc::io_failed naming the file and is never
/// overwritten or discarded silently.
///
/// In detail:
/// - `path` is made absolute when opened. A missing file means no tokens;
///   its directory is created (mode 0700) by the first `save`.
/// - Opening fails when `path` is a directory or another application's file
///   (no tether marker, or not JSON at all): such a file is never read,
///   replaced or removed.
/// - A tether file that is damaged or was written by a newer version makes
///   `load` fail and `save` refuse to replace it; `clear` removes it — the
///   explicit way out. No error message quotes the file's content.
/// - Like OpenSSH with a private key, `load` refuses a file that group or
///   others may access (mode & 077): the tokens may have been read by
///   someone else. `chmod 600` it, or `clear`; `save` writes 0600 anyway.
/// - Writers take an flock(2) on `<path>.lock` (0600, left in place) and a
///   mutex; `load` takes neither, since the rename is atomic. A writer that
///   died before renaming leaves `<path>.tmp-XXXXXX`, which the next `save`
///   or `clear` removes. A symbolic link at `path` is replaced by a regular
///   file on `save`.
/// - `expires_at` is kept in whole seconds (rounded down).
///
/// @par Example
/// @code
/// auto store = auth::open_file_token_store(config_dir / "tokens.json").value();
/// if (auto tokens = store->load().value()) use(*tokens);
/// @endcode
[[nodiscard]] result<std::shared_ptr<token_store>> open_file_token_store(const std::filesystem::path& path);

}  // namespace tether::auth
