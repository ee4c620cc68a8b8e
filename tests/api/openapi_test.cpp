// docs/openapi.yaml and the router describe the same routes, neither more nor less.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <regex>
#include <set>

#include "api/router.hpp"
#include "bus/local_bus.hpp"
#include "bus/shared_presence.hpp"
#include "store/sqlite/sqlite_bundle.hpp"

namespace parley::api {
namespace {

/// "METHOD /path/:param" for every operation in the spec (OpenAPI's {param} rewritten).
std::set<std::string> spec_routes() {
    const YAML::Node spec = YAML::LoadFile(std::string(PARLEY_SOURCE_DIR) + "/docs/openapi.yaml");
    std::set<std::string> out;
    for (const auto& path : spec["paths"]) {
        const std::string p =
            std::regex_replace(path.first.as<std::string>(), std::regex(R"(\{(\w+)\})"), ":$1");
        for (const auto& op : path.second) {
            std::string method = op.first.as<std::string>();
            if (method == "parameters") continue;
            std::transform(method.begin(), method.end(), method.begin(), ::toupper);
            out.insert(method + " " + p);
        }
    }
    return out;
}

std::set<std::string> router_routes() {
    std::string why;
    auto db = store::sqlite::sqlite_bundle::open(":memory:", why);
    bus::local_bus bus;
    boost::asio::io_context ioc;
    bus::shared_presence presence(bus, ioc.get_executor());
    server_config config;
    auth::accounts accounts(db->accounts());
    rest_throttles throttles(config.abuse);
    router r({accounts, db->accounts(), db->rooms(), db->log(), bus, presence, config, throttles});
    std::set<std::string> out;
    for (auto name : r.route_names()) {
        // The parameter names may differ; compare shapes.
        out.insert(std::regex_replace(name, std::regex(R"(:\w+)"), ":p"));
    }
    out.insert("GET /ws");  // the upgrade is served by the HTTP session, not the router
    return out;
}

std::set<std::string> shapes(const std::set<std::string>& routes) {
    std::set<std::string> out;
    for (const auto& r : routes) out.insert(std::regex_replace(r, std::regex(R"(:\w+)"), ":p"));
    return out;
}

TEST(OpenApi, DescribesExactlyTheServersRoutes) {
    const auto spec = shapes(spec_routes());
    const auto server = router_routes();
    for (const auto& r : server) EXPECT_TRUE(spec.contains(r)) << "not in docs/openapi.yaml: " << r;
    for (const auto& r : spec)
        EXPECT_TRUE(server.contains(r)) << "documented but not served: " << r;
    EXPECT_GT(server.size(), 20u);
}

}  // namespace
}  // namespace parley::api

namespace parley::api {
namespace {

TEST(OpenApi, DescribesTheVersionTheBinaryIs) {
    const YAML::Node spec = YAML::LoadFile(std::string(PARLEY_SOURCE_DIR) + "/docs/openapi.yaml");
    EXPECT_EQ(spec["info"]["version"].as<std::string>(), PARLEY_VERSION)
        << "docs/release.md: the version is set in CMakeLists.txt, and the spec follows it";
}

}  // namespace
}  // namespace parley::api
