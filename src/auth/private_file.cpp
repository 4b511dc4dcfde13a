#include "private_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace tether::auth::detail {

namespace {

error failure(std::string_view what, const std::filesystem::path& path, int err, std::string_view hint = {}) {
    std::string message = "cannot " + std::string(what) + " '" + path.string() + "': " + std::strerror(err);
    if (!hint.empty()) message += "; " + std::string(hint);
    return error(errc::io_failed, std::move(message));
}

// Closes `fd` when destroyed, keeping errno as it was.
struct fd_guard {
    int fd;
    ~fd_guard() {
        if (fd >= 0) {
            const int saved = errno;
            ::close(fd);
            errno = saved;
        }
    }
};

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// POSIX requires an fsync of the directory for a rename to survive a power
// loss (see also ext4's auto_da_alloc discussion). Best effort: the rename
// has already happened and is visible, and some file systems refuse fsync
// on a directory (EINVAL); failing the save here would report tokens as
// unsaved that every reader already sees.
void sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

result<std::optional<file_contents>> read_small_file(const std::filesystem::path& path, std::size_t max_size,
                                                     const std::string& where) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT) return std::optional<file_contents>();
        return failure("open", path, errno, "check the permissions of the file and its directory");
    }
    const fd_guard guard{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return failure("inspect", path, errno);
    if (S_ISDIR(st.st_mode)) return error(errc::io_failed, where + " is a directory; name a file inside it");
    if (!S_ISREG(st.st_mode)) return error(errc::io_failed, where + " is not a regular file");
    if (static_cast<std::size_t>(st.st_size) > max_size) {
        return error(errc::io_failed, where + " is larger (" + std::to_string(st.st_size) + " bytes) than any token "
                                          "store (at most " + std::to_string(max_size) + "), so it is not one");
    }
    file_contents out;
    out.mode = st.st_mode & 07777;
    char buffer[4096];
    for (;;) {
        const auto n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            return failure("read", path, errno);
        }
        if (n == 0) break;
        out.text.append(buffer, static_cast<std::size_t>(n));
        // The size may grow between fstat and read if something else writes
        // it in place (we never do: we rename).
        if (out.text.size() > max_size) return error(errc::io_failed, where + " grew while it was being read");
    }
    return std::optional(std::move(out));
}

result<void> create_private_directories(const std::filesystem::path& dir) {
    if (dir.empty()) return {};
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return {};
        return error(errc::io_failed, "'" + dir.string() + "' is not a directory, so the token file cannot be "
                                                           "created in it; choose another path");
    }
    if (errno != ENOENT) return failure("inspect the directory", dir, errno);
    if (dir.has_parent_path() && dir.parent_path() != dir) {
        if (auto r = create_private_directories(dir.parent_path()); !r) return r;
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return failure("create the directory", dir, errno, "check the permissions of its parent");
    }
    return {};
}

result<file_lock> file_lock::acquire(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd < 0) return failure("create the lock file", path, errno, "check the permissions of its directory");
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        ::close(fd);
        return failure("lock", path, err, "the file system may not support file locks");
    }
    return file_lock(fd);
}

file_lock::file_lock(file_lock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

file_lock::~file_lock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
}

result<void> replace_file(const std::filesystem::path& target, std::string_view content, void (*before_rename)()) {
    std::string name = target.string() + std::string(temporary_infix) + "XXXXXX";
    // mkostemp opens with O_CREAT|O_EXCL and mode 0600.
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        return failure("create a temporary file beside", target, errno, "check the permissions of the directory");
    }
    fd_guard guard{fd};
    const std::filesystem::path temp(name);
    const auto abandon = [&](std::string_view what) {
        const int err = errno;
        ::unlink(temp.c_str());
        return failure(what, temp, err, "check free space and permissions");
    };
    // 0600 whatever the umask; mkostemp's mode is already that, but an
    // explicit fchmod states the contract.
    if (::fchmod(fd, 0600) != 0) return abandon("set the mode of");
    if (!write_all(fd, content)) return abandon("write");
    // Without this fsync, a crash after the rename may leave the new name
    // pointing at an empty or partial file (the delayed-allocation data loss
    // reports on ext4, 2009).
    if (::fsync(fd) != 0) return abandon("sync");
    guard.fd = -1;
    if (::close(fd) != 0) return abandon("close");
    if (before_rename) before_rename();
    if (::rename(temp.c_str(), target.c_str()) != 0) return abandon("rename into place");
    sync_directory(target.parent_path());
    return {};
}

result<void> remove_file(const std::filesystem::path& target) {
    if (::unlink(target.c_str()) != 0) {
        if (errno == ENOENT) return {};
        return failure("remove", target, errno, "check the permissions of its directory");
    }
    sync_directory(target.parent_path());
    return {};
}

void remove_stale_temporaries(const std::filesystem::path& target) {
    const auto prefix = target.filename().string() + std::string(temporary_infix);
    std::error_code ec;
    const auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (name.size() == prefix.size() + 6 && name.compare(0, prefix.size(), prefix) == 0) {
            std::error_code ignored;
            std::filesystem::remove(it->path(), ignored);
        }
    }
}

}  // namespace tether::auth::detail
