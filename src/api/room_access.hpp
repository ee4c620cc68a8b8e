#pragma once
// A room as one REST caller may see it: the one place REST applies chat::access_to.
#include <optional>
#include <string>
#include <string_view>

#include "api/router.hpp"
#include "failure.hpp"

namespace parley::api {

/// A room and the caller's role in it, if a member.
struct room_access {
    store::room room;
    std::optional<std::string> role;
};

/// The room `id_text` names, if `viewer` may know it exists: a private or direct room is
/// not_found (404) to non-members, exactly like a room that does not exist, so ids cannot be
/// probed. Blocking.
[[nodiscard]] outcome<room_access> room_for(const api_services& s, std::string_view id_text,
                                            store::id_t viewer);

}  // namespace parley::api
