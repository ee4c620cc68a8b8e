#pragma once
// Maps REST requests to their handlers; everything else falls through to static files.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.hpp"
#include "api/throttles.hpp"
#include "auth/accounts.hpp"
#include "bus/bus.hpp"
#include "bus/presence.hpp"
#include "config.hpp"
#include "files/file_service.hpp"
#include "store/accounts.hpp"
#include "store/message_log.hpp"
#include "store/rooms.hpp"

namespace parley::api {

/// What the REST handlers use; everything must outlive the router.
struct api_services {
    auth::accounts& auth;
    store::accounts& accounts;
    store::rooms& rooms;
    store::message_log& log;
    bus::bus& bus;  ///< membership changes are published as control events, for every node
    const bus::presence& presence;
    const server_config& config;
    rest_throttles& throttles;
    files::file_service* files = nullptr;  ///< uploads and downloads; null: no files stored
};

/// One matched request: the request and the values of its `:name` path segments, in order.
struct route_call {
    const request& req;
    std::vector<std::string> params;
    std::string_view client_ip;  ///< see client_address()
};

/// Answers one matched request. Handlers block on the store: they run on the blocking pool,
/// and never throw; every failure becomes a JSON error response.
using handler = response (*)(const api_services&, const route_call&);
/// The same for signed-in users: it runs only with a caller; others get 401 before it.
using user_handler = response (*)(const api_services&, const route_call&, const store::user&);

/// What a route's work costs, which decides where and in which queue it runs.
enum class route_cost {
    instant,     ///< no store, no waiting: answered on the network thread (liveness)
    store,       ///< a few rows: the blocking pool's interactive queue
    heavy_read,  ///< pages or searches: the blocking pool, taking turns between clients
    hashing,     ///< password hashing: the hashing pool
};

/// One entry of the dispatch table: exactly one of the two handlers is set.
struct route {
    http::verb method;
    std::string_view pattern;  ///< e.g. "/groups/:id"
    handler anyone = nullptr;
    user_handler signed_in = nullptr;
    route_cost cost = route_cost::store;
};

/// Each resource's routes, defined in its own file.
std::span<const route> auth_routes();
std::span<const route> profile_routes();
std::span<const route> tag_routes();
std::span<const route> group_routes();
std::span<const route> member_routes();
std::span<const route> direct_routes();
std::span<const route> read_routes();
/// GET /search.
std::span<const route> search_routes();
std::span<const route> health_routes();

/// The REST surface of docs/protocol.md plus the static web client.
///
/// handle() blocks on the database and on password hashing: call it from a worker thread.
/// It never throws; every failure becomes a JSON error response.
class router {
  public:
    explicit router(const api_services& services);

    /// Answers one request from `client_ip` (for per-address limits).
    [[nodiscard]] response handle(const request& req, std::string_view client_ip = {}) const;

    /// The cost of the route the request goes to (`store` for none).
    [[nodiscard]] route_cost cost_of(const request& req) const;

    /// "METHOD /path" of every REST route, for documentation checks.
    [[nodiscard]] std::vector<std::string> route_names() const;

    /// What the handlers use; the connection uses it for the routes it streams itself.
    [[nodiscard]] const api_services& services() const { return s_; }

  private:
    struct entry {
        route r;
        std::vector<std::string> segments;  ///< the pattern split once: "groups", ":id"
    };

    api_services s_;
    std::vector<entry> routes_;
    /// The first path segment of every route, and "ws": paths under them are the API's, never
    /// answered with the web client's index.html.
    std::vector<std::string> api_prefixes_;
};

}  // namespace parley::api
