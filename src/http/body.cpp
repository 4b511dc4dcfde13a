#include <tether/http/body.hpp>

#include "body_source.hpp"
#include "form_encoding.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <random>

namespace tether::http {

namespace {

std::string random_boundary() {
    static constexpr std::string_view alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::string out = "tether-";
    for (int i = 0; i < 24; ++i) out += alphabet[pick(rng)];
    return out;
}

// A quoted-string in Content-Disposition: HTML's multipart/form-data
// encoding replaces '"', CR and LF with percent escapes (WHATWG HTML §4.10.21.8).
std::string quote_disposition(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
            case '"': out += "%22"; break;
            case '\r': out += "%0D"; break;
            case '\n': out += "%0A"; break;
            default: out += c;
        }
    }
    out += '"';
    return out;
}

}  // namespace

multipart_form::multipart_form() : boundary_(random_boundary()) {}

multipart_form& multipart_form::field(std::string name, std::string value) {
    parts_.push_back({std::move(name), std::nullopt, {}, std::move(value), std::nullopt});
    return *this;
}

multipart_form& multipart_form::file(std::string name, std::filesystem::path path, std::string content_type,
                                     std::optional<std::string> filename) {
    auto shown = filename ? std::move(*filename) : path.filename().string();
    parts_.push_back({std::move(name), std::move(shown), std::move(content_type), {}, std::move(path)});
    return *this;
}

multipart_form& multipart_form::bytes(std::string name, std::string data, std::string filename, std::string content_type) {
    parts_.push_back({std::move(name), std::move(filename), std::move(content_type), std::move(data), std::nullopt});
    return *this;
}

body body::bytes(std::string data, std::string content_type) {
    return body(std::make_shared<detail::memory_source>(std::move(data), std::move(content_type)));
}

body body::text(std::string text, std::string content_type) {
    return bytes(std::move(text), std::move(content_type));
}

body body::json(const boost::json::value& value) {
    return bytes(boost::json::serialize(value), "application/json");
}

body body::form(const std::vector<std::pair<std::string, std::string>>& fields) {
    return bytes(detail::form_urlencode(fields), "application/x-www-form-urlencoded");
}

body body::file(std::filesystem::path path, std::string content_type) {
    std::vector<detail::segment> segments;
    segments.push_back(detail::segment{{}, std::move(path)});
    return body(std::make_shared<detail::segments_source>(std::move(segments), std::move(content_type)));
}

body body::multipart(const multipart_form& form) {
    // RFC 7578 §4: each part is a boundary line, its headers, a blank line and
    // its content; the body ends with the closing delimiter.
    std::vector<detail::segment> segments;
    const std::string delimiter = "--" + form.boundary_;
    for (const auto& part : form.parts_) {
        std::string head = delimiter + "\r\nContent-Disposition: form-data; name=" + quote_disposition(part.name);
        if (part.filename) head += "; filename=" + quote_disposition(*part.filename);
        head += "\r\n";
        if (!part.content_type.empty()) head += "Content-Type: " + part.content_type + "\r\n";
        head += "\r\n";
        if (part.path) {
            segments.push_back({std::move(head), std::nullopt});
            segments.push_back({{}, part.path});
            segments.push_back({"\r\n", std::nullopt});
        } else {
            segments.push_back({head + part.data + "\r\n", std::nullopt});
        }
    }
    segments.push_back({delimiter + "--\r\n", std::nullopt});
    return body(std::make_shared<detail::segments_source>(std::move(segments),
                                                          "multipart/form-data; boundary=" + form.boundary_));
}

body body::stream(std::function<result<std::size_t>(std::span<char>)> read, std::optional<std::uint64_t> size,
                  std::string content_type) {
    return body(std::make_shared<detail::stream_source>(std::move(read), size, std::move(content_type)));
}

const std::string& body::content_type() const noexcept {
    static const std::string none;
    return source_ ? source_->content_type() : none;
}

bool body::replayable() const noexcept {
    return !source_ || source_->replayable();
}

const std::string* body::in_memory() const noexcept {
    return source_ ? source_->in_memory() : nullptr;
}

result<opened_body> body::open() const {
    if (!source_) return opened_body{nullptr, 0};
    return source_->open();
}

}  // namespace tether::http
