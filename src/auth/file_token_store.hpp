#pragma once
// The file token store with its test hook exposed.

#include <tether/auth/token_store.hpp>

#include <cstddef>

namespace tether::auth::detail {

// Larger than any token set (ID tokens run to a few KiB): a bigger file is
// not ours, and is not read into memory.
inline constexpr std::size_t max_token_file_size = 1024 * 1024;

struct file_store_hooks {
    // Runs after the new file is written and synced, before it is renamed
    // over the old one: a test ends the process here to simulate a crash.
    void (*before_rename)() = nullptr;
};

result<std::shared_ptr<token_store>> open_file_token_store(const std::filesystem::path& path,
                                                           file_store_hooks hooks);

}  // namespace tether::auth::detail
