#pragma once
// A thin RAII layer over the SQLite C API: a database, its prepared
// statements and transactions, every failure an error naming the file.

#include <tether/core/result.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace tether::http::cache {

class statement {
public:
    void bind(int index, std::string_view text);
    void bind_blob(int index, std::string_view bytes);
    void bind(int index, std::int64_t value);
    void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
    // true: a row is ready; false: done.
    [[nodiscard]] result<bool> step();
    // Steps until done.
    [[nodiscard]] result<void> run();
    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;

private:
    friend class sqlite_database;
    struct finalizer {
        void operator()(sqlite3_stmt* s) const noexcept;
    };
    statement(sqlite3_stmt* s, sqlite3* db, const std::string* where) : stmt_(s), db_(db), where_(where) {}
    std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
    sqlite3* db_;
    const std::string* where_;
};

class sqlite_database;

// Rolls back unless committed.
class transaction {
public:
    transaction(transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
    transaction& operator=(transaction&&) = delete;
    ~transaction();
    [[nodiscard]] result<void> commit();

private:
    friend class sqlite_database;
    explicit transaction(sqlite_database* db) : db_(db) {}
    sqlite_database* db_;
};

class sqlite_database {
public:
    // Opens (creating when missing) the database at `path`; `where` names it
    // in error messages.
    [[nodiscard]] static result<sqlite_database> open(const std::filesystem::path& path, std::string where);

    [[nodiscard]] result<statement> prepare(std::string_view sql);
    [[nodiscard]] result<void> exec(const std::string& sql);
    [[nodiscard]] result<std::int64_t> pragma_integer(std::string_view name);
    // `PRAGMA quick_check`: an error unless the file is a sound database.
    [[nodiscard]] result<void> check_integrity();
    [[nodiscard]] result<transaction> begin();

private:
    struct closer {
        void operator()(sqlite3* db) const noexcept;
    };
    sqlite_database(sqlite3* db, std::string where);
    error failure(std::string_view doing) const;

    std::unique_ptr<sqlite3, closer> db_;
    // Stable across moves: statements point at it.
    std::unique_ptr<std::string> where_;
};

}  // namespace tether::http::cache
