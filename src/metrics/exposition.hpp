#pragma once
// The Prometheus text exposition format (version 0.0.4), written one metric family at a time.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "metrics/instruments.hpp"

namespace parley::metrics {

/// Builds one /metrics answer. Names must be valid Prometheus names (the caller's constants);
/// label values are escaped here. Not thread-safe; one per scrape.
class exposition {
  public:
    void counter(std::string_view name, std::string_view help, double value);
    void gauge(std::string_view name, std::string_view help, double value);
    /// One family with a sample per label value: name{label="value"} count.
    void labeled_counter(std::string_view name, std::string_view help, std::string_view label,
                         const std::map<std::string, std::uint64_t, std::less<>>& values);
    /// A gauge of 1 whose labels describe something (Prometheus' info pattern, e.g. build_info).
    void info(std::string_view name, std::string_view help,
              const std::map<std::string, std::string, std::less<>>& labels);
    void histogram(std::string_view name, std::string_view help,
                   const latency_histogram::snapshot& h);
    /// The text so far.
    const std::string& text() const { return out_; }

  private:
    void header(std::string_view name, std::string_view help, std::string_view type);
    std::string out_;
};

}  // namespace parley::metrics
