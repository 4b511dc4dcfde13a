#pragma once
// Temporary files for unit tests: a unique name under the system's temp
// directory, removed when the object goes out of scope. No sockets, no sleeps.

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace tether::unit {

// A path no other test (in this process or another) uses: pid, a counter and
// random bits, so parallel ctest runs never collide.
inline std::filesystem::path unique_temp_path(std::string_view suffix = ".bin") {
    static std::atomic<unsigned> counter{0};
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string name = "tether-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                       std::to_string(rng()) + std::string(suffix);
    return std::filesystem::temp_directory_path() / name;
}

class temp_file {
public:
    explicit temp_file(std::string_view content, std::string_view suffix = ".bin") : path_(unique_temp_path(suffix)) {
        write(content);
    }
    ~temp_file() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

    // Replaces the file's content.
    void write(std::string_view content) const {
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        ASSERT_TRUE(out.good()) << "cannot write " << path_;
    }

    void append(std::string_view content) const {
        std::ofstream out(path_, std::ios::binary | std::ios::app);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        ASSERT_TRUE(out.good()) << "cannot append to " << path_;
    }

private:
    std::filesystem::path path_;
};

}  // namespace tether::unit
