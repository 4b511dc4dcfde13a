// tether_http_bench: runs the in-process clients against one URL and prints
// one tab-separated row per client and concurrency. Not a test: it never
// fails on the figures. bench/run.sh starts the server and wrk around it.
//
//   tether_http_bench --url http://127.0.0.1:8080/json
//                     [--concurrency 1,16,64] [--seconds 3] [--warmup 0.5]
//                     [--clients tether,tether+3i,native,native+3i,raw-curl,raw-beast] [--no-header]

#include "loads.hpp"

#include <curl/curl.h>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace tether::bench;

struct bench_args {
    std::optional<bench_target> target;
    std::vector<int> concurrency{1};
    std::vector<std::string> clients{"tether", "tether+3i", "native", "native+3i", "raw-curl", "raw-beast"};
    double seconds = 3.0;
    double warmup = 0.5;
    bool header = true;
};

std::vector<std::string> split(const std::string& list) {
    std::vector<std::string> out;
    std::stringstream in(list);
    for (std::string item; std::getline(in, item, ',');) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "tether_http_bench: " << problem << "\n"
              << "usage: tether_http_bench --url http://IP:PORT/PATH [--concurrency 1,16,64]\n"
              << "       [--seconds 3] [--warmup 0.5] [--clients tether,tether+3i,native,native+3i,raw-curl,raw-beast] [--no-header]\n"
              << "  tether+Ni / native+Ni run the curl / native transport with N pass-through interceptors\n";
    std::exit(2);
}

double positive_seconds(const std::string& flag, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(v >= 0)) usage(flag + " takes seconds, e.g. 2.5; got '" + text + "'");
    return v;
}

int positive_int(const std::string& flag, const std::string& text) {
    int v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 1) {
        usage(flag + " takes positive integers, e.g. 1,16,64; got '" + text + "'");
    }
    return v;
}

bench_args parse_args(int argc, char** argv) {
    bench_args args;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") usage("measures HTTP clients against a local server");
        if (flag == "--no-header") {
            args.header = false;
            continue;
        }
        if (i + 1 >= argc) usage(flag + " needs a value");
        const std::string value = argv[++i];
        if (flag == "--url") {
            args.target = parse_target(value);
            if (!args.target) usage("--url must be http://<IP literal>:<port>/<path>; got '" + value + "'");
        } else if (flag == "--concurrency") {
            args.concurrency.clear();
            for (const auto& c : split(value)) args.concurrency.push_back(positive_int(flag, c));
        } else if (flag == "--seconds") {
            args.seconds = positive_seconds(flag, value);
        } else if (flag == "--warmup") {
            args.warmup = positive_seconds(flag, value);
        } else if (flag == "--clients") {
            args.clients = split(value);
        } else {
            usage("unknown flag " + flag);
        }
    }
    if (!args.target) usage("--url is required");
    if (args.concurrency.empty() || args.clients.empty()) usage("nothing to run");
    return args;
}

// "tether+3i" -> 3 (also "native+3i"); nullopt if `name` is not of that form.
std::optional<int> interceptor_count(const std::string& name) {
    const std::string prefix = name.starts_with("native") ? "native+" : "tether+";
    if (name.size() < prefix.size() + 2 || name.compare(0, prefix.size(), prefix) != 0 || name.back() != 'i') {
        return std::nullopt;
    }
    int n = 0;
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size() - 1;
    auto [end, ec] = std::from_chars(first, last, n);
    if (ec != std::errc() || end != last) return std::nullopt;
    return n;
}

load_result run_one(const std::string& client, const load_config& config) {
    const auto transport = client.starts_with("native") ? tether::http::transport_kind::native
                                                        : tether::http::transport_kind::curl;
    if (client == "tether" || client == "native") return run_tether_load(config, 0, transport);
    if (auto n = interceptor_count(client)) return run_tether_load(config, *n, transport);
    if (client == "raw-curl") return run_raw_curl_load(config);
    if (client == "raw-beast") return run_raw_beast_load(config);
    usage("unknown client '" + client + "'");
}

}  // namespace

int main(int argc, char** argv) {
    const auto args = parse_args(argc, argv);
    for (const auto& client : args.clients) {
        if (client != "tether" && client != "native" && client != "raw-curl" && client != "raw-beast" &&
            !interceptor_count(client)) {
            usage("unknown client '" + client + "'");
        }
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (args.header) print_tsv_header(std::cout);
    for (int c : args.concurrency) {
        for (const auto& client : args.clients) {
            load_config config;
            config.target = *args.target;
            config.concurrency = c;
            config.warmup = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(args.warmup));
            config.duration = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(args.seconds));
            const auto r = run_one(client, config);
            print_tsv_row(std::cout, r);
            if (r.failures > 0) {
                std::cerr << r.client << " c=" << c << ": " << r.failures << " failure(s); the first: " << r.first_error
                          << "\n";
            }
        }
    }
    curl_global_cleanup();
    return 0;
}
