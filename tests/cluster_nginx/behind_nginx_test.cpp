// Three real nodes behind nginx (scripts/cluster.sh starts them, with PostgreSQL and Redis, and
// runs this program): clients spread over the nodes by round-robin chat in one room and every
// client sees every message exactly once, in seq order; when a node is killed mid-stream its
// clients reconnect through nginx to the others and catch up with nothing lost or doubled; after
// a rolling restart of every node, new sockets get in at once. A file uploaded through one node is
// served, byte for byte, by every node (they share one files folder).
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/ws_client.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

/// nginx's port, from PARLEY_CLUSTER_URL (http://127.0.0.1:PORT).
unsigned short balancer_port() {
    const char* url = std::getenv("PARLEY_CLUSTER_URL");
    if (!url) throw std::runtime_error("run through scripts/cluster.sh");
    const std::string u(url);
    return static_cast<unsigned short>(std::stoi(u.substr(u.rfind(':') + 1)));
}

/// The nodes' own ports, in the order of node_pids().
std::vector<unsigned short> node_ports() {
    std::vector<unsigned short> out;
    std::istringstream in(std::getenv("PARLEY_CLUSTER_NODES") ? std::getenv("PARLEY_CLUSTER_NODES")
                                                              : "");
    for (unsigned short p; in >> p;) out.push_back(p);
    return out;
}

/// Nodes this program started in place of scripts/cluster.sh's (after a restart), by index;
/// they run until the program ends.
std::map<std::size_t, std::unique_ptr<server_process>>& replaced_nodes() {
    static std::map<std::size_t, std::unique_ptr<server_process>> nodes;
    return nodes;
}

/// The nodes' process ids, in the order of node_ports().
std::vector<pid_t> node_pids() {
    std::vector<pid_t> out;
    std::istringstream in(std::getenv("PARLEY_CLUSTER_PIDS") ? std::getenv("PARLEY_CLUSTER_PIDS")
                                                             : "");
    for (pid_t p; in >> p;) out.push_back(p);
    for (const auto& [i, node] : replaced_nodes())
        if (i < out.size()) out[i] = node->pid();
    return out;
}

struct member {
    std::string name, token;
};

/// Users registered through nginx, all in one new room.
struct room_setup {
    std::vector<member> members;
    std::int64_t room = 0;
};

room_setup make_room(unsigned short port, const std::string& tag, int people) {
    room_setup s;
    for (int i = 0; i < people; ++i) {
        const std::string name = tag + std::to_string(i);
        auto r = http_call(port, "POST", "/auth/register",
                           {{"username", name}, {"password", "password123"}});
        if (r.status != 201) throw std::runtime_error("register: " + r.raw_body);
        s.members.push_back({name, std::string(r.body.at("token").as_string())});
    }
    auto g = http_call(port, "POST", "/groups", {{"name", tag}}, s.members[0].token);
    if (g.status != 201) throw std::runtime_error("group: " + g.raw_body);
    s.room = g.body.at("id").as_int64();
    return s;
}

std::unique_ptr<ws_client> open(unsigned short port, const member& m) {
    return std::make_unique<ws_client>(
        port, std::map<std::string, std::string>{{"Authorization", "Bearer " + m.token}});
}

TEST(BehindNginx, APageServedThroughItMayOpenTheWebSocketAndOthersMayNot) {
    const auto port = balancer_port();
    auto s = make_room(port, "origin", 1);
    const std::string own = std::getenv("PARLEY_CLUSTER_URL");
    for (const auto& [origin, upgraded] :
         std::vector<std::pair<std::string, bool>>{{own, true}, {"http://evil.example", false}}) {
        ws_client c(port, {{"Authorization", "Bearer " + s.members[0].token}, {"Origin", origin}});
        EXPECT_EQ(c.handshake().upgraded, upgraded) << origin << ": " << c.handshake().status;
    }
}

TEST(BehindNginx, ClientsOnEveryNodeSeeEveryMessageOnceInSeqOrder) {
    const auto port = balancer_port();
    auto s = make_room(port, "spread", 6);
    std::vector<std::unique_ptr<ws_client>> clients;
    for (const auto& m : s.members) {
        clients.push_back(open(port, m));
        clients.back()->send_json({{"type", "join"}, {"roomId", s.room}});
        ASSERT_TRUE(clients.back()->next_of("joined"));
    }
    constexpr int each = 40;
    std::vector<std::thread> senders;
    for (std::size_t i = 0; i < clients.size(); ++i)
        senders.emplace_back([&, i] {
            for (int k = 0; k < each; ++k)
                clients[i]->send_json({{"type", "message"},
                                       {"roomId", s.room},
                                       {"text", s.members[i].name + "/" + std::to_string(k)}});
        });
    for (auto& t : senders) t.join();
    const int total = each * static_cast<int>(clients.size());
    std::vector<std::string> first_view;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        std::vector<std::string> view;
        for (int seq = 1; seq <= total; ++seq) {
            auto m = clients[i]->next_of("message", 10s);
            ASSERT_TRUE(m) << s.members[i].name << " stopped at seq " << seq - 1;
            ASSERT_EQ(m->at("message").at("seq").as_int64(), seq) << s.members[i].name;
            view.emplace_back(m->at("message").at("text").as_string());
        }
        EXPECT_TRUE(clients[i]->silent_for(200ms)) << s.members[i].name << " got a message twice";
        if (i == 0)
            first_view = view;
        else
            EXPECT_EQ(view, first_view) << s.members[i].name << " saw another stream";
    }
}

/// "name:on name:off ..." from a member list ("user" in frames, "username" in REST).
std::string online_flags(const json::array& members, const char* name_key) {
    std::string out;
    for (const auto& m : members)
        out +=
            std::string(m.at(name_key).as_string()) + (m.at("online").as_bool() ? ":on " : ":off ");
    return out;
}

TEST(BehindNginx, PresenceIsTheSameFromEveryNode) {
    const auto port = balancer_port();
    auto s = make_room(port, "presence", 6);
    std::vector<std::unique_ptr<ws_client>> clients;  // round-robin: two on each node
    for (const auto& m : s.members) {
        clients.push_back(open(port, m));
        clients.back()->send_json({{"type", "join"}, {"roomId", s.room}});
        ASSERT_TRUE(clients.back()->next_of("joined"));
    }
    const std::string everyone =
        "presence0:on presence1:on presence2:on presence3:on "
        "presence4:on presence5:on ";
    for (std::size_t i = 0; i < clients.size(); ++i) {
        std::string flags;
        for (int attempt = 0; attempt < 50 && flags != everyone; ++attempt) {
            if (attempt > 0) std::this_thread::sleep_for(20ms);
            clients[i]->send_json({{"type", "list"}, {"roomId", s.room}});
            auto list = clients[i]->next_of("list");
            ASSERT_TRUE(list);
            flags = online_flags(list->at("members").as_array(), "user");
        }
        EXPECT_EQ(flags, everyone) << s.members[i].name << "'s node sees other presence";
    }
    for (auto node : node_ports()) {
        auto r = http_call(node, "GET", "/groups/" + std::to_string(s.room), nullptr,
                           s.members[0].token);
        ASSERT_EQ(r.status, 200) << r.raw_body;
        EXPECT_EQ(online_flags(r.body.at("members").as_array(), "username"), everyone)
            << "REST on the node at port " << node;
    }
}

/// Whether something accepts connections on 127.0.0.1:port.
bool listening(unsigned short port) {
    try {
        http_call(port, "GET", "/healthz");
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

/// A socket through nginx, within `limit`: nullptr if none got in (502 while nginx counts every
/// node as failed).
std::unique_ptr<ws_client> open_within(unsigned short port, const member& m,
                                       std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    do {
        try {
            auto c = open(port, m);
            if (c->handshake().upgraded) return c;
        } catch (const std::exception&) {
        }
        std::this_thread::sleep_for(50ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return nullptr;
}

// Runs before the kill below, which leaves a node dead. Restarts the three nodes one after
// the other on their ports, as an operator's rolling upgrade does, while sockets opened
// through nginx meanwhile stay open (a WebSocket that tested a node holds nginx's failure
// accounting of it for as long as it lives).
TEST(BehindNginx, AFileUploadedThroughOneNodeIsServedByEveryNode) {
    const auto lb = balancer_port();
    auto s = make_room(lb, "filer", 2);
    ASSERT_EQ(http_call(lb, "POST", "/groups/" + std::to_string(s.room) + "/members",
                        {{"username", s.members[1].name}}, s.members[1].token)
                  .status,
              201);
    std::string big;
    for (int i = 0; i < 3 * 1024 * 1024; ++i) big += static_cast<char>(i * 131 % 256);
    // Through nginx (streamed on to one node), and straight to the first node.
    auto through = http_upload(lb, s.room, {{"big.bin", big}}, s.members[0].token);
    ASSERT_EQ(through.status, 201) << through.raw_body;
    auto direct =
        http_upload(node_ports().front(), s.room, {{"small.txt", "small"}}, s.members[1].token);
    ASSERT_EQ(direct.status, 201) << direct.raw_body;
    const std::string big_url(through.body.at("files").at(0).at("url").as_string());
    const std::string small_url(direct.body.at("files").at(0).at("url").as_string());
    for (auto port : node_ports()) {
        for (const auto& [url, bytes] :
             {std::pair{big_url, big}, {small_url, std::string("small")}}) {
            auto got = http_with_headers(port, "GET", url,
                                         {{"Authorization", "Bearer " + s.members[1].token}});
            ASSERT_EQ(got.status, 200) << "node on port " << port;
            EXPECT_TRUE(got.raw_body == bytes) << "node on port " << port << ", " << url;
        }
    }
    auto ranged = http_with_headers(
        lb, "GET", big_url,
        {{"Authorization", "Bearer " + s.members[0].token}, {"Range", "bytes=1000-1999"}});
    EXPECT_EQ(ranged.status, 206);
    EXPECT_TRUE(ranged.raw_body == big.substr(1000, 1000));
}

TEST(BehindNginx, NewSocketsGetInWithinSecondsOfARollingRestart) {
    const auto port = balancer_port();
    const auto pids = node_pids();
    const auto nodes = node_ports();
    ASSERT_EQ(nodes.size(), 3u);
    const char* bin = std::getenv("PARLEY_BIN");
    const char* pg = std::getenv("PARLEY_TEST_PG");
    const char* redis = std::getenv("PARLEY_TEST_REDIS");
    const char* prefix = std::getenv("PARLEY_CLUSTER_REDIS_PREFIX");
    ASSERT_TRUE(bin && pg && redis && prefix) << "run through scripts/cluster.sh";
    auto s = make_room(port, "rolling", 1);
    std::vector<std::unique_ptr<ws_client>> held;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        ::kill(pids[i], SIGTERM);
        for (int t = 0; t < 200 && listening(nodes[i]); ++t) std::this_thread::sleep_for(50ms);
        ASSERT_FALSE(listening(nodes[i])) << "node " << i << " did not stop";
        // While it is down, new sockets go to the others.
        for (int k = 0; k < 4; ++k) {
            auto c = open_within(port, s.members[0], 3s);
            ASSERT_TRUE(c) << "no socket got in with node " << i << " down";
            held.push_back(std::move(c));
        }
        replaced_nodes()[i] = std::make_unique<server_process>(
            bin, pg, nodes[i],
            std::vector<std::string>{"--host", "127.0.0.1", "--redis", redis, "--redis-prefix",
                                     prefix, "--threads", "2", "--trust-proxy", "--files",
                                     std::getenv("PARLEY_CLUSTER_FILES")});
    }
    // All three are back: every new socket gets in within seconds, at once and again after
    // nginx's fail_timeout (when a node it counted as failed gets one test request, which a
    // WebSocket keeps open).
    held.clear();
    const auto back = std::chrono::steady_clock::now();
    for (const auto pause : {0s, 11s}) {
        std::this_thread::sleep_for(pause);
        for (int k = 0; k < 9; ++k) {
            auto c = open_within(port, s.members[0], 2s);
            ASSERT_TRUE(c)
                << "socket " << k << " got no node "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - back).count()
                << " s after the restart";
            held.push_back(std::move(c));
        }
    }
    // Every one of them chats: one message reaches all.
    for (auto& c : held) c->send_json({{"type", "join"}, {"roomId", s.room}});
    for (auto& c : held) ASSERT_TRUE(c->next_of("joined"));
    held.front()->send_json({{"type", "message"}, {"roomId", s.room}, {"text", "after"}});
    for (auto& c : held) EXPECT_TRUE(c->next_of("message")) << "a socket heard nothing";
}

TEST(BehindNginx, ClientsOfAKilledNodeReconnectAndCatchUpWithNothingLostOrDoubled) {
    const auto port = balancer_port();
    const auto pids = node_pids();
    ASSERT_EQ(pids.size(), 3u);
    const auto nodes = node_ports();
    ASSERT_EQ(nodes.size(), 3u);
    auto s = make_room(port, "survive", 8);
    constexpr std::size_t writers = 6;
    constexpr int each = 60;
    // Beside the writers: a user only on the node that dies, and one who watches from another.
    const member& ghost = s.members[6];
    auto observer = open(nodes[0], s.members[7]);
    auto on_victim = open(nodes[1], ghost);
    for (auto* c : {observer.get(), on_victim.get()}) {
        c->send_json({{"type", "join"}, {"roomId", s.room}});
        ASSERT_TRUE(c->next_of("joined"));
    }
    std::chrono::steady_clock::time_point killed_at;
    std::atomic<bool> killed{false};
    std::vector<std::map<std::int64_t, std::string>> views(writers);
    std::vector<std::set<std::string>> acked(writers);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < writers; ++i)
        threads.emplace_back([&, i] {
            const auto deadline = std::chrono::steady_clock::now() + 60s;
            auto& view = views[i];
            while (std::chrono::steady_clock::now() < deadline) {
                std::unique_ptr<ws_client> c;
                try {
                    c = open(port, s.members[i]);
                } catch (const std::exception&) {
                    std::this_thread::sleep_for(100ms);
                    continue;
                }
                if (!c->handshake().upgraded) {
                    std::this_thread::sleep_for(100ms);
                    continue;
                }
                const std::int64_t since = view.empty() ? 0 : view.rbegin()->first;
                c->send_json({{"type", "join"}, {"roomId", s.room}, {"since", since}});
                bool joined = false;
                std::set<std::string> in_flight;  // sent on this connection, not yet acked
                for (;;) {
                    // What was not acknowledged is sent again: a clientMsgId is stored once.
                    for (int k = 0; joined && k < each && in_flight.size() < 10; ++k) {
                        const auto id = s.members[i].name + "-" + std::to_string(k);
                        if (acked[i].contains(id) || in_flight.contains(id)) continue;
                        c->send_json({{"type", "message"},
                                      {"roomId", s.room},
                                      {"text", id},
                                      {"clientMsgId", id}});
                        in_flight.insert(id);
                    }
                    auto v = c->next(1s);
                    if (!v) {
                        if (c->wait_closed(0ms)) break;  // its node died: reconnect
                        if (joined && acked[i].size() == each && view.size() == writers * each)
                            return;
                        continue;
                    }
                    const std::string type(v->at("type").as_string());
                    if (type == "joined" || type == "history") {
                        joined = true;
                        const auto& list = v->at(type == "joined" ? "history" : "messages");
                        for (const auto& m : list.as_array())
                            view[m.at("seq").as_int64()] = std::string(m.at("text").as_string());
                        if (v->at("hasMore").as_bool())
                            c->send_json({{"type", "history"},
                                          {"roomId", s.room},
                                          {"afterSeq", view.rbegin()->first}});
                    } else if (type == "message") {
                        const auto& m = v->at("message");
                        view[m.at("seq").as_int64()] = std::string(m.at("text").as_string());
                    } else if (type == "ack") {
                        const std::string id(v->at("clientMsgId").as_string());
                        acked[i].insert(id);
                        in_flight.erase(id);
                    } else if (type == "error" && v->as_object().contains("clientMsgId")) {
                        in_flight.erase(std::string(v->at("clientMsgId").as_string()));
                    }
                    if (i == 0 && view.size() > 60 && !killed.exchange(true)) {
                        killed_at = std::chrono::steady_clock::now();
                        ::kill(pids[1], SIGKILL);  // one of the three nodes, mid-stream
                    }
                }
            }
        });
    for (auto& t : threads) t.join();
    ASSERT_TRUE(killed) << "the stream ended before a node was killed";
    // The writers moved to the survivors; the ghost was only on the dead node, and is gone.
    std::optional<json::value> left;
    while (!left && std::chrono::steady_clock::now() < killed_at + 30s) {
        left = observer->next_of("member_left", 1s);
        if (left && left->at("user").as_string() != ghost.name) left.reset();
    }
    ASSERT_TRUE(left) << "no member_left for " << ghost.name << " within 30 s of the kill";
    const auto after = std::chrono::steady_clock::now() - killed_at;
    EXPECT_LT(after, 30s);
    std::printf("member_left for the dead node's user %.1f s after the kill\n",
                std::chrono::duration<double>(after).count());
    for (std::size_t i = 0; i < views.size(); ++i) {
        EXPECT_EQ(acked[i].size(), static_cast<std::size_t>(each)) << s.members[i].name;
        ASSERT_EQ(views[i].size(), static_cast<std::size_t>(each) * writers)
            << s.members[i].name << " is missing messages";
        std::int64_t expected = 1;
        std::set<std::string> texts;
        for (const auto& [seq, text] : views[i]) {
            EXPECT_EQ(seq, expected++) << s.members[i].name << "'s seqs have a gap";
            EXPECT_TRUE(texts.insert(text).second) << text << " stored twice";
        }
        EXPECT_EQ(views[i], views[0]) << s.members[i].name << " saw another history";
    }
}

}  // namespace
}  // namespace parley::testing
