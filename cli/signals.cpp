#include "signals.hpp"

#include <csignal>
#include <pthread.h>
#include <thread>

namespace tether::cli {

namespace {

sigset_t termination_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

}  // namespace

void block_termination_signals() {
    auto set = termination_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_termination_signal() {
    auto set = termination_signals();
    int sig = 0;
    sigwait(&set, &sig);
    return sig;
}

void stop_on_termination_signal(std::stop_source source) {
    std::thread([source]() mutable {
        wait_for_termination_signal();
        source.request_stop();
    }).detach();
}

}  // namespace tether::cli
