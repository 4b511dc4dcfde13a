// tether_reliability_bench: how reliably tether::http::client gets requests
// through a faulty backend, and whether it ever applies a non-idempotent
// effect twice. Starts the sandbox in-process with a fault mix (30 % 503,
// 10 % dropped connections, 5 % slow), sends a fixed number of requests
// kept `concurrency` in flight, over each transport, with the retry
// interceptor, without it, and with it but without idempotency keys.
// Not a test: it prints figures and targets, and never fails on them.
//
//   tether_reliability_bench [--requests 10000] [--concurrency 32] [--seed 1]
//                            [--transports curl,native]

#include "reliability_report.hpp"
#include "reliability_run.hpp"

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace tether;
using namespace tether::bench;

struct bench_args {
    int requests = 10'000;
    int concurrency = 32;
    std::uint64_t seed = 1;
    std::vector<http::transport_kind> transports{http::transport_kind::curl, http::transport_kind::native};
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "tether_reliability_bench: " << problem << "\n"
              << "usage: tether_reliability_bench [--requests 10000] [--concurrency 32] [--seed 1]\n"
              << "       [--transports curl,native]\n";
    std::exit(2);
}

template <class T>
T positive(const std::string& flag, const std::string& text) {
    T v{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v < 1) {
        usage(flag + " takes a positive whole number; got '" + text + "'");
    }
    return v;
}

std::vector<http::transport_kind> parse_transports(const std::string& list) {
    std::vector<http::transport_kind> out;
    std::stringstream in(list);
    for (std::string name; std::getline(in, name, ',');) {
        if (name == "curl") {
            out.push_back(http::transport_kind::curl);
        } else if (name == "native") {
            out.push_back(http::transport_kind::native);
        } else {
            usage("--transports takes curl and/or native; got '" + name + "'");
        }
    }
    if (out.empty()) usage("--transports names no transport");
    return out;
}

bench_args parse_args(int argc, char** argv) {
    bench_args args;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") usage("measures retries against the sandbox's fault mix");
        if (i + 1 >= argc) usage(flag + " needs a value");
        const std::string value = argv[++i];
        if (flag == "--requests") {
            args.requests = positive<int>(flag, value);
        } else if (flag == "--concurrency") {
            args.concurrency = positive<int>(flag, value);
        } else if (flag == "--seed") {
            args.seed = positive<std::uint64_t>(flag, value);
        } else if (flag == "--transports") {
            args.transports = parse_transports(value);
        } else {
            usage("unknown flag " + flag);
        }
    }
    return args;
}

reliability_config base_config(const bench_args& args) {
    reliability_config c;
    c.requests = args.requests;
    c.concurrency = args.concurrency;
    c.seed = args.seed;
    c.faults = testing::sandbox_fault_mix{.percent_503 = 30,
                                          .percent_drop = 10,
                                          .percent_slow = 5,
                                          .slow_delay = std::chrono::milliseconds(300),
                                          .seed = args.seed};
    // About 40 % of attempts fail (503 or drop): 3 retries would leave
    // 0.4^4 = 2.6 % of requests failed; 6 leave 0.4^7 = 0.16 %, inside the
    // 99.5 % target. Short delays, since the faults are not load.
    c.policy.max_retries = 6;
    c.policy.base_delay = std::chrono::milliseconds(10);
    c.policy.max_delay = std::chrono::milliseconds(200);
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    const auto args = parse_args(argc, argv);
    const auto base = base_config(args);
    print_setup(std::cout, base);
    for (auto transport : args.transports) {
        std::vector<std::pair<reliability_config, reliability_result>> runs;
        for (auto mode : {resilience::retry_with_keys, resilience::none, resilience::retry_without_keys}) {
            auto config = base;
            config.transport = transport;
            config.mode = mode;
            std::cerr << "running " << to_string(transport) << " / " << to_string(mode) << " ..." << std::endl;
            runs.emplace_back(config, run_reliability(config));
        }
        std::cout << "\n";
        print_table_header(std::cout);
        for (const auto& [config, result] : runs) print_row(std::cout, config, result);
        for (const auto& [config, result] : runs) print_verdict(std::cout, config, result);
    }
    std::cout << "\nok %: requests whose final answer was 2xx. Latency: every request, failed ones included, from\n"
                 "send to final outcome, retries and backoff included. retries/req: as the retry interceptor counted\n"
                 "them; server/req: attempts the sandbox received per request (a transport's own resends show up\n"
                 "only here). orders: orders the sandbox applied; dup effects: orders applied twice (same\n"
                 "client_order_id).\n";
    return 0;
}
