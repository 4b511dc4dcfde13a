// The file token store: what is on disk after each operation, what a crash
// leaves, and that nothing it says quotes a secret. Files only, in a private
// temporary directory; no sockets, no sleeps.
#include <tether/auth/token_store.hpp>

#include "auth/file_token_store.hpp"
#include "support/temp_file.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using std::chrono::seconds;
using std::chrono::system_clock;
using tether::errc;
using tether::auth::open_file_token_store;
using tether::auth::token_set;
using tether::auth::token_store;

// Every secret in these tests contains "SECRET", so that one search proves
// that no message quotes any of them.
token_set tokens_of(int n) {
    token_set t;
    t.access_token = "access-SECRET-" + std::to_string(n);
    t.refresh_token = "refresh-SECRET-" + std::to_string(n);
    t.id_token = "id-SECRET-" + std::to_string(n);
    t.token_type = "DPoP";
    t.expires_at = system_clock::time_point(seconds(1'700'000'000 + n));
    t.scopes = {"openid", "email", "scope-" + std::to_string(n)};
    return t;
}

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Writes a file as another program would (in place, mode 0600).
void write_bytes(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
}

mode_t mode_of(const fs::path& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

// The temporary files a writer left beside `path`.
int temporaries_beside(const fs::path& path) {
    int n = 0;
    for (const auto& entry : fs::directory_iterator(path.parent_path())) {
        if (entry.path().filename().string().starts_with(path.filename().string() + ".tmp-")) ++n;
    }
    return n;
}

void expect_no_secret(const std::string& message) {
    EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
}

class file_token_store : public ::testing::Test {
protected:
    void SetUp() override {
        fs::create_directory(dir_);
        fs::permissions(dir_, fs::perms::owner_all);
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    std::shared_ptr<token_store> open(const fs::path& path) {
        auto store = open_file_token_store(path);
        EXPECT_TRUE(store) << store.error().message();
        return store ? *store : nullptr;
    }

    const fs::path dir_ = tether::unit::unique_temp_path("-tokens");
    const fs::path path_ = dir_ / "tokens.json";
};

// --- what is stored ---------------------------------------------------------

TEST_F(file_token_store, a_missing_file_means_no_tokens) {
    auto store = open(path_);
    auto loaded = store->load();
    ASSERT_TRUE(loaded) << loaded.error().message();
    EXPECT_FALSE(loaded->has_value());
    EXPECT_FALSE(fs::exists(path_)) << "opening and loading create nothing";
}

TEST_F(file_token_store, every_field_round_trips) {
    ASSERT_TRUE(open(path_)->save(tokens_of(1)));
    // A second store on the same file, as the next run of the program opens it.
    auto loaded = open(path_)->load();
    ASSERT_TRUE(loaded) << loaded.error().message();
    ASSERT_TRUE(loaded->has_value());
    EXPECT_EQ(**loaded, tokens_of(1));
}

TEST_F(file_token_store, a_minimal_token_set_round_trips) {
    token_set t;
    t.access_token = "access-SECRET";
    auto store = open(path_);
    ASSERT_TRUE(store->save(t));
    EXPECT_EQ(store->load().value(), t);
}

TEST_F(file_token_store, the_file_is_versioned_json_with_a_marker) {
    auto store = open(path_);
    ASSERT_TRUE(store->save(tokens_of(1)));
    const auto text = read_bytes(path_);
    EXPECT_NE(text.find(R"("format":"tether-token-store")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("version":1)"), std::string::npos);
    EXPECT_NE(text.find(R"("expires_at":1700000001)"), std::string::npos);
    EXPECT_NE(text.find(R"("scopes":["openid","email","scope-1"])"), std::string::npos);
}

TEST_F(file_token_store, the_expiry_is_kept_in_whole_seconds_rounded_down) {
    auto t = tokens_of(1);
    t.expires_at = system_clock::time_point(seconds(1'700'000'000)) + 999ms;
    auto store = open(path_);
    ASSERT_TRUE(store->save(t));
    EXPECT_EQ(store->load().value()->expires_at, system_clock::time_point(seconds(1'700'000'000)));
}

TEST_F(file_token_store, a_later_save_replaces_the_tokens) {
    auto store = open(path_);
    ASSERT_TRUE(store->save(tokens_of(1)));
    ASSERT_TRUE(store->save(tokens_of(2)));
    EXPECT_EQ(store->load().value(), tokens_of(2));
}

// --- permissions ------------------------------------------------------------

TEST_F(file_token_store, the_file_and_its_lock_are_only_for_their_owner) {
    const auto old_umask = ::umask(0);  // the mode must not depend on the umask
    auto store = open(path_);
    const auto saved = store->save(tokens_of(1));
    ::umask(old_umask);
    ASSERT_TRUE(saved) << saved.error().message();
    EXPECT_EQ(mode_of(path_), 0600u);
    EXPECT_EQ(mode_of(path_.string() + ".lock"), 0600u);
}

TEST_F(file_token_store, missing_directories_are_created_private) {
    const auto nested = dir_ / "config" / "app" / "tokens.json";
    auto store = open(nested);
    EXPECT_FALSE(fs::exists(nested.parent_path())) << "created on the first save, not on open";
    ASSERT_TRUE(store->save(tokens_of(1)));
    EXPECT_EQ(mode_of(dir_ / "config") & 0077, 0u);
    EXPECT_EQ(mode_of(dir_ / "config" / "app") & 0077, 0u);
    EXPECT_EQ(mode_of(nested), 0600u);
    EXPECT_EQ(store->load().value(), tokens_of(1));
}

TEST_F(file_token_store, a_file_others_may_read_is_refused_until_saved_again) {
    auto store = open(path_);
    ASSERT_TRUE(store->save(tokens_of(1)));
    fs::permissions(path_, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                               fs::perms::others_read);
    // As OpenSSH refuses a readable private key: the tokens may have leaked.
    auto loaded = store->load();
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code(), errc::io_failed);
    EXPECT_NE(loaded.error().message().find("mode 0644"), std::string::npos) << loaded.error().message();
    EXPECT_NE(loaded.error().message().find(path_.string()), std::string::npos);
    EXPECT_NE(loaded.error().message().find("chmod 600"), std::string::npos);
    expect_no_secret(loaded.error().message());
    // save() writes a new file with mode 0600.
    ASSERT_TRUE(store->save(tokens_of(2)));
    EXPECT_EQ(mode_of(path_), 0600u);
    EXPECT_EQ(store->load().value(), tokens_of(2));
}

// --- crashes ----------------------------------------------------------------

TEST_F(file_token_store, a_temporary_file_left_by_a_crash_is_ignored_then_removed) {
    auto store = open(path_);
    ASSERT_TRUE(store->save(tokens_of(1)));
    // Scenario: a writer died after writing half of its temporary file.
    const auto stray = path_.string() + ".tmp-a1B2c3";
    write_bytes(stray, R"({"format":"tether-token-store","version":1,"tokens":{"access_token":"access-SEC)");
    EXPECT_EQ(store->load().value(), tokens_of(1));
    ASSERT_TRUE(store->save(tokens_of(2)));
    EXPECT_FALSE(fs::exists(stray));
    EXPECT_EQ(store->load().value(), tokens_of(2));
}

TEST_F(file_token_store, a_process_killed_between_write_and_rename_leaves_the_old_tokens) {
    ASSERT_TRUE(open(path_)->save(tokens_of(1)));
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        // The hook ends the process after the new file is written and
        // synced, before the rename: a crash at the worst moment.
        auto store = tether::auth::detail::open_file_token_store(path_, {.before_rename = [] { ::_exit(0); }});
        if (store) (void)(*store)->save(tokens_of(2));
        ::_exit(3);  // not reached when the hook ran
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0) << "the child did not reach the rename";

    EXPECT_EQ(temporaries_beside(path_), 1) << "the crash left its complete temporary file";
    auto store = open(path_);
    EXPECT_EQ(store->load().value(), tokens_of(1));
    // The dead writer's lock went with its process; the next save proceeds.
    ASSERT_TRUE(store->save(tokens_of(3)));
    EXPECT_EQ(temporaries_beside(path_), 0);
    EXPECT_EQ(store->load().value(), tokens_of(3));
}

// --- files that are not ours, or damaged ------------------------------------

TEST_F(file_token_store, a_file_that_is_not_json_is_refused_at_open_and_left_untouched) {
    for (std::string_view bytes : {std::string_view("\x89PNG\r\n access-SECRET"), std::string_view(""),
                                   std::string_view("access-SECRET-token\n")}) {
        write_bytes(path_, bytes);
        auto store = open_file_token_store(path_);
        ASSERT_FALSE(store) << "opened: " << bytes;
        EXPECT_EQ(store.error().code(), errc::io_failed);
        EXPECT_NE(store.error().message().find(path_.string()), std::string::npos) << store.error().message();
        EXPECT_NE(store.error().message().find("not a tether token store"), std::string::npos);
        EXPECT_NE(store.error().message().find("choose another path"), std::string::npos);
        expect_no_secret(store.error().message());
        EXPECT_EQ(read_bytes(path_), bytes);
    }
}

TEST_F(file_token_store, another_applications_json_is_refused_at_open) {
    const std::string foreign = R"({"access_token":"access-SECRET","refresh_token":"refresh-SECRET"})";
    write_bytes(path_, foreign);
    auto store = open_file_token_store(path_);
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message().find("not a tether token store"), std::string::npos) << store.error().message();
    EXPECT_NE(store.error().message().find("another application"), std::string::npos);
    expect_no_secret(store.error().message());
    EXPECT_EQ(read_bytes(path_), foreign);
}

TEST_F(file_token_store, a_file_that_turns_foreign_after_open_is_never_touched) {
    auto store = open(path_);
    ASSERT_TRUE(store->save(tokens_of(1)));
    const std::string garbage = "access-SECRET-9 {{{ not json";
    write_bytes(path_, garbage);

    auto loaded = store->load();
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code(), errc::io_failed);
    EXPECT_NE(loaded.error().message().find(path_.string()), std::string::npos) << loaded.error().message();
    EXPECT_NE(loaded.error().message().find("not JSON"), std::string::npos);
    expect_no_secret(loaded.error().message());

    auto saved = store->save(tokens_of(2));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code(), errc::io_failed);
    EXPECT_NE(saved.error().message().find("does not replace"), std::string::npos) << saved.error().message();
    expect_no_secret(saved.error().message());

    auto cleared = store->clear();
    ASSERT_FALSE(cleared);
    EXPECT_NE(cleared.error().message().find("leaves it untouched"), std::string::npos) << cleared.error().message();
    EXPECT_EQ(read_bytes(path_), garbage);
}

// Our marker, but a member of the wrong type: load fails, save refuses, and
// clear() is the explicit way out.
TEST_F(file_token_store, a_damaged_store_is_reported_kept_and_removable_by_clear) {
    const std::string prefix = R"({"format":"tether-token-store","version":1,)";
    const std::vector<std::pair<std::string, std::string_view>> cases = {
        {prefix + R"("tokens":{"access_token":"access-SECRET","token_type":"Bearer","expires_at":"soon"}})",
         "\"tokens.expires_at\""},
        {prefix + R"("tokens":{"access_token":7,"token_type":"Bearer","refresh_token":"refresh-SECRET"}})",
         "\"tokens.access_token\" is not a string"},
        {prefix + R"("tokens":{"access_token":"access-SECRET"}})", "\"tokens.token_type\" is missing"},
        {prefix + R"("tokens":{"access_token":"access-SECRET","token_type":"Bearer","scopes":"a b"}})",
         "\"tokens.scopes\" is not an array"},
        {prefix + R"("tokens":{"access_token":"access-SECRET","token_type":"Bearer","scopes":["a",1]}})",
         "\"tokens.scopes\" has a member"},
        {prefix + R"("tokens":{"access_token":"access-SECRET","token_type":"Bearer","expires_at":1700000000.5}})",
         "\"tokens.expires_at\""},
        {prefix + R"("tokens":["access-SECRET"]})", "\"tokens\" is missing or not an object"},
        {R"({"format":"tether-token-store","tokens":{"access_token":"access-SECRET"}})", "\"version\" is missing"},
        {R"({"format":"tether-token-store","version":0,"tokens":{}})", "\"version\" is not a positive"},
    };
    for (const auto& [bytes, problem] : cases) {
        SCOPED_TRACE(problem);
        fs::remove(path_);
        auto store = open(path_);
        write_bytes(path_, bytes);

        auto loaded = store->load();
        ASSERT_FALSE(loaded);
        EXPECT_EQ(loaded.error().code(), errc::io_failed);
        EXPECT_NE(loaded.error().message().find(path_.string()), std::string::npos) << loaded.error().message();
        EXPECT_NE(loaded.error().message().find(problem), std::string::npos) << loaded.error().message();
        EXPECT_NE(loaded.error().message().find("clear()"), std::string::npos) << loaded.error().message();
        expect_no_secret(loaded.error().message());

        auto saved = store->save(tokens_of(2));
        ASSERT_FALSE(saved);
        EXPECT_NE(saved.error().message().find(problem), std::string::npos) << saved.error().message();
        expect_no_secret(saved.error().message());
        EXPECT_EQ(read_bytes(path_), bytes) << "save() must not replace a file it cannot read";

        ASSERT_TRUE(store->clear());
        EXPECT_FALSE(fs::exists(path_));
        ASSERT_TRUE(store->save(tokens_of(2)));
        EXPECT_EQ(store->load().value(), tokens_of(2));
    }
}

TEST_F(file_token_store, a_store_from_a_newer_version_is_not_read_or_replaced) {
    const std::string newer =
        R"({"format":"tether-token-store","version":2,"tokens":{"access_token":"access-SECRET","sealed":true}})";
    write_bytes(path_, newer);
    auto store = open(path_);  // ours: opens, so that clear() can remove it
    auto loaded = store->load();
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message().find("newer tether (token store version 2; this one reads version 1)"),
              std::string::npos)
        << loaded.error().message();
    EXPECT_NE(loaded.error().message().find(path_.string()), std::string::npos);
    auto saved = store->save(tokens_of(1));
    ASSERT_FALSE(saved);
    EXPECT_NE(saved.error().message().find("newer tether"), std::string::npos);
    expect_no_secret(loaded.error().message() + saved.error().message());
    EXPECT_EQ(read_bytes(path_), newer);
}

TEST_F(file_token_store, unknown_members_of_version_1_are_ignored) {
    write_bytes(path_, R"({"format":"tether-token-store","version":1,"written_by":"tether 9",)"
                       R"("tokens":{"access_token":"a","token_type":"Bearer","dpop_jkt":"x"}})");
    auto loaded = open(path_)->load();
    ASSERT_TRUE(loaded) << loaded.error().message();
    EXPECT_EQ((*loaded)->access_token, "a");
}

// --- paths ------------------------------------------------------------------

TEST_F(file_token_store, a_directory_is_not_a_token_file) {
    for (const auto& path : {dir_, fs::path(dir_.string() + "/")}) {
        auto store = open_file_token_store(path);
        ASSERT_FALSE(store) << path;
        EXPECT_EQ(store.error().code(), errc::io_failed);
        EXPECT_NE(store.error().message().find("directory"), std::string::npos) << store.error().message();
    }
}

TEST_F(file_token_store, an_empty_path_is_refused) {
    auto store = open_file_token_store("");
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message().find("path is empty"), std::string::npos);
}

TEST_F(file_token_store, a_file_where_the_directory_should_be_is_reported) {
    write_bytes(dir_ / "config", "not a directory");
    auto store = open_file_token_store(dir_ / "config" / "tokens.json");
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code(), errc::io_failed);
    EXPECT_NE(store.error().message().find((dir_ / "config").string()), std::string::npos)
        << store.error().message();
}

TEST_F(file_token_store, a_file_too_large_to_be_a_token_store_is_not_read) {
    write_bytes(path_, std::string(2 * 1024 * 1024, ' '));
    auto store = open_file_token_store(path_);
    ASSERT_FALSE(store);
    EXPECT_NE(store.error().message().find("larger"), std::string::npos) << store.error().message();
}

// --- clear ------------------------------------------------------------------

TEST_F(file_token_store, clear_removes_the_file_and_stray_temporaries) {
    auto store = open(path_);
    ASSERT_TRUE(store->save(tokens_of(1)));
    write_bytes(path_.string() + ".tmp-zzzzzz", "{");
    ASSERT_TRUE(store->clear());
    EXPECT_FALSE(fs::exists(path_));
    EXPECT_EQ(temporaries_beside(path_), 0);
    EXPECT_FALSE(store->load().value().has_value());
    EXPECT_TRUE(store->clear()) << "clearing nothing is not an error";
}

TEST_F(file_token_store, clear_without_a_directory_creates_nothing) {
    const auto nested = dir_ / "never" / "tokens.json";
    auto store = open(nested);
    ASSERT_TRUE(store->clear());
    EXPECT_FALSE(fs::exists(nested.parent_path()));
}

// --- concurrency ------------------------------------------------------------

// Each writer saves its own token set; the file must always hold one of them whole.
bool is_one_of_the_written(const token_set& t, int writers) {
    for (int i = 0; i < writers; ++i) {
        if (t == tokens_of(i)) return true;
    }
    return false;
}

TEST_F(file_token_store, concurrent_writers_in_one_process_never_corrupt_the_file) {
    constexpr int writers = 4;
    constexpr int saves = 40;
    auto shared = open(path_);
    std::atomic<int> failures{0};
    std::atomic<bool> done{false};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        // Half share one store (its mutex), half have their own (the file lock).
        auto store = w % 2 == 0 ? shared : open(path_);
        threads.emplace_back([store, w, &failures] {
            for (int i = 0; i < saves; ++i) {
                if (!store->save(tokens_of(w))) ++failures;
            }
        });
    }
    int reads = 0;
    std::thread reader([&] {
        auto store = open(path_);
        while (!done) {
            auto loaded = store->load();
            if (!loaded || (loaded->has_value() && !is_one_of_the_written(**loaded, writers))) ++failures;
            ++reads;
        }
    });
    for (auto& t : threads) t.join();
    done = true;
    reader.join();
    EXPECT_EQ(failures, 0);
    EXPECT_GT(reads, 0);
    auto last = shared->load();
    ASSERT_TRUE(last && last->has_value());
    EXPECT_TRUE(is_one_of_the_written(**last, writers));
    EXPECT_EQ(temporaries_beside(path_), 0);
}

TEST_F(file_token_store, concurrent_writer_processes_never_corrupt_the_file) {
    constexpr int processes = 2;
    constexpr int saves = 40;
    std::vector<pid_t> children;
    for (int p = 0; p < processes; ++p) {
        const pid_t child = ::fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            auto store = open_file_token_store(path_);
            int failed = store ? 0 : 1;
            for (int i = 0; store && i < saves; ++i) {
                if (!(*store)->save(tokens_of(p))) ++failed;
            }
            ::_exit(failed == 0 ? 0 : 1);
        }
        children.push_back(child);
    }
    // The parent reads while the children write.
    auto store = open(path_);
    int bad_reads = 0;
    for (int i = 0; i < 200; ++i) {
        auto loaded = store->load();
        if (!loaded || (loaded->has_value() && !is_one_of_the_written(**loaded, processes))) ++bad_reads;
    }
    for (const pid_t child : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer process failed";
    }
    EXPECT_EQ(bad_reads, 0);
    auto last = store->load();
    ASSERT_TRUE(last && last->has_value());
    EXPECT_TRUE(is_one_of_the_written(**last, processes));
    EXPECT_EQ(temporaries_beside(path_), 0);
}

}  // namespace
