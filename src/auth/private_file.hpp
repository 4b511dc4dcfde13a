#pragma once
// POSIX file operations for files that hold secrets: readable by their owner
// only, replaced atomically, written by one writer at a time.

#include <tether/core/result.hpp>

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tether::auth::detail {

struct file_contents {
    std::string text;
    mode_t mode = 0;  // the permission bits (st_mode & 07777)
};

// The content of the regular file at `path`; nullopt when nothing is there.
// A directory or other non-regular file, a file larger than `max_size`, or
// a read failure give errc::io_failed naming `where`.
result<std::optional<file_contents>> read_small_file(const std::filesystem::path& path, std::size_t max_size,
                                                     const std::string& where);

// Creates `dir` and its missing parents with mode 0700 (before the umask),
// as ssh creates ~/.ssh: the directory names a secret's owner and purpose.
result<void> create_private_directories(const std::filesystem::path& dir);

// An exclusive flock(2) on `path` (created 0600 if missing), held until
// destruction. flock, not fcntl: its lock belongs to the open file
// description, so two stores in one process exclude each other too, and
// closing an unrelated descriptor of the file does not release it (fcntl's
// POSIX locks are per process and have both problems). The lock file is
// never removed: removing it while another process waits on it would let a
// third process lock a new file alongside.
class file_lock {
public:
    static result<file_lock> acquire(const std::filesystem::path& path);
    file_lock(file_lock&& other) noexcept;
    file_lock& operator=(file_lock&&) = delete;
    file_lock(const file_lock&) = delete;
    file_lock& operator=(const file_lock&) = delete;
    ~file_lock();

private:
    explicit file_lock(int fd) noexcept : fd_(fd) {}
    int fd_;
};

// Replaces the file at `target` with `content`, so that a crash at any point
// leaves either the old file or the new one: the content goes to a new
// temporary file beside it (O_CREAT|O_EXCL, mode 0600), which is fsynced,
// renamed over `target` (rename(2) is atomic), and the directory fsynced.
// `before_rename`, when set, runs between the fsync and the rename (a test
// hook that simulates a crash there). Call it holding the file's lock.
result<void> replace_file(const std::filesystem::path& target, std::string_view content,
                          void (*before_rename)() = nullptr);

// Removes the file at `target` (nothing there is not an error) and syncs its
// directory, so that a crash does not bring the file back.
result<void> remove_file(const std::filesystem::path& target);

// Removes the temporary files `replace_file` leaves when a writer dies
// before renaming. Only while holding the file's lock: then no live writer
// has one.
void remove_stale_temporaries(const std::filesystem::path& target);

// The name pattern of `replace_file`'s temporary files: "<target>.tmp-" and
// six random characters.
inline constexpr std::string_view temporary_infix = ".tmp-";

}  // namespace tether::auth::detail
