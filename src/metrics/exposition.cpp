#include "metrics/exposition.hpp"

#include <fmt/format.h>

namespace parley::metrics {
namespace {

/// A label value as the format wants it: backslash, double quote and newline escaped.
std::string escaped(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

void exposition::header(std::string_view name, std::string_view help, std::string_view type) {
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void exposition::counter(std::string_view name, std::string_view help, double value) {
    header(name, help, "counter");
    out_ += fmt::format("{} {}\n", name, value);
}

void exposition::gauge(std::string_view name, std::string_view help, double value) {
    header(name, help, "gauge");
    out_ += fmt::format("{} {}\n", name, value);
}

void exposition::labeled_counter(std::string_view name, std::string_view help,
                                 std::string_view label,
                                 const std::map<std::string, std::uint64_t, std::less<>>& values) {
    header(name, help, "counter");
    for (const auto& [value, count] : values)
        out_ += fmt::format("{}{{{}=\"{}\"}} {}\n", name, label, escaped(value), count);
}

void exposition::info(std::string_view name, std::string_view help,
                      const std::map<std::string, std::string, std::less<>>& labels) {
    header(name, help, "gauge");
    std::string pairs;
    for (const auto& [label, value] : labels)
        pairs += fmt::format("{}{}=\"{}\"", pairs.empty() ? "" : ",", label, escaped(value));
    out_ += fmt::format("{}{{{}}} 1\n", name, pairs);
}

void exposition::histogram(std::string_view name, std::string_view help,
                           const latency_histogram::snapshot& h) {
    header(name, help, "histogram");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < latency_histogram::bounds.size(); ++i) {
        cumulative += h.buckets[i];
        out_ += fmt::format("{}_bucket{{le=\"{}\"}} {}\n", name, latency_histogram::bounds[i],
                            cumulative);
    }
    out_ += fmt::format("{}_bucket{{le=\"+Inf\"}} {}\n{}_sum {}\n{}_count {}\n", name, h.count,
                        name, h.sum, name, h.count);
}

}  // namespace parley::metrics
