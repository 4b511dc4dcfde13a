#pragma once
// The app's own model, decoupled from the wire format.

#include <boost/json/fwd.hpp>
#include <boost/json/value_to.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace app {

struct user {
    std::int64_t id = 0;
    std::string name;
    std::string email;
};

// What creating a user needs: no id yet.
struct new_user {
    std::string name;
    std::string email;
};

template <class T>
struct page {
    std::vector<T> items;
    int number = 1;
    int total = 0;
};

// Boost.JSON conversions, found by argument-dependent lookup.
user tag_invoke(boost::json::value_to_tag<user>, const boost::json::value& v);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const new_user& u);
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const user& u);
page<user> tag_invoke(boost::json::value_to_tag<page<user>>, const boost::json::value& v);

}  // namespace app
