#include "api/views.hpp"

namespace parley::api {
namespace json = boost::json;

namespace {
json::value optional_json(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}
}  // namespace

json::object user_json(const store::user& u) {
    return {{"id", u.id},
            {"username", u.username},
            {"email", optional_json(u.email)},
            {"avatar", optional_json(u.avatar)},
            {"createdAt", u.created_at}};
}

json::object group_json(const store::group& g) {
    return {{"id", g.id},           {"name", g.name},           {"private", g.is_private},
            {"kind", g.kind},       {"createdBy", g.created_by}, {"createdAt", g.created_at}};
}

}  // namespace parley::api
