// The Prometheus text format as /metrics writes it.
#include "metrics/exposition.hpp"

#include <gtest/gtest.h>

namespace parley::metrics {
namespace {

TEST(Exposition, HistogramsAreCumulativeWithSumAndCount) {
    latency_histogram h;
    h.observe(0.00005);  // first bucket
    h.observe(0.002);    // le 0.0025
    h.observe(30);       // above every bound
    exposition e;
    e.histogram("x_seconds", "help", h.read());
    const auto& t = e.text();
    EXPECT_NE(t.find("# TYPE x_seconds histogram\n"), std::string::npos);
    EXPECT_NE(t.find("x_seconds_bucket{le=\"0.0001\"} 1\n"), std::string::npos) << t;
    EXPECT_NE(t.find("x_seconds_bucket{le=\"0.0025\"} 2\n"), std::string::npos) << t;
    EXPECT_NE(t.find("x_seconds_bucket{le=\"10\"} 2\n"), std::string::npos) << t;
    EXPECT_NE(t.find("x_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos) << t;
    EXPECT_NE(t.find("x_seconds_count 3\n"), std::string::npos) << t;
    EXPECT_NE(t.find("x_seconds_sum 30.00205\n"), std::string::npos) << t;
}

TEST(Exposition, LabelValuesAreEscaped) {
    labeled_counter c;
    c.add("a\"b\\c\nd", 2);
    c.add("plain");
    exposition e;
    e.labeled_counter("y_total", "help", "code", c.values());
    EXPECT_NE(e.text().find("y_total{code=\"a\\\"b\\\\c\\nd\"} 2\n"), std::string::npos)
        << e.text();
    EXPECT_NE(e.text().find("y_total{code=\"plain\"} 1\n"), std::string::npos);
}

}  // namespace
}  // namespace parley::metrics
