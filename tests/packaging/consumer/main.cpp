// Uses the installed headers and libraries: a request against a sandbox.
#include <tether/http.hpp>
#include <tether/testing/sandbox.hpp>

#include <iostream>

int main() {
    tether::testing::sandbox box;
    tether::http::client client({.base_url = box.url("/")});
    auto r = client.execute(tether::http::request::get("health"));
    if (!r) {
        std::cerr << r.error().to_string() << '\n';
        return 1;
    }
    std::cout << r->body() << '\n';
    return r->json().value().at("status") == "ok" ? 0 : 1;
}
