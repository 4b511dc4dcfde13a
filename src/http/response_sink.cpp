#include <tether/http/response_sink.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace tether::http {

namespace {

bool is_success(int status) noexcept { return status >= 200 && status <= 299; }

class file_writer final : public body_writer {
public:
    file_writer(std::filesystem::path target, std::filesystem::path partial, std::FILE* file)
        : target_(std::move(target)), partial_(std::move(partial)), file_(file) {}

    ~file_writer() override {
        if (file_) {
            std::fclose(file_);
            std::error_code ignored;
            std::filesystem::remove(partial_, ignored);
        }
    }

    result<void> write(std::string_view chunk) override {
        if (std::fwrite(chunk.data(), 1, chunk.size(), file_) != chunk.size()) return failure("write to", errno);
        return {};
    }

    result<void> finish() override {
        auto* f = std::exchange(file_, nullptr);
        if (std::fclose(f) != 0) {
            std::error_code ignored;
            std::filesystem::remove(partial_, ignored);
            return failure("write to", errno);
        }
        std::error_code ec;
        std::filesystem::rename(partial_, target_, ec);
        if (ec) {
            std::filesystem::remove(partial_, ec);
            return error(errc::io_failed, "cannot move the downloaded file into place at '" + target_.string() +
                                              "': " + ec.message());
        }
        return {};
    }

private:
    error failure(std::string_view what, int err) const {
        return error(errc::io_failed, "cannot " + std::string(what) + " '" + partial_.string() +
                                          "': " + std::strerror(err) + "; check free space and permissions");
    }

    std::filesystem::path target_;
    std::filesystem::path partial_;
    std::FILE* file_;
};

class file_sink_impl final : public response_sink {
public:
    explicit file_sink_impl(std::filesystem::path path) : path_(std::move(path)) {}

    result<std::unique_ptr<body_writer>> open(int status, const headers&) override {
        if (!is_success(status)) return std::unique_ptr<body_writer>{};
        auto partial = path_;
        partial += ".part";
        std::FILE* f = std::fopen(partial.c_str(), "wb");
        if (!f) {
            return error(errc::io_failed, "cannot create '" + partial.string() + "' for the download: " +
                                              std::strerror(errno) + "; check that the directory exists and is writable");
        }
        return std::unique_ptr<body_writer>(std::make_unique<file_writer>(path_, std::move(partial), f));
    }

private:
    std::filesystem::path path_;
};

class callback_writer final : public body_writer {
public:
    explicit callback_writer(const std::function<bool(std::string_view)>& on_chunk) : on_chunk_(on_chunk) {}
    result<void> write(std::string_view chunk) override {
        if (!on_chunk_(chunk)) return error(errc::cancelled, "the body callback asked to stop the transfer");
        return {};
    }
    result<void> finish() override { return {}; }

private:
    const std::function<bool(std::string_view)>& on_chunk_;
};

class callback_sink_impl final : public response_sink {
public:
    explicit callback_sink_impl(std::function<bool(std::string_view)> on_chunk) : on_chunk_(std::move(on_chunk)) {}
    result<std::unique_ptr<body_writer>> open(int status, const headers&) override {
        if (!is_success(status)) return std::unique_ptr<body_writer>{};
        return std::unique_ptr<body_writer>(std::make_unique<callback_writer>(on_chunk_));
    }

private:
    std::function<bool(std::string_view)> on_chunk_;
};

}  // namespace

std::shared_ptr<response_sink> file_sink(std::filesystem::path path) {
    return std::make_shared<file_sink_impl>(std::move(path));
}

std::shared_ptr<response_sink> callback_sink(std::function<bool(std::string_view chunk)> on_chunk) {
    return std::make_shared<callback_sink_impl>(std::move(on_chunk));
}

}  // namespace tether::http
