#include "body_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>

namespace tether::http::detail {

namespace {

class memory_reader final : public body_reader {
public:
    memory_reader(std::shared_ptr<const body_source> owner, const std::string& data)
        : owner_(std::move(owner)), rest_(data) {}
    result<std::size_t> read(std::span<char> out) override {
        auto n = std::min(out.size(), rest_.size());
        std::memcpy(out.data(), rest_.data(), n);
        rest_.remove_prefix(n);
        return n;
    }

private:
    std::shared_ptr<const body_source> owner_;
    std::string_view rest_;
};

struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

error file_error(const std::filesystem::path& path, std::string_view what, int err) {
    return error(errc::io_failed, "cannot " + std::string(what) + " the file '" + path.string() +
                                      "' to upload: " + std::strerror(err) + "; check that it exists and is readable");
}

// Reads segments in order. Sizes were taken when the body was opened, and a
// file that shrinks or grows while being sent fails the exchange instead of
// sending a body that disagrees with its Content-Length.
class segments_reader final : public body_reader {
public:
    segments_reader(std::shared_ptr<const body_source> owner, const std::vector<segment>& segments,
                    std::vector<std::uint64_t> file_sizes)
        : owner_(std::move(owner)), segments_(segments), file_sizes_(std::move(file_sizes)) {}

    result<std::size_t> read(std::span<char> out) override {
        std::size_t filled = 0;
        while (filled < out.size() && index_ < segments_.size()) {
            auto got = read_segment(out.subspan(filled));
            if (!got) return std::move(got).error();
            if (*got == 0) {
                next_segment();
                continue;
            }
            filled += *got;
        }
        return filled;
    }

private:
    result<std::size_t> read_segment(std::span<char> out) {
        const auto& seg = segments_[index_];
        if (!seg.file) {
            auto n = std::min(out.size(), seg.text.size() - offset_);
            std::memcpy(out.data(), seg.text.data() + offset_, n);
            offset_ += n;
            return n;
        }
        if (!file_) {
            file_.reset(std::fopen(seg.file->c_str(), "rb"));
            if (!file_) return file_error(*seg.file, "open", errno);
        }
        auto expected = file_sizes_[file_index_];
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), expected - offset_));
        if (want == 0) {
            if (std::fgetc(file_.get()) != EOF) return changed(*seg.file);
            return std::size_t{0};
        }
        auto n = std::fread(out.data(), 1, want, file_.get());
        if (n == 0) {
            if (std::ferror(file_.get())) return file_error(*seg.file, "read", errno);
            return changed(*seg.file);
        }
        offset_ += n;
        return n;
    }

    static error changed(const std::filesystem::path& path) {
        return error(errc::invalid_body, "the file '" + path.string() +
                                             "' changed size while it was being uploaded; upload a file that is "
                                             "not being written to");
    }

    void next_segment() {
        if (segments_[index_].file) {
            file_.reset();
            ++file_index_;
        }
        ++index_;
        offset_ = 0;
    }

    std::shared_ptr<const body_source> owner_;
    const std::vector<segment>& segments_;
    std::vector<std::uint64_t> file_sizes_;
    std::size_t index_ = 0;
    std::size_t file_index_ = 0;
    std::uint64_t offset_ = 0;
    file_ptr file_;
};

class stream_reader final : public body_reader {
public:
    stream_reader(std::shared_ptr<const body_source> owner, const std::function<result<std::size_t>(std::span<char>)>& read)
        : owner_(std::move(owner)), read_(read) {}
    result<std::size_t> read(std::span<char> out) override { return read_(out); }

private:
    std::shared_ptr<const body_source> owner_;
    const std::function<result<std::size_t>(std::span<char>)>& read_;
};

}  // namespace

result<opened_body> memory_source::open() const {
    return opened_body{std::make_unique<memory_reader>(shared_from_this(), data_), data_.size()};
}

result<opened_body> segments_source::open() const {
    std::uint64_t total = 0;
    std::vector<std::uint64_t> file_sizes;
    for (const auto& seg : segments_) {
        if (!seg.file) {
            total += seg.text.size();
            continue;
        }
        std::error_code ec;
        auto size = std::filesystem::file_size(*seg.file, ec);
        if (ec) {
            return error(errc::io_failed, "cannot read the file '" + seg.file->string() + "' to upload: " +
                                              ec.message() + "; check that it exists and is a readable regular file");
        }
        file_sizes.push_back(size);
        total += size;
    }
    return opened_body{std::make_unique<segments_reader>(shared_from_this(), segments_, std::move(file_sizes)), total};
}

result<opened_body> stream_source::open() const {
    if (opened_.exchange(true)) {
        return error(errc::invalid_body,
                     "this request's body is a one-shot stream that was already sent, so the request cannot be "
                     "replayed (retry or 307/308 redirect); use a replayable body (bytes, file) instead");
    }
    return opened_body{std::make_unique<stream_reader>(shared_from_this(), read_), size_};
}

}  // namespace tether::http::detail
