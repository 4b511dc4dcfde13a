// Per-request values for interceptors, by type.

#include <tether/http/request.hpp>
#include <tether/http/tags.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using tether::http::tags;

struct label {
    std::string text;
};

TEST(tags, hold_one_value_per_type) {
    tags t;
    EXPECT_TRUE(t.empty());
    EXPECT_EQ(t.get<label>(), nullptr);
    t.set(label{"first"}).set(42);
    ASSERT_NE(t.get<label>(), nullptr);
    EXPECT_EQ(t.get<label>()->text, "first");
    EXPECT_EQ(*t.get<int>(), 42);
    t.set(label{"second"});
    EXPECT_EQ(t.get<label>()->text, "second");
    EXPECT_EQ(t.get<long>(), nullptr) << "a different type, even a convertible one, is not found";
}

TEST(tags, travel_with_copies_of_the_request) {
    auto req = tether::http::request::get("http://h/");
    req.options().tags.set(label{"mine"});
    const auto copy = req;
    req.options().tags.set(label{"changed"});
    EXPECT_EQ(copy.options().tags.get<label>()->text, "mine") << "a copy keeps what it had";
    EXPECT_EQ(req.options().tags.get<label>()->text, "changed");
}

}  // namespace
