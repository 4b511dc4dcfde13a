#pragma once
/// @file
/// `tether::http::body`: what a request sends — bytes, JSON, a form, a file
/// or a multipart form streamed from disk, or a one-shot stream.

#include <tether/core/result.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace tether::http {

/// Produces a request body's bytes in order, for one attempt.
class body_reader {
public:
    virtual ~body_reader() = default;
    /// Fills the front of `out` with the next bytes and returns how many;
    /// 0 means the body is complete.
    [[nodiscard]] virtual result<std::size_t> read(std::span<char> out) = 0;
};

/// A body opened for one attempt: its reader and, when known, its size.
struct opened_body {
    std::unique_ptr<body_reader> reader;
    std::optional<std::uint64_t> size;  ///< unknown sizes are sent chunked
};

/// A multipart/form-data form (RFC 7578): text fields, and files that are
/// streamed from disk when the request is sent, never loaded whole.
///
/// @code
/// http::multipart_form form;
/// form.field("title", "holiday").file("photo", "/tmp/beach.jpg", "image/jpeg");
/// auto req = http::request::post("/albums/1/photos", http::body::multipart(form));
/// @endcode
class multipart_form {
public:
    /// A form with a fresh random boundary.
    multipart_form();

    multipart_form& field(std::string name, std::string value);
    /// A file part; `filename` defaults to the path's file name.
    multipart_form& file(std::string name, std::filesystem::path path,
                         std::string content_type = "application/octet-stream",
                         std::optional<std::string> filename = std::nullopt);
    /// A file part whose content is in memory.
    multipart_form& bytes(std::string name, std::string data, std::string filename,
                          std::string content_type = "application/octet-stream");

    [[nodiscard]] const std::string& boundary() const noexcept { return boundary_; }

private:
    friend class body;
    struct part {
        std::string name;
        std::optional<std::string> filename;
        std::string content_type;
        std::string data;                          // for fields and in-memory files
        std::optional<std::filesystem::path> path; // for files streamed from disk
    };
    std::vector<part> parts_;
    std::string boundary_;
};

namespace detail {
class body_source;
}

/// A request body. Cheap to copy: copies share the (immutable) content, so a
/// retry or a redirect replays the same bytes; each attempt calls `open()`.
///
/// @par Thread Safety
/// Distinct objects: safe. Shared objects: safe for const access.
class body {
public:
    /// No body.
    body() noexcept = default;

    static body bytes(std::string data, std::string content_type = "application/octet-stream");
    static body text(std::string text, std::string content_type = "text/plain; charset=utf-8");
    /// `value` serialized as JSON, sent as application/json.
    static body json(const boost::json::value& value);
    /// application/x-www-form-urlencoded, encoded as HTML forms are.
    static body form(const std::vector<std::pair<std::string, std::string>>& fields);
    /// The file's content, streamed from disk; its size is read when sent.
    static body file(std::filesystem::path path, std::string content_type = "application/octet-stream");
    static body multipart(const multipart_form& form);
    /// A body produced once by `read` (same contract as `body_reader::read`).
    /// It cannot be replayed: a retry or a 307/308 redirect of it fails with
    /// errc::invalid_body. Without `size` it is sent chunked.
    static body stream(std::function<result<std::size_t>(std::span<char>)> read, std::optional<std::uint64_t> size,
                       std::string content_type = "application/octet-stream");

    [[nodiscard]] bool empty() const noexcept { return !source_; }
    /// The media type to send as Content-Type (empty for no body).
    [[nodiscard]] const std::string& content_type() const noexcept;
    /// False for one-shot streams.
    [[nodiscard]] bool replayable() const noexcept;
    /// The whole body when it is in memory (a transport's fast path), else null.
    [[nodiscard]] const std::string* in_memory() const noexcept;
    /// Opens the body for one attempt. Fails with invalid_body or io_failed
    /// when a file is missing or a one-shot stream was already used.
    [[nodiscard]] result<opened_body> open() const;

private:
    explicit body(std::shared_ptr<const detail::body_source> source) noexcept : source_(std::move(source)) {}
    std::shared_ptr<const detail::body_source> source_;
};

}  // namespace tether::http
