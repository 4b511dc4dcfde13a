#include "content_decoder.hpp"

#include "content_decoder_codings.hpp"

#include <tether/core/errc.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tether::http::native {
namespace {

enum class coding { gzip, deflate, br };

// Each coding in a list costs a decompressor's memory and a server can list
// thousands; curl refuses more than 5 since CVE-2022-32206.
constexpr std::size_t max_codings = 5;

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) {
               return lower(x) == lower(y);
           });
}

std::string_view trim_whitespace(std::string_view s) noexcept {
    const std::size_t first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::optional<coding> coding_named(std::string_view name) noexcept {
    // x-gzip is gzip's old name, which RFC 9110 §8.4.1.3 asks recipients to accept.
    if (equals_ignoring_case(name, "gzip") || equals_ignoring_case(name, "x-gzip")) return coding::gzip;
    if (equals_ignoring_case(name, "deflate")) return coding::deflate;
    if (equals_ignoring_case(name, "br")) return coding::br;
    return std::nullopt;
}

// Calls `on_coding(name)` for each coding of a Content-Encoding value, in the
// order the server applied them, until it returns false. Empty list elements
// are skipped (RFC 9110 §5.6.1) and so is "identity", which changes nothing.
template <class OnCoding>
void for_each_coding(std::string_view value, OnCoding&& on_coding) {
    for (;;) {
        const std::size_t comma = value.find(',');
        const std::string_view name = trim_whitespace(value.substr(0, comma));
        if (!name.empty() && !equals_ignoring_case(name, "identity") && !on_coding(name)) return;
        if (comma == std::string_view::npos) return;
        value.remove_prefix(comma + 1);
    }
}

std::unique_ptr<content_decoder> make_decoder(coding c) {
    switch (c) {
        case coding::gzip: return make_gzip_decoder();
        case coding::deflate: return make_deflate_decoder();
        case coding::br: return make_brotli_decoder();
    }
    return nullptr;
}

error unknown_coding_error(std::string_view name) {
    constexpr std::size_t longest_shown = 64;
    const std::string shown =
        name.size() > longest_shown ? std::string(name.substr(0, longest_shown)) + "..." : std::string(name);
    return error(errc::protocol_violation,
                 "the response is encoded with '" + shown +
                     "', which tether cannot decode; ask the server for gzip, deflate, br or identity "
                     "(the Accept-Encoding request header says which codings the client accepts)");
}

error too_many_codings_error() {
    return error(errc::protocol_violation,
                 "the response's Content-Encoding lists more than " + std::to_string(max_codings) +
                     " codings, which tether refuses to undo (as curl does); the server is misconfigured");
}

// Undoes the codings in turn, the last one applied first, each stage's output
// the next stage's input; remembers the first failure.
class decoding_pipeline final : public content_decoder {
public:
    explicit decoding_pipeline(std::vector<std::unique_ptr<content_decoder>> stages) : stages_(std::move(stages)) {}

    result<void> decode(std::string_view encoded, const decoded_bytes_sink& out) override {
        if (failure_) return *failure_;
        return remember(decode_from(0, encoded, out));
    }

    result<void> finish(const decoded_bytes_sink& out) override {
        if (failure_) return *failure_;
        return remember(finish_from(0, out));
    }

private:
    result<void> decode_from(std::size_t stage, std::string_view encoded, const decoded_bytes_sink& out) {
        if (stage + 1 == stages_.size()) return stages_[stage]->decode(encoded, out);
        return stages_[stage]->decode(encoded, next_stage(stage, out));
    }

    // A stage finishes once the stage before it has handed on its last bytes.
    result<void> finish_from(std::size_t stage, const decoded_bytes_sink& out) {
        if (stage + 1 == stages_.size()) return stages_[stage]->finish(out);
        if (auto r = stages_[stage]->finish(next_stage(stage, out)); !r) return r;
        return finish_from(stage + 1, out);
    }

    decoded_bytes_sink next_stage(std::size_t stage, const decoded_bytes_sink& out) {
        return [this, stage, &out](std::string_view piece) { return decode_from(stage + 1, piece, out); };
    }

    result<void> remember(result<void> r) {
        if (!r) failure_ = r.error();
        return r;
    }

    std::vector<std::unique_ptr<content_decoder>> stages_;
    std::optional<error> failure_;
};

}  // namespace

bool can_decode(std::string_view content_encoding) noexcept {
    bool decodable = true;
    std::size_t count = 0;
    for_each_coding(content_encoding, [&](std::string_view name) {
        decodable = coding_named(name).has_value() && ++count <= max_codings;
        return decodable;
    });
    return decodable;
}

result<std::unique_ptr<content_decoder>> make_content_decoder(std::string_view content_encoding) {
    std::vector<coding> applied;
    std::optional<error> failure;
    for_each_coding(content_encoding, [&](std::string_view name) {
        const std::optional<coding> c = coding_named(name);
        if (!c) failure = unknown_coding_error(name);
        else if (applied.size() == max_codings) failure = too_many_codings_error();
        else applied.push_back(*c);
        return !failure;
    });
    if (failure) return *std::move(failure);
    if (applied.empty()) return std::unique_ptr<content_decoder>();

    std::vector<std::unique_ptr<content_decoder>> stages;
    for (auto c = applied.rbegin(); c != applied.rend(); ++c) stages.push_back(make_decoder(*c));
    return std::unique_ptr<content_decoder>(std::make_unique<decoding_pipeline>(std::move(stages)));
}

error corrupt_body_error(std::string_view coding, std::string_view detail) {
    return error(errc::protocol_violation, "the response body is not valid " + std::string(coding) + " data (" +
                                               std::string(detail) +
                                               "); the server sent a corrupt or truncated body (a request "
                                               "with 'Accept-Encoding: identity' asks for it uncompressed)");
}

}  // namespace tether::http::native
