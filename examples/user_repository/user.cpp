#include "user.hpp"

#include <boost/json.hpp>

namespace app {

user tag_invoke(boost::json::value_to_tag<user>, const boost::json::value& v) {
    const auto& o = v.as_object();  // throws on the wrong shape; json_as turns that into decode_failed
    return {o.at("id").as_int64(), std::string(o.at("name").as_string()), std::string(o.at("email").as_string())};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const new_user& u) {
    v = {{"name", u.name}, {"email", u.email}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const user& u) {
    v = {{"id", u.id}, {"name", u.name}, {"email", u.email}};
}

page<user> tag_invoke(boost::json::value_to_tag<page<user>>, const boost::json::value& v) {
    const auto& o = v.as_object();
    page<user> p;
    for (const auto& item : o.at("data").as_array()) p.items.push_back(boost::json::value_to<user>(item));
    p.number = static_cast<int>(o.at("page").as_int64());
    p.total = static_cast<int>(o.at("total").as_int64());
    return p;
}

}  // namespace app
