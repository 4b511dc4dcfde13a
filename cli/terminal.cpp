#include "terminal.hpp"

#include <tether/core/redact.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <unistd.h>

namespace tether::cli {

namespace {

void indent(std::string& out, int depth) { out.append(static_cast<std::size_t>(depth) * 2, ' '); }

void pretty(const boost::json::value& v, std::string& out, int depth) {
    switch (v.kind()) {
        case boost::json::kind::object: {
            const auto& o = v.get_object();
            if (o.empty()) {
                out += "{}";
                return;
            }
            out += "{\n";
            bool first = true;
            for (const auto& [key, member] : o) {
                if (!first) out += ",\n";
                first = false;
                indent(out, depth + 1);
                out += boost::json::serialize(boost::json::value(key)) + ": ";
                pretty(member, out, depth + 1);
            }
            out += "\n";
            indent(out, depth);
            out += "}";
            return;
        }
        case boost::json::kind::array: {
            const auto& a = v.get_array();
            if (a.empty()) {
                out += "[]";
                return;
            }
            out += "[\n";
            for (std::size_t i = 0; i < a.size(); ++i) {
                if (i) out += ",\n";
                indent(out, depth + 1);
                pretty(a[i], out, depth + 1);
            }
            out += "\n";
            indent(out, depth);
            out += "]";
            return;
        }
        default:
            out += boost::json::serialize(v);
    }
}

std::string header_lines(const http::headers& fields) {
    std::string out;
    for (const auto& f : fields) {
        out += f.name + ": " + (is_sensitive_header(f.name) ? std::string(redacted_text) : f.value) + "\n";
    }
    return out;
}

}  // namespace

bool is_terminal(std::FILE* stream) noexcept {
    return ::isatty(::fileno(stream)) == 1;
}

std::string pretty_json(const boost::json::value& value) {
    std::string out;
    pretty(value, out, 0);
    return out;
}

std::string describe_request(const http::request& req) {
    std::string out = req.method() + " " + redact_url(req.url()) + "\n";
    out += header_lines(req.headers());
    return out;
}

std::string describe_response(const http::response& res) {
    std::string out = std::string(http::to_string(res.version())) + " " + std::to_string(res.status()) + " " +
                      std::string(res.reason()) + "\n";
    out += header_lines(res.headers());
    const auto& t = res.timings();
    char line[160];
    std::snprintf(line, sizeof line, "(%.1f ms: dns %.1f, connect %.1f, tls %.1f, first byte %.1f%s)\n",
                  static_cast<double>(t.total.count()) / 1000.0, static_cast<double>(t.dns.count()) / 1000.0,
                  static_cast<double>(t.connect.count()) / 1000.0, static_cast<double>(t.tls.count()) / 1000.0,
                  static_cast<double>(t.first_byte.count()) / 1000.0, t.reused_connection ? ", reused connection" : "");
    out += line;
    return out;
}

std::string printable_body(const http::response& res) {
    auto type = res.headers().get("Content-Type").value_or("");
    if (type.find("json") != std::string_view::npos) {
        boost::system::error_code ec;
        auto v = boost::json::parse(res.body(), ec);
        if (!ec) return pretty_json(v) + "\n";
    }
    return res.body();
}

std::string human_bytes(std::uint64_t bytes) {
    static constexpr const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(bytes);
    int unit = 0;
    while (v >= 1024 && unit < 4) {
        v /= 1024;
        ++unit;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", v, units[unit]);
    return buf;
}

void progress_bar::update(const http::progress& p) {
    std::lock_guard lock(mutex_);
    latest_ = p;
    auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    constexpr int width = 30;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const auto rate = elapsed > 0 ? static_cast<std::uint64_t>(static_cast<double>(p.transferred) / elapsed) : 0;
    std::string line = "\r";
    if (p.total && *p.total > 0) {
        const double done = std::min(1.0, static_cast<double>(p.transferred) / static_cast<double>(*p.total));
        const int filled = static_cast<int>(done * width);
        line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
                std::string(static_cast<std::size_t>(width - filled), ' ') + "] ";
        char pct[8];
        std::snprintf(pct, sizeof pct, "%3d%%", static_cast<int>(done * 100));
        line += std::string(pct) + "  " + human_bytes(p.transferred) + " / " + human_bytes(*p.total);
    } else {
        line += human_bytes(p.transferred);
    }
    line += "  " + human_bytes(rate) + "/s   ";
    std::fputs(line.c_str(), out_);
    std::fflush(out_);
}

void progress_bar::finish() {
    std::lock_guard lock(mutex_);
    if (drawn_) std::fputs("\n", out_);
}

}  // namespace tether::cli
