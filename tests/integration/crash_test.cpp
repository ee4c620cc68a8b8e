// Issue 4's crash test: clients send thousands of messages, disconnecting at random and
// retrying what was not acknowledged, while the real server is killed with SIGKILL and
// restarted. Afterwards every client's view of the room equals the database's history.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "integration/helpers.hpp"
#include "store/bundle.hpp"
#include "support/server_process.hpp"
#include "support/test_database.hpp"

namespace parley::testing {
namespace {

constexpr int clients = 3;

/// 1,500 per client; the sanitizer preset, many times slower, scales it down with
/// PARLEY_TEST_LOAD (e.g. 0.2) so the same scenario fits its time limit.
int messages_per_client() {
    const char* load = std::getenv("PARLEY_TEST_LOAD");
    const double factor = load ? std::clamp(std::atof(load), 0.05, 1.0) : 1.0;
    return static_cast<int>(1500 * factor);
}
constexpr std::size_t window = 40;  // unacknowledged messages a client keeps in flight
constexpr auto test_deadline = std::chrono::seconds(120);

struct seen_message {
    std::int64_t id;
    std::string text;
};

/// One simulated user: what it must send, what was acknowledged, and its view of the room.
struct sim_client {
    account who;
    std::vector<std::string> ids;  // clientMsgIds in sending order
    std::set<std::string> acked;
    std::map<std::int64_t, seen_message> view;  // by seq
    std::int64_t contiguous = 0;                // every seq up to here is in view
    std::vector<std::string> problems;

    void merge(const json::value& m) {
        const auto seq = m.at("seq").as_int64();
        seen_message s{m.at("id").as_int64(), std::string(m.at("text").as_string())};
        auto [it, inserted] = view.emplace(seq, s);
        if (!inserted && it->second.id != s.id)
            problems.push_back("seq " + std::to_string(seq) + " named two messages");
        while (view.contains(contiguous + 1)) ++contiguous;
    }
};

/// Everything one connection does until it drops (or the client has nothing left to send).
/// Returns false if it could not connect.
bool run_connection(unsigned short port, sim_client& c, store::id_t room, std::mt19937& rng,
                    std::atomic<int>& total_acked, bool sending) {
    std::unique_ptr<ws_client> ws;
    try {
        ws = std::make_unique<ws_client>(
            port, std::map<std::string, std::string>{{"Authorization", "Bearer " + c.who.token}});
    } catch (const std::exception&) {
        return false;  // the server is down; try again
    }
    if (!ws->handshake().upgraded) return false;
    ws->send_json({{"type", "join"}, {"roomId", room}, {"since", c.contiguous}});
    std::set<std::string> in_flight;
    bool caught_up = false;
    for (;;) {
        if (sending && caught_up) {
            for (const auto& id : c.ids) {
                if (in_flight.size() >= window) break;
                if (c.acked.contains(id) || in_flight.contains(id)) continue;
                ws->send_json({{"type", "message"},
                               {"roomId", room},
                               {"text", "text of " + id},
                               {"clientMsgId", id}});
                in_flight.insert(id);
            }
        }
        if (sending && c.acked.size() == c.ids.size()) return true;
        auto v = ws->next(1s);
        if (!v) {
            if (ws->wait_closed(0ms)) return true;   // dropped: reconnect
            if (!sending && caught_up) return true;  // nothing more is coming
            continue;
        }
        const std::string type(v->at("type").as_string());
        if (type == "joined" || type == "history") {
            for (const auto& m : v->at(type == "joined" ? "history" : "messages").as_array())
                c.merge(m);
            if (v->at("hasMore").as_bool())
                ws->send_json({{"type", "history"}, {"roomId", room}, {"afterSeq", c.contiguous}});
            else
                caught_up = true;
        } else if (type == "message") {
            c.merge(v->at("message"));
        } else if (type == "ack") {
            const std::string id(v->at("clientMsgId").as_string());
            in_flight.erase(id);
            if (c.acked.insert(id).second) ++total_acked;
        } else if (type == "error") {
            if (v->as_object().contains("clientMsgId"))
                in_flight.erase(std::string(v->at("clientMsgId").as_string()));
        }
        if (sending && rng() % 400 == 0) return true;  // a random disconnect
    }
}

TEST(Crash, EveryAcknowledgedMessageSurvivesAKillAndNoneIsDuplicated) {
    test_database database;
    const std::string& db_url = database.url();
    auto server = std::make_unique<server_process>(PARLEY_BINARY, db_url);
    const unsigned short port = server->port();

    std::vector<sim_client> sims(clients);
    store::id_t room = 0;
    for (int i = 0; i < clients; ++i) {
        const std::string name = "user" + std::to_string(i);
        auto r = http_call(port, "POST", "/auth/register",
                           {{"username", name}, {"password", "password123"}});
        ASSERT_EQ(r.status, 201);
        sims[i].who = {r.body.at("user").at("id").as_int64(), name,
                       std::string(r.body.at("token").as_string())};
        for (int k = 0; k < messages_per_client(); ++k)
            sims[i].ids.push_back(name + "-" + std::to_string(k));
    }
    room = http_call(port, "POST", "/groups", {{"name", "crash"}}, sims[0].who.token)
               .body.at("id")
               .as_int64();

    const auto deadline = std::chrono::steady_clock::now() + test_deadline;
    std::atomic<int> total_acked{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i)
        threads.emplace_back([&, i] {
            std::mt19937 rng(static_cast<unsigned>(1000 + i));
            while (sims[i].acked.size() < sims[i].ids.size() &&
                   std::chrono::steady_clock::now() < deadline)
                if (!run_connection(port, sims[i], room, rng, total_acked, true))
                    std::this_thread::sleep_for(50ms);
        });

    // Kill the server once part of the traffic is through, then bring it back on the same port.
    const int total = clients * messages_per_client();
    while (total_acked < total * 2 / 5 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    server->kill_hard();
    const int acked_at_kill = total_acked;
    std::this_thread::sleep_for(200ms);
    server = std::make_unique<server_process>(PARLEY_BINARY, db_url, port);
    for (auto& t : threads) t.join();
    ASSERT_LT(acked_at_kill, total) << "the kill came after everything was sent";
    RecordProperty("acked_at_kill", acked_at_kill);

    for (auto& c : sims) {  // final catch-up, with nobody sending
        std::mt19937 rng(7);
        while (!run_connection(port, c, room, rng, total_acked, false))
            std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(server->stop(), 0);

    std::string why;
    auto db = store::open(db_url, why);
    ASSERT_FALSE(db.has_error()) << why;
    auto page = (*db)->log().read(room, {store::page_request::from::after_seq, 0, 10 * total});
    ASSERT_FALSE(page.has_error());
    const auto* history = &page->messages;
    std::map<std::string, int> stored;
    for (std::size_t i = 0; i < history->size(); ++i) {
        const auto& m = (*history)[i];
        ASSERT_EQ(m.seq, static_cast<std::int64_t>(i) + 1) << "the room's seqs have a gap";
        ASSERT_TRUE(m.client_msg_id);
        ++stored[*m.client_msg_id];
    }
    for (auto& c : sims) {
        EXPECT_EQ(c.acked.size(), c.ids.size()) << c.who.username << " never got every ack";
        for (const auto& id : c.acked)
            EXPECT_EQ(stored[id], 1) << id << " stored " << stored[id] << " times";
        EXPECT_TRUE(c.problems.empty()) << c.problems.front();
        ASSERT_EQ(c.view.size(), history->size()) << c.who.username << "'s view differs in size";
        for (const auto& m : *history) {
            const auto& seen = c.view.at(m.seq);
            EXPECT_EQ(seen.id, m.id);
            EXPECT_EQ(seen.text, m.text);
        }
    }
    EXPECT_EQ(static_cast<int>(history->size()), total);
}

}  // namespace
}  // namespace parley::testing
