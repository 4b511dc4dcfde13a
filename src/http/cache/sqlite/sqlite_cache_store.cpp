// The cache store in SQLite: the only file of the cache that includes sqlite3.h.

#include <tether/http/cache_store.hpp>

#include "sqlite_database.hpp"

#include <boost/json.hpp>

#include <mutex>

namespace tether::http {

namespace {

namespace json = boost::json;
using cache::sqlite_database;
using cache::statement;

// 'tthc': what marks a database as a tether HTTP cache.
constexpr std::int32_t cache_application_id = 0x74746863;
constexpr std::int32_t schema_version = 1;

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS entries (
    key TEXT NOT NULL,
    variant TEXT NOT NULL,
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    request_time INTEGER NOT NULL,
    response_time INTEGER NOT NULL,
    size INTEGER NOT NULL,
    last_used INTEGER NOT NULL,
    PRIMARY KEY (key, variant)
);
CREATE INDEX IF NOT EXISTS entries_by_use ON entries (last_used);
)sql";

std::int64_t to_millis(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point from_millis(std::int64_t ms) {
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::milliseconds(ms)));
}

std::string headers_to_json(const headers& fields) {
    json::array a;
    a.reserve(fields.size() * 2);
    for (const auto& f : fields) {
        a.emplace_back(f.name);
        a.emplace_back(f.value);
    }
    return json::serialize(a);
}

std::optional<headers> headers_from_json(std::string_view text) {
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_array() || v.as_array().size() % 2 != 0) return std::nullopt;
    std::vector<header_field> fields;
    const auto& a = v.as_array();
    for (std::size_t i = 0; i < a.size(); i += 2) {
        if (!a[i].is_string() || !a[i + 1].is_string()) return std::nullopt;
        fields.push_back({std::string(a[i].as_string()), std::string(a[i + 1].as_string())});
    }
    return headers(std::move(fields));
}

class sqlite_store final : public cache_store {
public:
    sqlite_store(sqlite_database db, std::size_t max_bytes, std::size_t bytes)
        : db_(std::move(db)), max_bytes_(max_bytes), bytes_(bytes) {}

    result<std::vector<std::shared_ptr<const cached_response>>> load(const std::string& key) override {
        const std::lock_guard lock(mutex_);
        auto select = db_.prepare(
            "SELECT variant, url, status, headers, body, request_time, response_time FROM entries WHERE key = ?1");
        if (!select) return std::move(select).error();
        select->bind(1, key);
        std::vector<std::shared_ptr<const cached_response>> variants;
        bool corrupt_row = false;
        for (;;) {
            auto row = select->step();
            if (!row) return std::move(row).error();
            if (!*row) break;
            auto fields = headers_from_json(select->text(3));
            if (!fields) {
                corrupt_row = true;
                continue;
            }
            cached_response e;
            e.variant = select->text(0);
            e.url = select->text(1);
            e.status = static_cast<int>(select->integer(2));
            e.headers = std::move(*fields);
            e.body = select->text(4);
            e.request_time = from_millis(select->integer(5));
            e.response_time = from_millis(select->integer(6));
            variants.push_back(std::make_shared<const cached_response>(std::move(e)));
        }
        if (corrupt_row) {
            // A row we cannot read is dropped rather than served.
            if (auto r = delete_key(key); !r) return std::move(r).error();
            return std::vector<std::shared_ptr<const cached_response>>{};
        }
        if (!variants.empty()) {
            auto touch = db_.prepare("UPDATE entries SET last_used = ?2 WHERE key = ?1");
            if (!touch) return std::move(touch).error();
            touch->bind(1, key);
            touch->bind(2, next_use());
            if (auto r = touch->run(); !r) return std::move(r).error();
        }
        return variants;
    }

    result<void> save(const std::string& key, cached_response entry) override {
        const auto bytes = entry.size() + key.size();
        if (bytes > max_bytes_) return {};
        const std::lock_guard lock(mutex_);
        auto tx = db_.begin();
        if (!tx) return std::move(tx).error();
        if (auto r = forget_variant(key, entry.variant); !r) return r;
        auto insert = db_.prepare(
            "INSERT INTO entries (key, variant, url, status, headers, body, request_time, response_time, size, "
            "last_used) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        if (!insert) return std::move(insert).error();
        insert->bind(1, key);
        insert->bind(2, entry.variant);
        insert->bind(3, entry.url);
        insert->bind(4, entry.status);
        insert->bind(5, headers_to_json(entry.headers));
        insert->bind_blob(6, entry.body);
        insert->bind(7, to_millis(entry.request_time));
        insert->bind(8, to_millis(entry.response_time));
        insert->bind(9, static_cast<std::int64_t>(bytes));
        insert->bind(10, next_use());
        if (auto r = insert->run(); !r) return r;
        bytes_ += bytes;
        if (auto r = evict_beyond_capacity(); !r) return r;
        return tx->commit();
    }

    result<void> remove(const std::string& key) override {
        const std::lock_guard lock(mutex_);
        return delete_key(key);
    }

    result<void> clear() override {
        const std::lock_guard lock(mutex_);
        if (auto r = db_.exec("DELETE FROM entries"); !r) return r;
        bytes_ = 0;
        return {};
    }

    cache_usage usage() const override {
        const std::lock_guard lock(mutex_);
        std::size_t entries = 0;
        if (auto count = db_.prepare("SELECT COUNT(*) FROM entries")) {
            if (auto row = count->step(); row && *row) entries = static_cast<std::size_t>(count->integer(0));
        }
        return {entries, bytes_, max_bytes_};
    }

private:
    // A counter rather than the clock: strictly increasing, so the least
    // recently used entry is well defined even within one millisecond.
    std::int64_t next_use() {
        if (use_counter_ == 0) {
            if (auto max = db_.prepare("SELECT COALESCE(MAX(last_used), 0) FROM entries")) {
                if (auto row = max->step(); row && *row) use_counter_ = max->integer(0);
            }
        }
        return ++use_counter_;
    }

    result<void> forget_variant(const std::string& key, const std::string& variant) {
        auto old = db_.prepare("DELETE FROM entries WHERE key = ?1 AND variant = ?2 RETURNING size");
        if (!old) return std::move(old).error();
        old->bind(1, key);
        old->bind(2, variant);
        return subtract_returned_sizes(*old);
    }

    result<void> delete_key(const std::string& key) {
        auto del = db_.prepare("DELETE FROM entries WHERE key = ?1 RETURNING size");
        if (!del) return std::move(del).error();
        del->bind(1, key);
        return subtract_returned_sizes(*del);
    }

    result<void> subtract_returned_sizes(statement& s) {
        for (;;) {
            auto row = s.step();
            if (!row) return std::move(row).error();
            if (!*row) return {};
            const auto n = static_cast<std::size_t>(s.integer(0));
            bytes_ -= std::min(bytes_, n);
        }
    }

    result<void> evict_beyond_capacity() {
        while (bytes_ > max_bytes_) {
            auto oldest = db_.prepare(
                "DELETE FROM entries WHERE rowid IN (SELECT rowid FROM entries ORDER BY last_used LIMIT 1) "
                "RETURNING size");
            if (!oldest) return std::move(oldest).error();
            const auto before = bytes_;
            if (auto r = subtract_returned_sizes(*oldest); !r) return r;
            if (bytes_ == before) {
                bytes_ = 0;  // nothing left to evict: the count had drifted
                break;
            }
        }
        return {};
    }

    mutable std::mutex mutex_;
    mutable sqlite_database db_;
    const std::size_t max_bytes_;
    std::size_t bytes_;
    std::int64_t use_counter_ = 0;
};

result<void> check_or_create_schema(sqlite_database& db, const std::string& where) {
    auto id = db.pragma_integer("application_id");
    if (!id) return std::move(id).error();
    auto version = db.pragma_integer("user_version");
    if (!version) return std::move(version).error();
    if (*id == 0) {
        auto tables = db.prepare("SELECT COUNT(*) FROM sqlite_schema");
        if (!tables) return std::move(tables).error();
        auto row = tables->step();
        if (!row) return std::move(row).error();
        if (*row && tables->integer(0) != 0) {
            return error(errc::io_failed, where + " is a SQLite database that is not a tether HTTP cache (it has "
                                                  "tables and no tether application id); it was left untouched: "
                                                  "choose another path for the cache");
        }
        if (auto r = db.exec("PRAGMA application_id = " + std::to_string(cache_application_id) +
                             "; PRAGMA user_version = " + std::to_string(schema_version) + ";");
            !r) {
            return r;
        }
        return db.exec(schema);
    }
    if (*id != cache_application_id) {
        return error(errc::io_failed, where + " belongs to another application (SQLite application_id " +
                                          std::to_string(*id) + "); it was left untouched: choose another path "
                                                                "for the cache");
    }
    if (*version > schema_version) {
        return error(errc::io_failed, where + " was written by a newer tether (cache schema " +
                                          std::to_string(*version) + ", this one reads " +
                                          std::to_string(schema_version) +
                                          "); it was left untouched: upgrade, or choose another path");
    }
    return db.exec(schema);
}

}  // namespace

result<std::shared_ptr<cache_store>> open_sqlite_cache_store(const std::filesystem::path& path, std::size_t max_bytes) {
    const std::string where = "the cache file " + path.string();
    if (path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) {
            return error(errc::io_failed, "cannot create the directory of " + where + ": " + ec.message());
        }
    }
    auto db = sqlite_database::open(path, where);
    if (!db) return std::move(db).error();
    // Reading the header and checking the pages tells a corrupt or foreign
    // file apart before anything is written to it.
    if (auto r = db->check_integrity(); !r) return std::move(r).error();
    if (auto r = check_or_create_schema(*db, where); !r) return std::move(r).error();
    if (auto r = db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"); !r) return std::move(r).error();
    auto total = db->prepare("SELECT COALESCE(SUM(size), 0) FROM entries");
    if (!total) return std::move(total).error();
    auto row = total->step();
    if (!row) return std::move(row).error();
    const auto bytes = static_cast<std::size_t>(total->integer(0));
    return std::shared_ptr<cache_store>(std::make_shared<sqlite_store>(std::move(*db), max_bytes, bytes));
}

}  // namespace tether::http
