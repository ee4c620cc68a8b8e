#pragma once
// Maps REST requests to their handlers; everything else falls through to static files.
#include <functional>
#include <string>
#include <vector>

#include "api/http_types.hpp"
#include "auth/accounts.hpp"
#include "chat/chat_service.hpp"
#include "chat/presence.hpp"
#include "config.hpp"
#include "store/store.hpp"

namespace parley::api {

/// One matched request: the request and the values of its `:name` path segments, in order.
struct route_call {
    const request& req;
    std::vector<std::string> params;
};

/// The REST surface of docs/protocol.md plus the static web client.
///
/// handle() blocks on the database and on password hashing: call it from a worker thread.
/// It never throws; every failure becomes a JSON error response.
class router {
public:
    router(auth::accounts& accounts, store::store& db, chat::chat_service& chat,
           const chat::presence& presence, const server_config& config);

    /// Answers one request.
    [[nodiscard]] response handle(const request& req) const;

    /// "METHOD /path" of every REST route, for documentation checks.
    [[nodiscard]] std::vector<std::string> route_names() const;

private:
    using handler = std::function<response(const route_call&)>;
    /// A handler for signed-in users; it runs only with a caller, others get 401 before it.
    using user_handler = std::function<response(const route_call&, const store::user&)>;
    struct route {
        http::verb method;
        std::string pattern;                ///< e.g. "/groups/:id"
        std::vector<std::string> segments;  ///< the pattern split once: "groups", ":id"
        handler run;
    };
    void add(http::verb method, std::string pattern, handler h);
    void add_signed_in(http::verb method, std::string pattern, user_handler h);
    void add_auth_routes();
    void add_profile_routes();
    void add_tag_routes();
    void add_group_routes();
    void add_member_routes();
    void add_direct_routes();

    /// A room as one caller may see it.
    struct room_access {
        store::group room;
        std::optional<std::string> role;  ///< the caller's role, if a member
    };

    /// The signed-in user of a request, or the 401 response to send instead.
    [[nodiscard]] outcome<store::user> caller(const request& req) const;
    /// The room `id_text` names, if `viewer` may know it exists: a private or direct room is
    /// not_found (404) to non-members, exactly like a room that does not exist.
    [[nodiscard]] outcome<room_access> access(std::string_view id_text, store::id_t viewer) const;
    [[nodiscard]] response with_session_cookie(response res, const std::string& token) const;

    auth::accounts& accounts_;
    store::store& db_;
    chat::chat_service& chat_;
    const chat::presence& presence_;
    const server_config& config_;
    std::vector<route> routes_;
};

}  // namespace parley::api
