// The cache stores: in memory (LRU by bytes) and in SQLite (persistent,
// refusing files that are not its own).

#include <tether/http/cache_store.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include <sqlite3.h>

namespace {

using namespace std::chrono_literals;
using namespace tether::http;

cached_response entry(std::string body, std::string variant = "") {
    cached_response e;
    e.variant = std::move(variant);
    e.url = "http://h/x";
    e.status = 200;
    e.headers.add("Cache-Control", "max-age=60");
    e.headers.add("X-Quote", "a \"quoted\" value, with [json] {chars}");
    e.body = std::move(body);
    e.request_time = std::chrono::system_clock::time_point(1'700'000'000'123ms);
    e.response_time = e.request_time + 5ms;
    return e;
}

std::string key(int n) {
    return std::string(63, 'k') + std::to_string(n % 10);
}

// A directory removed with everything in it at the end of the test.
class temp_dir {
public:
    temp_dir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("tether-cache-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~temp_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

enum class kind { memory, sqlite };

class cache_store_test : public ::testing::TestWithParam<kind> {
protected:
    std::shared_ptr<cache_store> make(std::size_t max_bytes) {
        if (GetParam() == kind::memory) return memory_cache_store(max_bytes);
        auto s = open_sqlite_cache_store(dir / ("c" + std::to_string(++opened) + ".sqlite"), max_bytes);
        EXPECT_TRUE(s) << s.error().to_string();
        return s ? *s : nullptr;
    }
    temp_dir dir;
    int opened = 0;
};

TEST_P(cache_store_test, saves_and_loads_entries_whole) {
    auto store = make(1 << 20);
    ASSERT_TRUE(store->save(key(1), entry(std::string("bin\0ary", 7))));
    auto loaded = store->load(key(1));
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->size(), 1u);
    const auto& e = *loaded->front();
    EXPECT_EQ(e.body, std::string("bin\0ary", 7));
    EXPECT_EQ(e.status, 200);
    EXPECT_EQ(e.url, "http://h/x");
    EXPECT_EQ(e.headers, entry("").headers);
    EXPECT_EQ(e.request_time, entry("").request_time);
    EXPECT_EQ(e.response_time, entry("").response_time);
    EXPECT_TRUE(store->load(key(2))->empty());
}

TEST_P(cache_store_test, variants_live_side_by_side_and_replace_their_own) {
    auto store = make(1 << 20);
    ASSERT_TRUE(store->save(key(1), entry("en-1", "lang=en")));
    ASSERT_TRUE(store->save(key(1), entry("fr-1", "lang=fr")));
    ASSERT_TRUE(store->save(key(1), entry("en-2", "lang=en")));
    auto loaded = *store->load(key(1));
    ASSERT_EQ(loaded.size(), 2u);
    std::vector<std::string> bodies;
    for (const auto& e : loaded) bodies.push_back(e->body);
    std::sort(bodies.begin(), bodies.end());
    EXPECT_EQ(bodies, (std::vector<std::string>{"en-2", "fr-1"}));
    EXPECT_EQ(store->usage().entries, 2u);
    ASSERT_TRUE(store->remove(key(1)));
    EXPECT_TRUE(store->load(key(1))->empty());
    EXPECT_EQ(store->usage().entries, 0u);
    EXPECT_EQ(store->usage().bytes, 0u);
}

TEST_P(cache_store_test, evicts_the_least_recently_used_to_stay_within_its_bytes) {
    const auto one = entry(std::string(1000, 'x')).size() + key(0).size();
    auto store = make(one * 3 + one / 2);
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(store->save(key(i), entry(std::string(1000, 'x'))));
    ASSERT_FALSE(store->load(key(1))->empty());  // 1 is now the most recently used
    ASSERT_TRUE(store->save(key(4), entry(std::string(1000, 'x'))));
    EXPECT_FALSE(store->load(key(1))->empty());
    EXPECT_TRUE(store->load(key(2))->empty()) << "2 was the least recently used";
    EXPECT_FALSE(store->load(key(3))->empty());
    EXPECT_FALSE(store->load(key(4))->empty());
    EXPECT_LE(store->usage().bytes, store->usage().max_bytes);
    EXPECT_EQ(store->usage().entries, 3u);
}

TEST_P(cache_store_test, an_entry_larger_than_the_store_is_not_kept_and_evicts_nothing) {
    auto store = make(4096);
    ASSERT_TRUE(store->save(key(1), entry("small")));
    ASSERT_TRUE(store->save(key(2), entry(std::string(8192, 'x'))));
    EXPECT_TRUE(store->load(key(2))->empty());
    EXPECT_FALSE(store->load(key(1))->empty());
}

TEST_P(cache_store_test, clear_empties_it) {
    auto store = make(1 << 20);
    ASSERT_TRUE(store->save(key(1), entry("a")));
    ASSERT_TRUE(store->save(key(2), entry("b")));
    ASSERT_TRUE(store->clear());
    EXPECT_TRUE(store->load(key(1))->empty());
    EXPECT_EQ(store->usage().entries, 0u);
    EXPECT_EQ(store->usage().bytes, 0u);
}

INSTANTIATE_TEST_SUITE_P(stores, cache_store_test, ::testing::Values(kind::memory, kind::sqlite),
                         [](const auto& p) { return p.param == kind::memory ? "memory" : "sqlite"; });

TEST(sqlite_cache_store, entries_survive_a_restart_with_their_byte_count) {
    temp_dir dir;
    const auto path = dir / "nested/dir/cache.sqlite";
    std::size_t bytes = 0;
    {
        auto store = open_sqlite_cache_store(path);
        ASSERT_TRUE(store) << store.error().to_string();
        ASSERT_TRUE((*store)->save(key(1), entry("persisted")));
        bytes = (*store)->usage().bytes;
        EXPECT_GT(bytes, 0u);
    }
    auto reopened = open_sqlite_cache_store(path);
    ASSERT_TRUE(reopened) << reopened.error().to_string();
    auto loaded = (*reopened)->load(key(1));
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->size(), 1u);
    EXPECT_EQ(loaded->front()->body, "persisted");
    EXPECT_EQ((*reopened)->usage().bytes, bytes);
}

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_all(const std::filesystem::path& p, const std::string& data) {
    std::ofstream(p, std::ios::binary) << data;
}

void expect_refused(const std::filesystem::path& path, std::string_view reason) {
    const auto before = read_all(path);
    auto store = open_sqlite_cache_store(path);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code(), tether::errc::io_failed);
    EXPECT_NE(store.error().message().find(path.string()), std::string::npos) << store.error().message();
    EXPECT_NE(store.error().message().find(reason), std::string::npos) << store.error().message();
    EXPECT_EQ(read_all(path), before) << "the file must be left untouched";
}

TEST(sqlite_cache_store, a_file_that_is_not_sqlite_is_refused_and_left_alone) {
    temp_dir dir;
    const auto path = dir / "notes.txt";
    write_all(path, std::string(8192, 'n'));
    expect_refused(path, "not a SQLite database");
}

void run_sql(const std::filesystem::path& path, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
}

TEST(sqlite_cache_store, another_applications_database_is_refused_and_left_alone) {
    temp_dir dir;
    const auto path = dir / "app.db";
    run_sql(path, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO accounts VALUES (1, 'x');");
    expect_refused(path, "not a tether HTTP cache");
    const auto other_id = dir / "other.db";
    run_sql(other_id, "PRAGMA application_id = 1234; CREATE TABLE t (x);");
    expect_refused(other_id, "another application");
}

TEST(sqlite_cache_store, a_cache_written_by_a_newer_version_is_refused) {
    temp_dir dir;
    const auto path = dir / "cache.sqlite";
    ASSERT_TRUE(open_sqlite_cache_store(path));
    run_sql(path, "PRAGMA user_version = 99;");
    expect_refused(path, "newer");
}

TEST(sqlite_cache_store, a_corrupt_file_is_refused_and_left_alone) {
    temp_dir dir;
    const auto path = dir / "cache.sqlite";
    {
        auto store = open_sqlite_cache_store(path);
        ASSERT_TRUE(store);
        for (int i = 0; i < 40; ++i) ASSERT_TRUE((*store)->save(key(i) + std::to_string(i), entry(std::string(2000, 'x'))));
    }
    run_sql(path, "PRAGMA wal_checkpoint(TRUNCATE);");
    auto bytes = read_all(path);
    ASSERT_GT(bytes.size(), 3 * 4096u);
    // Scribble over the b-tree pages after the header page.
    for (std::size_t i = 4096 + 8; i < bytes.size(); i += 97) bytes[i] = static_cast<char>(0xA5);
    write_all(path, bytes);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
    expect_refused(path, "corrupt");
}

TEST(sqlite_cache_store, an_unwritable_location_is_a_clear_error) {
    auto store = open_sqlite_cache_store("/proc/tether-cannot-be-here/cache.sqlite");
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code(), tether::errc::io_failed);
    EXPECT_NE(store.error().message().find("/proc/tether-cannot-be-here"), std::string::npos) << store.error().message();
}

}  // namespace
