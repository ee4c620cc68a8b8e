#pragma once
// How stored records look in REST answers (camelCase, times in milliseconds).
#include <boost/json/object.hpp>

#include "store/types.hpp"

namespace parley::api {

/// The signed-in user's own view: includes the email.
[[nodiscard]] boost::json::object user_json(const store::user& u);
[[nodiscard]] boost::json::object group_json(const store::group& g);

}  // namespace parley::api
