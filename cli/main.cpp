// tether — HTTP from the command line, and a local sandbox backend.

#include "commands.hpp"
#include "exit_status.hpp"
#include "signals.hpp"

#include <vector>

int main(int argc, char** argv) {
    // Before any thread starts, so that every thread inherits the mask and
    // Ctrl-C reaches the one that waits for it.
    tether::cli::block_termination_signals();

    CLI::App app{"tether: talk to HTTP backends, resiliently"};
    app.require_subcommand(1);
    std::vector<tether::cli::command> commands{
        tether::cli::add_request_command(app),
        tether::cli::add_sandbox_command(app),
        tether::cli::add_pin_command(app),
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int status = app.exit(e);
        return status == 0 ? tether::cli::exit_ok : tether::cli::exit_usage;
    }
    for (const auto& run : commands) {
        if (int status = run(); status >= 0) return status;
    }
    return tether::cli::exit_usage;
}
