// Issue 11's fault test: PostgreSQL is stopped and started again while a client sends. Every
// acknowledged message must be stored exactly once, the ones that could not be saved get
// save_failed with their clientMsgId, the pool reconnects by itself, and sends succeed again
// within seconds of PostgreSQL's return. The run owns its PostgreSQL (tests/CMakeLists.txt
// starts one through scripts/with-postgres.sh), since stopping a shared one would fail others.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <future>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "faults/write_routes.hpp"
#include "support/test_server.hpp"

namespace parley::testing {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;
namespace json = boost::json;

constexpr int total_messages = 600;
constexpr std::size_t window = 20;    // unacknowledged messages in flight
constexpr auto send_interval = 3ms;   // paced, so the outage costs ~hundreds
constexpr auto outage = 2s;           // how long PostgreSQL stays down
constexpr auto recovery_limit = 10s;  // "sends succeed again within seconds"
constexpr auto test_deadline = 90s;

/// Runs pg_ctl on the throwaway server (`action`: "stop -m fast" or "start"); throws if it fails.
void pg_ctl(const std::string& action) {
    const char* ctl = std::getenv("PARLEY_TEST_PG_CTL");
    const char* data = std::getenv("PARLEY_TEST_PG_DATA");
    if (!ctl || !data) throw std::runtime_error("run through scripts/with-postgres.sh");
    const std::string d(data);
    const std::string cmd =
        std::string(ctl) + " -D " + d + " -l " + d + "/../restart.log -w " + action + " >/dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
}

std::string id_of(int k) { return "m-" + std::to_string(k); }

/// A server on the suite's own PostgreSQL, and alice's socket joined to her room.
class PostgresRestart : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(test_backend(), "postgres")
            << "this suite runs with PARLEY_TEST_BACKEND=postgres";
        ws->send_json({{"type", "join"}, {"roomId", room}});
        ASSERT_TRUE(ws->next_of("joined"));
    }
    test_server server;
    const account alice = server.signup("alice");
    const store::id_t room = server.create_group(alice, "restart");
    std::unique_ptr<ws_client> ws = server.connect(alice);
};

TEST_F(PostgresRestart, NothingAckedIsLostAndSendsRecoverByThemselves) {
    std::deque<std::string> to_send;  // retries first, then new ids
    for (int k = 0; k < total_messages; ++k) to_send.push_back(id_of(k));
    std::set<std::string> in_flight, acked, ever_failed;
    std::map<std::string, std::int64_t> acked_seq;
    enum class phase { before, down, recovering, after } now = phase::before;
    clock::time_point stopped_at, started_at, first_ack_after_start;
    int rest_status_while_down = 0;
    std::string readiness_while_down;
    auto rest_latency_while_down = 0ms;

    const auto deadline = clock::now() + test_deadline;
    auto next_send = clock::now();
    while (acked.size() < static_cast<std::size_t>(total_messages) && clock::now() < deadline) {
        if (now == phase::before && acked.size() >= total_messages / 3) {
            pg_ctl("stop -m fast");
            stopped_at = clock::now();
            now = phase::down;
            const auto t0 = clock::now();
            rest_status_while_down =
                http_call(server.port(), "GET", "/groups", nullptr, alice.token).status;
            rest_latency_while_down =
                std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - t0);
            auto ready = http_call(server.port(), "GET", "/readyz");
            readiness_while_down = std::to_string(ready.status) + " " + ready.raw_body;
        }
        if (now == phase::down && clock::now() - stopped_at >= outage) {
            pg_ctl("start");
            started_at = clock::now();
            now = phase::recovering;
        }
        // While PostgreSQL is down, failed messages wait for its return instead of spinning.
        const bool may_send = now != phase::down || ever_failed.size() < 200;
        if (may_send && clock::now() >= next_send && in_flight.size() < window &&
            !to_send.empty()) {
            const auto id = to_send.front();
            to_send.pop_front();
            ws->send_json({{"type", "message"},
                           {"roomId", room},
                           {"text", "text " + id},
                           {"clientMsgId", id}});
            in_flight.insert(id);
            next_send = clock::now() + send_interval;
        }
        auto v = ws->next(1ms);
        if (!v) continue;
        const std::string type(v->at("type").as_string());
        if (type == "ack") {
            const std::string id(v->at("clientMsgId").as_string());
            in_flight.erase(id);
            acked.insert(id);
            acked_seq[id] = v->at("seq").as_int64();
            if (now == phase::recovering) {
                first_ack_after_start = clock::now();
                now = phase::after;
            }
        } else if (type == "error") {
            ASSERT_EQ(v->at("code").as_string(), "save_failed") << json::serialize(*v);
            ASSERT_TRUE(v->as_object().contains("clientMsgId")) << json::serialize(*v);
            const std::string id(v->at("clientMsgId").as_string());
            in_flight.erase(id);
            ever_failed.insert(id);
            if (now == phase::down) {
                to_send.push_back(id);  // after the new ones: sent again once it is back
            } else {
                to_send.push_front(id);
            }
        }
    }
    ASSERT_NE(now, phase::before) << "PostgreSQL was never stopped";
    ASSERT_EQ(now, phase::after) << "no message was acknowledged after PostgreSQL came back";
    EXPECT_EQ(acked.size(), static_cast<std::size_t>(total_messages))
        << "not every message was saved after the restart";
    EXPECT_GT(ever_failed.size(), 0u) << "no send failed: the outage was not observed";
    EXPECT_EQ(rest_status_while_down, 503);
    EXPECT_TRUE(readiness_while_down.starts_with("503 ") &&
                readiness_while_down.find(R"("database":"unavailable")") != std::string::npos)
        << readiness_while_down;
    auto ready = http_call(server.port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.raw_body;
    EXPECT_LT(rest_latency_while_down, 5s) << "a REST call hung while the database was down";
    const auto recovery = first_ack_after_start - started_at;
    EXPECT_LT(recovery, recovery_limit);
    RecordProperty("failed_sends", static_cast<int>(ever_failed.size()));
    RecordProperty(
        "recovery_ms",
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(recovery).count()));

    // The database: gap-free seqs, every acknowledged message once, at the seq its ack named.
    auto page = server.db().log().read(
        room, {store::page_request::from::after_seq, 0, 10 * total_messages});
    ASSERT_FALSE(page.has_error());
    std::map<std::string, int> stored;
    for (std::size_t i = 0; i < page->messages.size(); ++i) {
        const auto& m = page->messages[i];
        ASSERT_EQ(m.seq, static_cast<std::int64_t>(i) + 1) << "the room's seqs have a gap";
        ASSERT_TRUE(m.client_msg_id);
        ++stored[*m.client_msg_id];
        if (acked_seq.contains(*m.client_msg_id)) {
            EXPECT_EQ(acked_seq[*m.client_msg_id], m.seq) << *m.client_msg_id;
        }
    }
    for (const auto& id : acked) EXPECT_EQ(stored[id], 1) << id << " stored " << stored[id];
    EXPECT_EQ(page->messages.size(), acked.size()) << "something unacknowledged was stored";
}

TEST_F(PostgresRestart, OnceItIsBackNoRequestFailsOnAConnectionThatDiedIdle) {
    // Fill the pool with idle connections: requests at once, each holding one.
    {
        std::vector<std::future<int>> calls;
        for (int i = 0; i < 16; ++i)
            calls.push_back(std::async(std::launch::async, [&] {
                return http_call(server.port(), "GET", "/groups", nullptr, alice.token).status;
            }));
        for (auto& c : calls) ASSERT_EQ(c.get(), 200);
    }
    pg_ctl("stop -m fast");
    pg_ctl("start");  // -w: returns once it accepts connections

    // Every idle connection of the pool died with the old server; none of them may fail a request.
    auto ready = http_call(server.port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << "the first readiness check after the return: "
                                 << ready.raw_body;
    for (int i = 0; i < 20; ++i) {
        auto r = http_call(server.port(), "GET", "/groups", nullptr, alice.token);
        EXPECT_EQ(r.status, 200) << "request " << i << ": " << r.raw_body;
    }
    for (int i = 0; i < 10; ++i) {
        ws->send_json({{"type", "message"},
                       {"roomId", room},
                       {"text", "after " + std::to_string(i)},
                       {"clientMsgId", "after-" + std::to_string(i)}});
        auto reply = ws->next();
        while (reply && reply->at("type") == "message") reply = ws->next();  // its own
        ASSERT_TRUE(reply);
        EXPECT_EQ(reply->at("type").as_string(), "ack") << json::serialize(*reply);
    }
    EXPECT_EQ(
        http_call(server.port(), "POST", "/groups", {{"name", "made after"}}, alice.token).status,
        201);
}

}  // namespace
}  // namespace parley::testing

namespace parley::testing {
namespace {

/// Runs SQL as the throwaway server's superuser; throws if psql fails.
void superuser_sql(const std::string& sql) {
    const char* admin = std::getenv("PARLEY_TEST_PG");
    if (!admin) throw std::runtime_error("run through scripts/with-postgres.sh");
    const std::string cmd =
        "psql -q -v ON_ERROR_STOP=1 '" + std::string(admin) + "' -c \"" + sql + "\" >/dev/null";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("failed: " + cmd);
}

// PostgreSQL turned read-only (a failover to a standby, an operator's safety switch): every write
// route answers 503 and changes nothing. The suite owns this server, so setting it for the whole
// server disturbs no other test.
TEST(PostgresWriteRoutes, EveryWriteRouteAnswers503AndChangesNothingWhenTheDatabaseIsReadOnly) {
    test_server server;
    struct read_write_again {
        ~read_write_again() {
            superuser_sql("ALTER SYSTEM RESET default_transaction_read_only");
            superuser_sql("SELECT pg_reload_conf()");
        }
    } restore;
    check_every_write_route_refused(
        server,
        [] {
            superuser_sql("ALTER SYSTEM SET default_transaction_read_only = on");
            superuser_sql("SELECT pg_reload_conf()");
            std::this_thread::sleep_for(200ms);  // every backend has read the new setting
        },
        [&] { return dump(server.db()); });
}

}  // namespace
}  // namespace parley::testing
