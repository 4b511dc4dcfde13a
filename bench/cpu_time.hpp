#pragma once
// CPU time the benchmark process has used, user + system.

#include <chrono>

#include <sys/resource.h>

namespace tether::bench {

// RUSAGE_SELF rather than RUSAGE_THREAD: if a client ever moved work to a
// helper thread (curl's threaded resolver, a private event loop), that work
// is still the client's cost and must not vanish from the per-request figure.
[[nodiscard]] inline std::chrono::nanoseconds process_cpu_time() noexcept {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    auto tv = [](const timeval& t) { return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec); };
    return tv(u.ru_utime) + tv(u.ru_stime);
}

}  // namespace tether::bench
