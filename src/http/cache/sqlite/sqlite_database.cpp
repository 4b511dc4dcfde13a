#include "sqlite_database.hpp"

#include <sqlite3.h>

#include <utility>

namespace tether::http::cache {

namespace {

// What a caller can do about each failure, beyond SQLite's own words.
std::string advice(int code) {
    switch (code & 0xff) {
        case SQLITE_NOTADB:
            return " (the file is not a SQLite database; it was left untouched: choose another path for the cache)";
        case SQLITE_CORRUPT:
            return " (the database is corrupt; it was left untouched: delete it to start an empty cache)";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return " (another process holds the database locked)";
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_CANTOPEN:
            return " (check that the file and its directory are writable)";
        case SQLITE_FULL:
            return " (the disk is full)";
        default:
            return {};
    }
}

error sqlite_error(sqlite3* db, int code, const std::string& where, std::string_view doing) {
    std::string message = std::string(doing) + " " + where + " failed: " +
                          (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)) + advice(code);
    return error(errc::io_failed, std::move(message));
}

}  // namespace

void statement::finalizer::operator()(sqlite3_stmt* s) const noexcept {
    sqlite3_finalize(s);
}

void statement::bind(int index, std::string_view text) {
    sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void statement::bind_blob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

void statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_.get(), index, value);
}

result<bool> statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, rc, *where_, "reading or writing");
}

result<void> statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return std::move(row).error();
        if (!*row) return {};
    }
}

std::string statement::text(int column) const {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_.get(), column));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column));
    return data ? std::string(data, size) : std::string();
}

std::int64_t statement::integer(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

transaction::~transaction() {
    if (db_) (void)db_->exec("ROLLBACK");
}

result<void> transaction::commit() {
    auto* db = std::exchange(db_, nullptr);
    return db->exec("COMMIT");
}

void sqlite_database::closer::operator()(sqlite3* db) const noexcept {
    sqlite3_close_v2(db);
}

sqlite_database::sqlite_database(sqlite3* db, std::string where)
    : db_(db), where_(std::make_unique<std::string>(std::move(where))) {}

result<sqlite_database> sqlite_database::open(const std::filesystem::path& path, std::string where) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    sqlite_database db(raw, std::move(where));
    if (rc != SQLITE_OK) return sqlite_error(raw, rc, *db.where_, "opening");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 2000);
    return db;
}

error sqlite_database::failure(std::string_view doing) const {
    return sqlite_error(db_.get(), sqlite3_errcode(db_.get()), *where_, doing);
}

result<statement> sqlite_database::prepare(std::string_view sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK) {
        return failure("reading");
    }
    return statement(s, db_.get(), where_.get());
}

result<void> sqlite_database::exec(const std::string& sql) {
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return failure("writing");
    return {};
}

result<std::int64_t> sqlite_database::pragma_integer(std::string_view name) {
    auto s = prepare("PRAGMA " + std::string(name));
    if (!s) return std::move(s).error();
    auto row = s->step();
    if (!row) return std::move(row).error();
    return *row ? s->integer(0) : 0;
}

result<void> sqlite_database::check_integrity() {
    auto s = prepare("PRAGMA quick_check(1)");
    if (!s) return std::move(s).error();
    auto row = s->step();
    if (!row) return std::move(row).error();
    if (*row && s->text(0) != "ok") {
        return error(errc::io_failed, *where_ + " is corrupt (" + s->text(0) +
                                          "); it was left untouched: delete it to start an empty cache");
    }
    return {};
}

result<transaction> sqlite_database::begin() {
    if (auto r = exec("BEGIN IMMEDIATE"); !r) return std::move(r).error();
    return transaction(this);
}

}  // namespace tether::http::cache
