#pragma once
// The kinds of request body content behind tether::http::body.

#include <tether/http/body.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tether::http::detail {

// Readers keep their source alive (shared_from_this), so an opened body
// never dangles whoever drops the request first.
class body_source : public std::enable_shared_from_this<body_source> {
public:
    explicit body_source(std::string content_type) : content_type_(std::move(content_type)) {}
    virtual ~body_source() = default;
    [[nodiscard]] const std::string& content_type() const noexcept { return content_type_; }
    [[nodiscard]] virtual bool replayable() const noexcept { return true; }
    [[nodiscard]] virtual const std::string* in_memory() const noexcept { return nullptr; }
    [[nodiscard]] virtual result<opened_body> open() const = 0;

private:
    std::string content_type_;
};

class memory_source final : public body_source {
public:
    memory_source(std::string data, std::string content_type)
        : body_source(std::move(content_type)), data_(std::move(data)) {}
    [[nodiscard]] const std::string* in_memory() const noexcept override { return &data_; }
    [[nodiscard]] result<opened_body> open() const override;

private:
    std::string data_;
};

// Text and files, concatenated: a file body is one file segment, a multipart
// body alternates part headers in memory with file contents read from disk.
struct segment {
    std::string text;
    std::optional<std::filesystem::path> file;
};

class segments_source final : public body_source {
public:
    segments_source(std::vector<segment> segments, std::string content_type)
        : body_source(std::move(content_type)), segments_(std::move(segments)) {}
    [[nodiscard]] result<opened_body> open() const override;

private:
    std::vector<segment> segments_;
};

class stream_source final : public body_source {
public:
    stream_source(std::function<result<std::size_t>(std::span<char>)> read, std::optional<std::uint64_t> size,
                  std::string content_type)
        : body_source(std::move(content_type)), read_(std::move(read)), size_(size) {}
    [[nodiscard]] bool replayable() const noexcept override { return false; }
    [[nodiscard]] result<opened_body> open() const override;

private:
    std::function<result<std::size_t>(std::span<char>)> read_;
    std::optional<std::uint64_t> size_;
    mutable std::atomic<bool> opened_{false};
};

}  // namespace tether::http::detail
