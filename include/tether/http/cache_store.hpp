#pragma once
/// @file
/// `tether::http::cache_store`: where the HTTP cache keeps its entries — in
/// memory, in SQLite, or in a store of your own.

#include <tether/core/result.hpp>
#include <tether/http/headers.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tether::http {

/// One stored response, with what its freshness is computed from.
struct cached_response {
    /// Tells apart the variants of one URL (`Vary`): the selecting request
    /// header values, as the cache serializes them.
    std::string variant;
    std::string url;
    int status = 0;
    http::headers headers;
    std::string body;
    /// When the request that produced it was sent and when its answer
    /// arrived (RFC 9111 §4.2.3 computes the age from both).
    std::chrono::system_clock::time_point request_time;
    std::chrono::system_clock::time_point response_time;

    /// Bytes the entry accounts for in a store's capacity.
    [[nodiscard]] std::size_t size() const noexcept;
};

/// How full a store is.
struct cache_usage {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::size_t max_bytes = 0;
};

/// Storage for the cache interceptor: a key holds one or more variants.
/// Keys are opaque, fixed-length digests (they carry no URL or credential).
/// Stores evict least-recently-used entries to stay within their capacity.
///
/// @par Thread Safety
/// Every member may be called from many threads at once.
class cache_store {
public:
    virtual ~cache_store() = default;
    /// Every variant stored under `key` (none: an empty vector); marks them used.
    [[nodiscard]] virtual result<std::vector<std::shared_ptr<const cached_response>>> load(const std::string& key) = 0;
    /// Stores `entry` under `key`, replacing the variant with the same
    /// `entry.variant`. An entry larger than the capacity is not stored.
    [[nodiscard]] virtual result<void> save(const std::string& key, cached_response entry) = 0;
    /// Removes every variant under `key`.
    [[nodiscard]] virtual result<void> remove(const std::string& key) = 0;
    /// Removes everything.
    [[nodiscard]] virtual result<void> clear() = 0;
    [[nodiscard]] virtual cache_usage usage() const = 0;
};

/// A store in memory, bounded to `max_bytes`, least recently used evicted first.
[[nodiscard]] std::shared_ptr<cache_store> memory_cache_store(std::size_t max_bytes = std::size_t{10} << 20);

/// A store in the SQLite database at `path` (created with its directory when
/// missing), bounded to `max_bytes`; entries survive restarts. A file that is
/// not a tether cache — not SQLite, corrupt, another application's
/// database, or written by a newer version — gives errc::io_failed naming
/// the file and the reason, and is left untouched. Reads and writes block
/// the calling thread for the time of one SQLite statement.
[[nodiscard]] result<std::shared_ptr<cache_store>> open_sqlite_cache_store(
    const std::filesystem::path& path, std::size_t max_bytes = std::size_t{50} << 20);

}  // namespace tether::http
