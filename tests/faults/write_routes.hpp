#pragma once
// Every REST route that changes state, called while the store refuses writes: each must answer
// an error (503 unavailable) and change nothing. The routes come from docs/openapi.yaml (which
// OpenApi.DescribesExactlyTheServersRoutes holds to the router), so a new write route without a
// case here fails the check instead of going unchecked.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "support/http_client.hpp"
#include "support/seed.hpp"
#include "support/test_server.hpp"

namespace parley::testing {

/// Every method other than GET of docs/openapi.yaml, as "METHOD /path/{param}".
inline std::set<std::string> write_routes_in_openapi() {
    std::set<std::string> out;
    const auto spec = YAML::LoadFile(std::string(PARLEY_SOURCE_DIR) + "/docs/openapi.yaml");
    for (const auto& path : spec["paths"])
        for (const auto& op : path.second) {
            auto method = op.first.as<std::string>();
            if (method == "get" || method == "parameters") continue;
            for (auto& ch : method) ch = static_cast<char>(std::toupper(ch));
            out.insert(method + " " + path.first.as<std::string>());
        }
    return out;
}

/// Every row of every table, in a stable order: what "changed nothing" compares.
inline std::string dump(store::bundle& db) {
    std::ostringstream out;
    auto done = db.export_rows(
        [&](const store::table& t, const std::vector<store::row>& rows) -> store::result<void> {
            for (const auto& r : rows) {
                out << t.name;
                for (const auto& v : r) out << '|' << (v ? *v : "NULL");
                out << '\n';
            }
            return {};
        },
        1000);
    EXPECT_FALSE(done.has_error()) << "the dump failed";
    return out.str();
}

/// Calls every write route while `break_store` holds, then checks with `dump_after` (which
/// reads the database as it is left) that each answered 503 and nothing changed.
inline void check_every_write_route_refused(test_server& server,
                                            const std::function<void()>& break_store,
                                            const std::function<std::string()>& dump_after) {
    const auto port = server.port();
    auto alice = server.signup("alice"), bob = server.signup("bob"), carol = server.signup("carol"),
         dave = server.signup("dave");
    const auto group = server.create_group(alice, "ops", true);
    const auto blocked = server.create_group(alice, "spam", true);
    const auto path = "/groups/" + std::to_string(group);
    ASSERT_EQ(http_call(port, "POST", path + "/members", {{"username", "bob"}}, alice.token).status,
              201);
    ASSERT_EQ(http_call(port, "POST", "/groups/" + std::to_string(blocked) + "/members",
                        {{"username", "dave"}}, alice.token)
                  .status,
              201);
    ASSERT_EQ(http_call(port, "POST", "/groups/" + std::to_string(blocked) + "/block", nullptr,
                        dave.token)
                  .status,
              200);
    ASSERT_EQ(http_call(port, "POST", "/profile/tags", {{"tag", "oncall"}}, alice.token).status,
              200);
    append_all(server.db().log(), {{group, alice.id, "alice", "hello", 1}});

    using call = std::function<http_reply()>;
    const std::map<std::string, call> cases{
        {"POST /auth/register",
         [&] {
             return http_call(port, "POST", "/auth/register",
                              {{"username", "newbie"}, {"password", "password123"}});
         }},
        {"POST /auth/login",
         [&] {
             return http_call(port, "POST", "/auth/login",
                              {{"username", "alice"}, {"password", "password123"}});
         }},
        {"POST /auth/logout",
         [&] { return http_call(port, "POST", "/auth/logout", nullptr, carol.token); }},
        {"POST /auth/logout-all",
         [&] { return http_call(port, "POST", "/auth/logout-all", nullptr, carol.token); }},
        {"POST /auth/password",
         [&] {
             return http_call(port, "POST", "/auth/password",
                              {{"currentPassword", "password123"}, {"newPassword", "another456"}},
                              alice.token);
         }},
        {"PATCH /profile",
         [&] {
             return http_call(port, "PATCH", "/profile", {{"nickname", "Al"}}, alice.token);
         }},
        {"DELETE /profile",
         [&] {
             return http_call(port, "DELETE", "/profile", {{"password", "password123"}},
                              carol.token);
         }},
        {"POST /profile/tags",
         [&] {
             return http_call(port, "POST", "/profile/tags", {{"tag", "new"}}, alice.token);
         }},
        {"DELETE /profile/tags/{tag}",
         [&] { return http_call(port, "DELETE", "/profile/tags/oncall", nullptr, alice.token); }},
        {"POST /groups",
         [&] {
             return http_call(port, "POST", "/groups", {{"name", "more"}}, alice.token);
         }},
        {"PATCH /groups/{id}",
         [&] {
             return http_call(port, "PATCH", path, {{"name", "renamed"}}, alice.token);
         }},
        {"DELETE /groups/{id}",
         [&] { return http_call(port, "DELETE", path, nullptr, alice.token); }},
        {"POST /groups/{id}/members",
         [&] {
             return http_call(port, "POST", path + "/members", {{"username", "carol"}},
                              alice.token);
         }},
        {"DELETE /groups/{id}/members/{username}",
         [&] { return http_call(port, "DELETE", path + "/members/bob", nullptr, bob.token); }},
        {"POST /groups/{id}/block",
         [&] { return http_call(port, "POST", path + "/block", nullptr, bob.token); }},
        {"DELETE /groups/{id}/block",
         [&] {
             return http_call(port, "DELETE", "/groups/" + std::to_string(blocked) + "/block",
                              nullptr, dave.token);
         }},
        {"POST /direct",
         [&] {
             return http_call(port, "POST", "/direct", {{"username", "carol"}}, alice.token);
         }},
        {"POST /files",
         [&] {
             return http_upload(port, group, {{"notes.txt", "notes"}}, alice.token);
         }},
        {"POST /groups/{id}/read",
         [&] {
             return http_call(port, "POST", path + "/read", {{"seq", 1}}, bob.token);
         }},
    };
    std::set<std::string> covered;
    for (const auto& [route, _] : cases) covered.insert(route);
    EXPECT_EQ(covered, write_routes_in_openapi()) << "a write route has no case here";

    const auto before = dump(server.db());
    break_store();
    for (const auto& [route, send] : cases) {
        const auto answer = send();
        // An upload whose bytes cannot be written (the disk is full) says so: 507.
        if (route == "POST /files" && answer.status == 507) {
            EXPECT_EQ(answer.body.at("error").at("code"), "insufficient_storage");
            continue;
        }
        EXPECT_EQ(answer.status, 503) << route << " answered " << answer.raw_body;
        if (answer.status == 503) {
            EXPECT_EQ(answer.body.at("error").at("code"), "unavailable") << route;
        }
    }
    EXPECT_EQ(dump_after(), before) << "a refused write changed the database";
}

}  // namespace parley::testing
