// GET /metrics on --metrics-listen: Prometheus text that follows what the node did.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

/// The value of the sample `name` (with its labels, if any) in a metrics page; -1 if absent.
double sample(const std::string& page, const std::string& name) {
    std::istringstream in(page);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with(name + " ")) return std::stod(line.substr(name.size() + 1));
    return -1;
}

/// Whether `condition` holds within 5 s, checking every 20 ms.
template <class F>
bool eventually(F condition) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

class Metrics : public ::testing::Test {
  protected:
    static server_config config() {
        auto c = test_server::test_config();
        c.metrics_listen = "127.0.0.1:0";
        return c;
    }
    std::string scrape() {
        auto r = http_call(server.running().metrics_port(), "GET", "/metrics");
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
        return r.raw_body;
    }
    test_server server{config()};
};

/// The text of a file under deploy/monitoring.
std::string monitoring_file(const std::string& name) {
    std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/deploy/monitoring/" + name);
    return {std::istreambuf_iterator<char>(in), {}};
}

// deploy/monitoring's Grafana dashboard and Prometheus alert rules are well formed and name only
// metrics a node exports: renaming a metric breaks this test, not an operator's dashboard.
TEST_F(Metrics, TheDashboardAndAlertRulesUseOnlyMetricsTheNodeExports) {
    std::set<std::string> exported;
    std::istringstream page(scrape());
    // Every family, with samples or not yet: "# TYPE name kind".
    for (std::string line; std::getline(page, line);) {
        std::istringstream words(line);
        std::string hash, type, name, kind;
        if (!(words >> hash >> type >> name >> kind) || hash != "#" || type != "TYPE") continue;
        exported.insert(name);
        if (kind == "histogram")
            for (const auto* suffix : {"_bucket", "_sum", "_count"}) exported.insert(name + suffix);
    }

    const auto dashboard_text = monitoring_file("grafana-dashboard.json");
    const auto alerts_text = monitoring_file("alerts.yml");
    const std::regex metric_name(R"(\b(?:parley|process)_[a-z_]+)");
    std::size_t named = 0;
    for (const auto* text : {&dashboard_text, &alerts_text})
        for (std::sregex_iterator it(text->begin(), text->end(), metric_name), end; it != end;
             ++it, ++named)
            EXPECT_TRUE(exported.contains(it->str())) << it->str() << " is not exported";
    EXPECT_GT(named, 20u);

    const auto dashboard = boost::json::parse(dashboard_text).as_object();
    const auto& panels = dashboard.at("panels").as_array();
    EXPECT_GE(panels.size(), 10u);
    for (const auto& panel : panels)
        for (const auto& target : panel.at("targets").as_array())
            EXPECT_FALSE(target.at("expr").as_string().empty()) << panel.at("title");

    const auto rules = YAML::Load(alerts_text)["groups"][0]["rules"];
    ASSERT_TRUE(rules.IsSequence());
    std::set<std::string> alerts;
    for (const auto& rule : rules) {
        alerts.insert(rule["alert"].as<std::string>());
        EXPECT_FALSE(rule["expr"].as<std::string>().empty());
        EXPECT_FALSE(rule["annotations"]["summary"].as<std::string>().empty());
    }
    for (const auto* needed : {"ParleyDown", "ParleyBusDown", "ParleyStoreErrors",
                               "ParleyPublishesDropped", "ParleySlowCommits"})
        EXPECT_TRUE(alerts.contains(needed)) << needed;
}

TEST_F(Metrics, FollowWhatTheNodeDid) {
    auto alice = server.signup("alice");
    auto bob = server.signup("bob");
    const auto room = server.create_group(alice, "lobby");
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    a->send_json(text_msg(room, "hello"));
    ASSERT_TRUE(b->next_of("message"));
    a->send_text("{not json");
    ASSERT_TRUE(a->next_of("error"));

    const auto page = scrape();
    EXPECT_EQ(sample(page, "parley_connections"), 2) << page;
    EXPECT_EQ(sample(page, "parley_active_rooms"), 1);
    EXPECT_EQ(sample(page, "parley_messages_stored_total"), 1);
    EXPECT_GE(sample(page, "parley_commits_total"), 1);
    EXPECT_GE(sample(page, "parley_frames_sent_total"), 2) << "one frame to each member";
    EXPECT_GE(sample(page, "parley_send_queue_bytes"), 0);
    EXPECT_EQ(sample(page, "parley_message_queue_depth"), 0);
    EXPECT_EQ(sample(page, "parley_build_info{version=\"" PARLEY_VERSION "\"}"), 1);
    EXPECT_GT(sample(page, "process_resident_memory_bytes"), 1e6);
    EXPECT_GT(sample(page, "process_open_fds"), 4) << "listeners and sockets";
    EXPECT_GE(sample(page, "process_max_fds"), sample(page, "process_open_fds"));
    EXPECT_GE(sample(page, "process_cpu_seconds_total"), 0);
    EXPECT_GT(sample(page, "process_start_time_seconds"), 1.7e9) << "seconds since the epoch";
    EXPECT_EQ(sample(page, "parley_commit_duration_seconds_count"), 1);
    EXPECT_EQ(sample(page, "parley_commit_duration_seconds_bucket{le=\"+Inf\"}"), 1);
    EXPECT_GE(sample(page, "parley_fanout_duration_seconds_count"), 1);
    EXPECT_EQ(sample(page, "parley_ws_errors_total{code=\"invalid_message\"}"), 1);
    EXPECT_EQ(sample(page, "parley_http_responses_total{status=\"201\"}"), 3)
        << "two sign-ups and a group";
    EXPECT_EQ(sample(page, "parley_rate_limited_total{limit=\"messages\"}"), 0);
    EXPECT_NE(page.find("# TYPE parley_commit_duration_seconds histogram"), std::string::npos);
    // Every line is a comment or a sample: NAME{LABELS} VALUE.
    const std::regex line_shape(R"((# (HELP|TYPE) .*)|([a-z_]+(\{[a-z]+="[^"]*"\})? [0-9.e+-]+))");
    std::istringstream in(page);
    for (std::string line; std::getline(in, line);)
        EXPECT_TRUE(std::regex_match(line, line_shape)) << line;

    a.reset();
    b.reset();
    EXPECT_TRUE(eventually([&] { return sample(scrape(), "parley_connections") == 0; }));
    EXPECT_TRUE(eventually([&] { return sample(scrape(), "parley_active_rooms") == 0; }));
    EXPECT_EQ(sample(scrape(), "parley_send_queue_bytes"), 0);
}

TEST_F(Metrics, OnlyMetricsIsServedThereAndNotOnThePublicPort) {
    EXPECT_EQ(http_call(server.running().metrics_port(), "GET", "/groups").status, 404);
    EXPECT_EQ(http_call(server.running().metrics_port(), "POST", "/metrics").status, 405);
    EXPECT_NE(http_call(server.port(), "GET", "/metrics").status, 200);
}

TEST(MetricsOff, NoPortWithoutTheFlag) {
    test_server server;
    EXPECT_EQ(server.running().metrics_port(), 0);
}

}  // namespace
}  // namespace parley::testing
