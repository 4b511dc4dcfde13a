#include "commands.hpp"
#include "exit_status.hpp"

#include <tether/core/server_certificates.hpp>

#include <charconv>
#include <cmath>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace tether::cli {

namespace {

struct pin_settings {
    std::string target;
    std::string ca_file;
    bool insecure = false;
    double timeout_seconds = 10;
};

struct host_and_port {
    std::string host;
    std::uint16_t port = 443;
};

// HOST, HOST:PORT, [IPv6]:PORT, a bare IPv6 address, or an https:// URL.
std::optional<host_and_port> parse_target(std::string text) {
    if (text.starts_with("https://")) text.erase(0, 8);
    if (auto slash = text.find('/'); slash != std::string::npos) text.erase(slash);
    host_and_port out;
    std::string port;
    if (text.starts_with("[")) {
        const auto close = text.find(']');
        if (close == std::string::npos) return std::nullopt;
        out.host = text.substr(1, close - 1);
        if (close + 1 < text.size()) {
            if (text[close + 1] != ':') return std::nullopt;
            port = text.substr(close + 2);
        }
    } else if (const auto colon = text.find(':');
               colon != std::string::npos && text.find(':', colon + 1) == std::string::npos) {
        out.host = text.substr(0, colon);
        port = text.substr(colon + 1);
    } else {
        out.host = text;  // a name, or an IPv6 address without brackets
    }
    if (out.host.empty()) return std::nullopt;
    if (!port.empty()) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) return std::nullopt;
        out.port = static_cast<std::uint16_t>(value);
    }
    return out;
}

void print_chain(const server_certificates& found) {
    for (std::size_t i = 0; i < found.chain.size(); ++i) {
        const auto& c = found.chain[i];
        std::cout << "  " << i << "  subject  " << c.subject << "\n"
                  << "     issuer   " << c.issuer << "\n"
                  << "     expires  " << c.not_after << "\n"
                  << "     pin      " << c.pin << "\n\n";
    }
}

void print_snippet(const std::string& host, const server_certificates& found) {
    std::cout << "Keep the pins of keys you mean to trust (the leaf's, or a CA's you control), and add a backup\n"
                 "pin (your next key) so that a rotation does not lock clients out:\n\n"
              << "    tls.pins.push_back({\"" << host << "\", {\n";
    for (const auto& c : found.chain) {
        std::cout << "        \"" << c.pin << "\",  // " << c.subject << (found.verified ? "" : " (UNVERIFIED)")
                  << "\n";
    }
    std::cout << "    }});\n";
}

int run(const pin_settings& s) {
    auto where = parse_target(s.target);
    if (!where) {
        std::cerr << "tether: '" << s.target << "' is not HOST, HOST:PORT or [IPv6]:PORT\n";
        return exit_usage;
    }
    tls_options tls;
    if (!s.ca_file.empty()) tls.ca_file = s.ca_file;
    tls.verify_peer = !s.insecure;
    const auto timeout = std::chrono::milliseconds(std::llround(s.timeout_seconds * 1000));
    auto found = fetch_server_certificates(where->host, where->port, tls, timeout);
    if (!found) {
        std::cerr << "tether: " << found.error().to_string() << '\n';
        if (found.error().code() == errc::tls_failed) {
            std::cerr << "tether: trust the server's CA with --ca-file FILE, or print its pins unverified with "
                         "--insecure\n";
        }
        return exit_status_for(found.error());
    }
    const auto name = where->host + ":" + std::to_string(where->port);
    if (found->verified) {
        std::cout << "Certificate chain of " << name << ", verified against "
                  << (s.ca_file.empty() ? std::string("the system's CAs") : "--ca-file " + s.ca_file) << ":\n\n";
    } else {
        const auto warning = "WARNING: the chain of " + name + " is NOT VERIFIED (" + found->verify_error +
                             "); anyone on the network path could have sent these certificates: confirm the pins "
                             "another way before trusting them.";
        std::cerr << "tether: " << warning << '\n';
        std::cout << warning << "\n\nCertificate chain of " << name << " as the server sent it (--insecure):\n\n";
    }
    print_chain(*found);
    print_snippet(where->host, *found);
    return exit_ok;
}

}  // namespace

command add_pin_command(CLI::App& app) {
    auto s = std::make_shared<pin_settings>();
    auto* cmd = app.add_subcommand("pin", "Print the public-key pins of a TLS server's certificate chain");
    cmd->add_option("target", s->target, "HOST[:PORT] (port 443 by default)")->required();
    cmd->add_option("--ca-file", s->ca_file, "Trust the CAs in this PEM file instead of the system's");
    cmd->add_flag("--insecure", s->insecure,
                  "Print the pins of a chain that does not verify, labelled as unverified (never to pin blindly)");
    cmd->add_option("--timeout", s->timeout_seconds, "Give up after this many seconds")->capture_default_str();
    cmd->footer("Exit status: 0 ok, 2 usage, 3 network (TLS included), 4 timeout, 1 other.");
    return [s, cmd]() -> int { return cmd->parsed() ? run(*s) : -1; };
}

}  // namespace tether::cli
