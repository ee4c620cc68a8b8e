// GET /healthz (the process answers) and GET /readyz (its dependencies answer too), for load
// balancers and orchestrators. Neither needs a session.
#include <boost/json.hpp>

#include "api/json_http.hpp"
#include "api/router.hpp"

namespace parley::api {
namespace json = boost::json;
namespace {

response healthz(const api_services&, const route_call& call) {
    return json_response(call.req, http::status::ok, {{"status", "ok"}});
}

/// Each dependency as "ok", "unavailable" or "not used" (Redis without --redis, files without
/// --files); 503 when one is unavailable, so a load balancer drains the node until it recovers.
response readyz(const api_services& s, const route_call& call) {
    const bool database = !s.rooms.ping().has_error();
    const bool uses_redis = !s.config.redis_url.empty();
    const bool redis = s.bus.healthy();
    const bool files = !s.files || s.files->writable();
    auto state = [](bool used, bool ok) { return !used ? "not used" : ok ? "ok" : "unavailable"; };
    json::object checks{{"database", state(true, database)},
                        {"redis", state(uses_redis, redis)},
                        {"files", state(s.files != nullptr, files)}};
    if (database && redis && files)
        return json_response(call.req, http::status::ok,
                             {{"status", "ready"}, {"checks", std::move(checks)}});
    const char* why = !database ? "the database is unavailable"
                      : !redis  ? "Redis is unavailable"
                                : "the file store cannot be written (is its disk full?)";
    return json_response(call.req, http::status::service_unavailable,
                         {{"status", "not_ready"},
                          {"checks", std::move(checks)},
                          {"error", {{"code", "not_ready"}, {"message", why}}}});
}

constexpr route routes[] = {
    {http::verb::get, "/healthz", healthz, nullptr, route_cost::instant},
    {http::verb::get, "/readyz", readyz, nullptr},
};

}  // namespace

std::span<const route> health_routes() { return routes; }

}  // namespace parley::api
