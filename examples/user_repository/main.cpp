// A user repository over HTTP, against the sandbox (or a URL given as the
// first argument): create, read, list, update, delete, and what each typed
// error looks like to the app.
//
//   example_user_repository                       # starts its own sandbox
//   example_user_repository http://127.0.0.1:8080 # an already running one

#include "user_repository.hpp"

#include <tether/core/exceptions.hpp>
#include <tether/testing/sandbox.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <iostream>
#include <memory>

namespace {

using tether::errc;

// Returns how many steps did not behave as expected.
tether::task<int> walk_through(app::user_repository users) {
    int surprises = 0;
    auto expect = [&surprises](bool ok, std::string_view what) {
        std::cout << (ok ? "  ok    " : "  WRONG ") << what << '\n';
        if (!ok) ++surprises;
    };

    std::cout << "create a user\n";
    // A fresh address per run, so that the walk-through also works against
    // a backend that already has an Ada. Named before co_await: see
    // docs/coroutines.md (GCC 12 and brace-made temporaries).
    const std::string email = "ada." + std::to_string(std::chrono::system_clock::now().time_since_epoch().count()) +
                              "@example.com";
    const app::new_user lovelace{"Ada Lovelace", email};
    auto ada = co_await users.create(lovelace);
    expect(ada.has_value(), "created with an id");
    if (!ada) co_return surprises + 1;
    std::cout << "        id " << ada->id << ", " << ada->name << '\n';

    std::cout << "read it back\n";
    auto again = co_await users.get(ada->id);
    expect(again && again->email == email, "same email");

    std::cout << "list the first page\n";
    auto first = co_await users.list(1, 5);
    expect(first && first->items.size() <= 5 && first->total >= 1, "a page of at most five");
    if (first) std::cout << "        " << first->items.size() << " of " << first->total << " users\n";

    std::cout << "an invalid user is refused with field errors\n";
    const app::new_user nameless{"", "not-an-email"};
    auto invalid = co_await users.create(nameless);
    expect(!invalid && invalid.error().code() == errc::validation_failed, "validation_failed");
    if (!invalid) {
        for (const auto& f : invalid.error().field_errors()) std::cout << "        " << f.field << ": " << f.message << '\n';
    }

    std::cout << "a duplicate email conflicts\n";
    const app::new_user same_email{"Ada again", email};
    auto twin = co_await users.create(same_email);
    expect(!twin && twin.error().code() == errc::conflict, "conflict");

    std::cout << "update\n";
    app::user renamed = *ada;
    renamed.name = "Augusta Ada King";
    auto updated = co_await users.update(renamed);
    expect(updated && updated->name == "Augusta Ada King", "renamed");

    std::cout << "delete, then it is gone\n";
    auto removed = co_await users.remove(ada->id);
    expect(removed.has_value(), "deleted");
    auto gone = co_await users.get(ada->id);
    expect(!gone && gone.error().code() == errc::not_found, "not_found");

    std::cout << "callers who prefer exceptions catch the typed hierarchy\n";
    try {
        auto u = (co_await users.get(ada->id)).value();
        expect(false, "an exception");
        std::cout << u.name;
    } catch (const tether::not_found_error& e) {
        expect(e.status() == 404, "not_found_error with status 404");
        std::cout << "        " << e.what() << '\n';
    }
    co_return surprises;
}

}  // namespace

int main(int argc, char** argv) {
    std::unique_ptr<tether::testing::sandbox> local;
    std::string base = argc > 1 ? argv[1] : "";
    if (base.empty()) {
        local = std::make_unique<tether::testing::sandbox>();
        base = local->url("/");
        std::cout << "started a sandbox at " << base << "\n\n";
    }
    if (!base.ends_with('/')) base += '/';

    boost::asio::io_context io;
    tether::http::client_options options;
    options.base_url = base;
    options.total_timeout = std::chrono::seconds(10);
    app::user_repository users{tether::http::client(io.get_executor(), options)};

    auto surprises = boost::asio::co_spawn(io, walk_through(users), boost::asio::use_future);
    io.run();
    int n = surprises.get();
    std::cout << '\n' << (n == 0 ? "every step behaved as expected" : std::to_string(n) + " step(s) went wrong") << '\n';
    return n == 0 ? 0 : 1;
}
