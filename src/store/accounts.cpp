#include "store/accounts.hpp"

#include <boost/json.hpp>

namespace parley::store {

std::string deleted_username(id_t user_id) { return "deleted user " + std::to_string(user_id); }

std::string json_array(const std::vector<std::string>& values) {
    boost::json::array out;
    out.reserve(values.size());
    for (const auto& v : values) out.emplace_back(v);
    return boost::json::serialize(out);
}

}  // namespace parley::store
