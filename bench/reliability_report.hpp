#pragma once
// The reliability benchmark's table: one row per run, the targets per row.

#include "reliability_run.hpp"

#include <iosfwd>

namespace tether::bench {

// What the issue asks of a client facing the fault mix.
inline constexpr double success_target_percent = 99.5;

void print_setup(std::ostream& out, const reliability_config& config);
void print_table_header(std::ostream& out);
void print_row(std::ostream& out, const reliability_config& config, const reliability_result& r);
// What the targets say about a run, and how its requests failed.
void print_verdict(std::ostream& out, const reliability_config& config, const reliability_result& r);

}  // namespace tether::bench
