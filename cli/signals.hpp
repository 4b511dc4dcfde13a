#pragma once
// Ctrl-C and SIGTERM for a command-line program whose work runs on other
// threads: the signals are blocked everywhere and taken by sigwait.

#include <stop_token>

namespace tether::cli {

// Blocks SIGINT and SIGTERM in the calling thread and every thread it
// starts later. Call first thing in main.
void block_termination_signals();

// Waits for SIGINT or SIGTERM; returns the signal number.
int wait_for_termination_signal();

// Requests stop on `source` when SIGINT or SIGTERM arrives (from a
// background thread that lives until the process ends).
void stop_on_termination_signal(std::stop_source source);

}  // namespace tether::cli
