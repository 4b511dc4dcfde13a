#include "file_token_store.hpp"

#include "private_file.hpp"
#include "token_json.hpp"

#include <cstdio>
#include <mutex>

namespace tether::auth {

namespace detail {

namespace {

std::string describe(const std::filesystem::path& path) { return "the token file '" + path.string() + "'"; }

std::string octal(mode_t mode) {
    char text[16];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode));
    return text;
}

error with_context(std::string_view doing, const error& cause) {
    return error(errc::io_failed, "cannot " + std::string(doing) + ": " + cause.message());
}

// What to do about a file we cannot use. Ours (it has the marker) may be
// removed by clear(); another application's file is never touched.
std::string remedy(std::string_view text) {
    if (has_token_file_marker(text)) {
        return "call clear() to remove it (and sign in again), or choose another path for the token store";
    }
    return "choose another path for the token store";
}

class file_store final : public token_store {
public:
    file_store(std::filesystem::path path, file_store_hooks hooks)
        : path_(std::move(path)), lock_path_(path_.string() + ".lock"), where_(describe(path_)), hooks_(hooks) {}

    result<std::optional<token_set>> load() override {
        // No lock: rename(2) replaces the file atomically, so a reader sees
        // the old file or the new one whole.
        auto file = read_small_file(path_, max_token_file_size, where_);
        if (!file) return with_context("load the tokens", file.error());
        if (!*file) return std::optional<token_set>();
        // As OpenSSH refuses a private key that others can read: the tokens
        // may have been copied, and using them hides that.
        if (((*file)->mode & 077) != 0) return loose_permissions((*file)->mode);
        auto tokens = decode_token_file((*file)->text, where_);
        if (!tokens) {
            return error(errc::io_failed,
                         "cannot load the tokens: " + tokens.error().message() + "; it was left untouched: " +
                             remedy((*file)->text));
        }
        return std::optional(std::move(*tokens));
    }

    result<void> save(const token_set& tokens) override {
        const std::lock_guard in_process(mutex_);
        if (auto r = create_private_directories(path_.parent_path()); !r) {
            return with_context("save the tokens", r.error());
        }
        auto across_processes = file_lock::acquire(lock_path_);
        if (!across_processes) return with_context("save the tokens", across_processes.error());
        if (auto r = check_replaceable(); !r) return r;
        remove_stale_temporaries(path_);
        if (auto r = replace_file(path_, encode_token_file(tokens), hooks_.before_rename); !r) {
            return with_context("save the tokens", r.error());
        }
        return {};
    }

    result<void> clear() override {
        const std::lock_guard in_process(mutex_);
        std::error_code ec;
        // No directory, no file: nothing to clear, and nothing to create.
        if (!std::filesystem::is_directory(path_.parent_path(), ec)) return {};
        auto across_processes = file_lock::acquire(lock_path_);
        if (!across_processes) return with_context("clear the tokens", across_processes.error());
        auto file = read_small_file(path_, max_token_file_size, where_);
        if (!file) return with_context("clear the tokens", file.error());
        if (*file && !has_token_file_marker((*file)->text)) {
            return error(errc::io_failed, "cannot clear the tokens: " + where_ +
                                              " is not a tether token store, so clear() leaves it untouched; it "
                                              "may belong to another application: choose another path for the "
                                              "token store");
        }
        remove_stale_temporaries(path_);
        if (auto r = remove_file(path_); !r) return with_context("clear the tokens", r.error());
        return {};
    }

private:
    // save() never replaces a file it cannot read as ours: a damaged or
    // newer store, or another application's file, would be lost silently.
    result<void> check_replaceable() const {
        auto file = read_small_file(path_, max_token_file_size, where_);
        if (!file) return with_context("save the tokens", file.error());
        if (!*file) return {};
        if (auto old = decode_token_file((*file)->text, where_); !old) {
            return error(errc::io_failed, "cannot save the tokens: " + old.error().message() +
                                              "; save() does not replace a file it cannot read, so that nothing "
                                              "is lost silently: " +
                                              remedy((*file)->text));
        }
        return {};
    }

    error loose_permissions(mode_t mode) const {
        return error(errc::io_failed,
                     "cannot load the tokens: " + where_ + " has mode " + octal(mode) +
                         ", so other users may have read the tokens in it, which are therefore not used. If no one "
                         "did, run chmod 600 on it; otherwise call clear() and sign in again (save() always "
                         "writes the file with mode 0600)");
    }

    const std::filesystem::path path_;
    const std::filesystem::path lock_path_;
    const std::string where_;
    const file_store_hooks hooks_;
    std::mutex mutex_;  // one writer per store; the file lock orders stores and processes
};

}  // namespace

result<std::shared_ptr<token_store>> open_file_token_store(const std::filesystem::path& given,
                                                           file_store_hooks hooks) {
    if (given.empty()) {
        return error(errc::io_failed, "cannot open the token store: its path is empty; name a file, e.g. "
                                      "~/.config/<app>/tokens.json");
    }
    // Absolute now, so that a later chdir() does not move the store.
    std::error_code ec;
    auto path = std::filesystem::absolute(given, ec).lexically_normal();
    if (ec) return error(errc::io_failed, "cannot open the token store '" + given.string() + "': " + ec.message());
    if (!path.has_filename()) {
        return error(errc::io_failed, "cannot open the token store: '" + path.string() +
                                          "' names a directory; name a file inside it, e.g. tokens.json");
    }
    const auto where = describe(path);
    auto file = read_small_file(path, max_token_file_size, where);
    if (!file) return with_context("open the token store", file.error());
    if (*file && !has_token_file_marker((*file)->text)) {
        auto reason = decode_token_file((*file)->text, where);
        return error(errc::io_failed, "cannot open the token store: " + reason.error().message() +
                                          "; it was left untouched: choose another path for the token store");
    }
    return std::shared_ptr<token_store>(std::make_shared<file_store>(std::move(path), hooks));
}

}  // namespace detail

result<std::shared_ptr<token_store>> open_file_token_store(const std::filesystem::path& path) {
    return detail::open_file_token_store(path, {});
}

}  // namespace tether::auth
