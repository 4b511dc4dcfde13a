#pragma once
// The tether command's subcommands. Each registers its options on the app
// and returns the exit status when run.

#include <CLI/CLI.hpp>

#include <functional>

namespace tether::cli {

using command = std::function<int()>;

// tether request METHOD URL [items...]
command add_request_command(CLI::App& app);

// tether sandbox [--port N] [--port-file FILE]
command add_sandbox_command(CLI::App& app);

// tether pin HOST[:PORT] [--ca-file FILE] [--insecure]
command add_pin_command(CLI::App& app);

}  // namespace tether::cli
