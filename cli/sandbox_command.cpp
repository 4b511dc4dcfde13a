#include "commands.hpp"
#include "exit_status.hpp"
#include "signals.hpp"

#include <tether/testing/sandbox.hpp>

#include <fstream>
#include <iostream>
#include <memory>

namespace tether::cli {

namespace {

struct sandbox_settings {
    std::uint16_t port = 8080;
    std::string port_file;
    int seed_users = 25;
};

int run(const sandbox_settings& s) {
    std::unique_ptr<testing::sandbox> box;
    try {
        box = std::make_unique<testing::sandbox>(testing::sandbox_options{s.port, s.seed_users});
    } catch (const std::exception& e) {
        std::cerr << "tether: cannot start the sandbox on 127.0.0.1:" << s.port << ": " << e.what()
                  << "; is the port in use? try --port 0 for a free one\n";
        return exit_failure;
    }
    if (!s.port_file.empty()) {
        std::ofstream(s.port_file) << box->port() << '\n';
    }
    std::cout << "sandbox listening on " << box->url("") << "  (Ctrl-C to stop)" << std::endl;
    wait_for_termination_signal();
    std::cout << "sandbox stopped after " << box->server().request_count() << " requests" << std::endl;
    return exit_ok;
}

}  // namespace

command add_sandbox_command(CLI::App& app) {
    auto s = std::make_shared<sandbox_settings>();
    auto* cmd = app.add_subcommand("sandbox", "Run the local sandbox backend on 127.0.0.1");
    cmd->add_option("--port", s->port, "Port to listen on (0: any free port)")->capture_default_str();
    cmd->add_option("--port-file", s->port_file, "Write the port to this file once listening");
    cmd->add_option("--users", s->seed_users, "Users to create at start")->capture_default_str();
    return [s, cmd]() -> int { return cmd->parsed() ? run(*s) : -1; };
}

}  // namespace tether::cli
