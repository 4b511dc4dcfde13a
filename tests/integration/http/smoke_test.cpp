#include <tether/http/client.hpp>
#include <tether/testing/mock_server.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace tether;
using tether::testing::mock_response;
using tether::testing::mock_server;

TEST(smoke, get_returns_body) {
    mock_server server;
    server.enqueue(mock_response::text("hello"));
    http::client client;
    auto r = client.execute(http::request::get(server.url("/hi")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->status(), 200);
    EXPECT_EQ(r->body(), "hello");
    auto rec = server.take_request();
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->path, "/hi");
}

TEST(smoke, many_sequential) {
    mock_server server;
    server.route("GET", "/x", [](const auto&) { return mock_response::text("x"); });
    http::client client;
    for (int i = 0; i < 200; ++i) {
        auto r = client.execute(http::request::get(server.url("/x")));
        ASSERT_TRUE(r) << r.error().to_string();
    }
    EXPECT_EQ(server.connection_count(), 1u);
}

TEST(smoke, big_body) {
    mock_server server;
    std::string big(5 * 1024 * 1024, 'a');
    server.enqueue(mock_response().body(big));
    http::client client;
    auto r = client.execute(http::request::get(server.url("/big")));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->body().size(), big.size());
}
