// `parley copy`: a populated SQLite installation moved to PostgreSQL (and back) answers every
// REST read identically, keeps going with new ids and seqs after the copied ones, and a copy
// into a database that is not empty is refused and changes nothing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/http_client.hpp"
#include "support/postgres_database.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

struct user_token {
    std::string name;
    std::string token;
};

/// Runs `parley copy`; returns its exit status, with its output in `log`.
int run_copy(const temp_dir& dir, const std::string& from, const std::string& to,
             std::string& log) {
    const std::string out = dir.file("copy.log");
    const std::string cmd = std::string(PARLEY_BINARY) + " copy --from '" + from + "' --to '" + to +
                            "' >'" + out + "' 2>&1";
    const int status = std::system(cmd.c_str());
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    log = text.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

user_token signup(unsigned short port, const std::string& name) {
    auto r = http_call(port, "POST", "/auth/register",
                       {{"username", name}, {"password", "pw-" + name + "-123"}});
    EXPECT_EQ(r.status, 201) << r.raw_body;
    return {name, std::string(r.body.at("token").as_string())};
}

json::value ok(http_reply r) {
    EXPECT_LT(r.status, 300) << r.raw_body;
    return r.body;
}

/// Sends `count` messages into `room` as `who` and waits for every ack.
void chat(unsigned short port, const user_token& who, std::int64_t room, int count) {
    ws_client ws(port, {{"Authorization", "Bearer " + who.token}});
    ws.send_json({{"type", "join"}, {"roomId", room}});
    ASSERT_TRUE(ws.next_of("joined"));
    for (int i = 0; i < count; ++i)
        ws.send_json(
            {{"type", "message"},
             {"roomId", room},
             {"text", who.name + " says " + std::to_string(i) + " — ünïcode ✓"},
             {"clientMsgId", who.name + "-" + std::to_string(room) + "-" + std::to_string(i)}});
    for (int i = 0; i < count; ++i) ASSERT_TRUE(ws.next_of("ack")) << "ack " << i;
}

/// A small installation: users with profiles and tags, public, private and direct rooms with
/// members and messages, a second session, one logged out.
std::vector<user_token> populate(unsigned short port, std::vector<std::int64_t>& rooms) {
    std::vector<user_token> users{signup(port, "alice"), signup(port, "bob"),
                                  signup(port, "carol")};
    const auto& [alice, bob, carol] = std::tie(users[0], users[1], users[2]);
    ok(http_call(port, "PATCH", "/profile", {{"nickname", "Ally"}, {"email", "alice@example.com"}},
                 alice.token));
    ok(http_call(port, "PATCH", "/profile", {{"nickname", "Bobby"}}, bob.token));
    for (const auto* tag : {"rust", "chess"})
        ok(http_call(port, "POST", "/profile/tags", {{"tag", tag}}, alice.token));
    ok(http_call(port, "POST", "/profile/tags", {{"tag", "rust"}}, bob.token));
    const auto town = ok(http_call(port, "POST", "/groups", {{"name", "Town square"}}, alice.token))
                          .at("id")
                          .as_int64();
    const auto secret =
        ok(http_call(port, "POST", "/groups", {{"name", "Secret"}, {"private", true}}, bob.token))
            .at("id")
            .as_int64();
    const auto gone =
        ok(http_call(port, "POST", "/groups", {{"name", "Gone"}}, carol.token)).at("id").as_int64();
    ok(http_call(port, "POST", "/groups/" + std::to_string(secret) + "/members",
                 {{"username", "carol"}}, bob.token));
    const auto direct = ok(http_call(port, "POST", "/direct", {{"username", "bob"}}, alice.token))
                            .at("id")
                            .as_int64();
    ok(http_call(port, "DELETE", "/groups/" + std::to_string(gone), nullptr, carol.token));
    chat(port, alice, town, 30);
    chat(port, bob, town, 20);
    chat(port, carol, secret, 5);
    chat(port, bob, direct, 3);
    // A second session for carol, and one of alice's logged out again.
    auto login = http_call(port, "POST", "/auth/login",
                           {{"username", "carol"}, {"password", "pw-carol-123"}});
    users.push_back({"carol (second session)", std::string(ok(login).at("token").as_string())});
    auto extra = http_call(port, "POST", "/auth/login",
                           {{"username", "alice"}, {"password", "pw-alice-123"}});
    const std::string logged_out(ok(extra).at("token").as_string());
    ok(http_call(port, "POST", "/auth/logout", nullptr, logged_out));
    users.push_back({"alice (logged out)", logged_out});
    rooms = {town, secret, direct, gone};
    return users;
}

/// Every REST read, as each user, in one text: two databases answer identically when equal.
std::string every_read(unsigned short port, const std::vector<user_token>& users,
                       const std::vector<std::int64_t>& rooms) {
    std::vector<std::string> targets{"/profile",   "/groups",          "/direct",
                                     "/tags",      "/tags/rust/users", "/users/alice",
                                     "/users/bob", "/nicknames?q=b"};
    for (auto room : rooms) {
        const auto id = std::to_string(room);
        for (const auto& t : {"/groups/" + id, "/groups/" + id + "/messages?limit=100",
                              "/groups/" + id + "/messages?limit=7&before=25"})
            targets.push_back(t);
    }
    std::string out;
    for (const auto& u : users)
        for (const auto& t : targets) {
            auto r = http_call(port, "GET", t, nullptr, u.token);
            out +=
                u.name + " GET " + t + " -> " + std::to_string(r.status) + " " + r.raw_body + "\n";
        }
    return out;
}

TEST(Copy, SqliteToPostgresAndBackAnswersEveryReadIdentically) {
    temp_dir dir;
    const std::string sqlite_url = "sqlite:" + dir.file("parley.db");
    std::vector<std::int64_t> rooms;
    std::vector<user_token> users;
    std::string before;
    {
        server_process server(PARLEY_BINARY, sqlite_url);
        users = populate(server.port(), rooms);
        before = every_read(server.port(), users, rooms);
        ASSERT_EQ(server.stop(), 0);
    }
    ASSERT_NE(before.find("alice says 29"), std::string::npos) << before;

    postgres_database postgres;
    std::string log;
    ASSERT_EQ(run_copy(dir, sqlite_url, postgres.url(), log), 0) << log;
    EXPECT_NE(log.find("copied 58 rows of messages"), std::string::npos) << log;
    {
        server_process server(PARLEY_BINARY, postgres.url());
        EXPECT_EQ(every_read(server.port(), users, rooms), before);
        // New rows continue after the copied ones: ids and the room's seq.
        auto dave = signup(server.port(), "dave");
        EXPECT_EQ(ok(http_call(server.port(), "GET", "/profile", nullptr, dave.token))
                      .at("id")
                      .as_int64(),
                  4);
        ws_client ws(server.port(), {{"Authorization", "Bearer " + users[0].token}});
        ws.send_json({{"type", "join"}, {"roomId", rooms[0]}});
        ASSERT_TRUE(ws.next_of("joined"));
        ws.send_json({{"type", "message"}, {"roomId", rooms[0]}, {"text", "after the move"}});
        auto m = ws.next_of("message");
        ASSERT_TRUE(m);
        EXPECT_EQ(m->at("message").at("seq").as_int64(), 51);
        EXPECT_GT(m->at("message").at("id").as_int64(), 58);
        ASSERT_EQ(server.stop(), 0);
    }

    // And back into a new SQLite file: a PostgreSQL installation can be exported the same way.
    const std::string back_url = "sqlite:" + dir.file("back.db");
    ASSERT_EQ(run_copy(dir, postgres.url(), back_url, log), 0) << log;
    server_process back(PARLEY_BINARY, back_url);
    auto after = every_read(back.port(), users, rooms);
    EXPECT_NE(after, before) << "dave and the new message should be there";
    EXPECT_NE(after.find("after the move"), std::string::npos);
}

TEST(Copy, ANonEmptyTargetIsRefusedAndLeftAsItWas) {
    temp_dir dir;
    const std::string source = "sqlite:" + dir.file("source.db");
    std::vector<std::int64_t> rooms;
    {
        server_process server(PARLEY_BINARY, source);
        populate(server.port(), rooms);
        ASSERT_EQ(server.stop(), 0);
    }
    postgres_database postgres;
    {
        server_process server(PARLEY_BINARY, postgres.url());
        signup(server.port(), "zed");
        ASSERT_EQ(server.stop(), 0);
    }
    std::string log;
    EXPECT_EQ(run_copy(dir, source, postgres.url(), log), 1);
    EXPECT_NE(log.find("is not empty"), std::string::npos) << log;
    server_process server(PARLEY_BINARY, postgres.url());
    auto zed = http_call(server.port(), "POST", "/auth/login",
                         {{"username", "zed"}, {"password", "pw-zed-123"}});
    EXPECT_EQ(zed.status, 200);
    auto alice = http_call(server.port(), "POST", "/auth/login",
                           {{"username", "alice"}, {"password", "pw-alice-123"}});
    EXPECT_EQ(alice.status, 401) << "rows were copied into a database that was not empty";
    EXPECT_EQ(run_copy(dir, source, "mysql://nowhere", log), 1);
    EXPECT_NE(log.find("unsupported database URL"), std::string::npos) << log;
}

}  // namespace
}  // namespace parley::testing
