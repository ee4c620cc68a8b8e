// --log-format json: every line one JSON object, whatever the message holds.
#include "app/json_log.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace parley::app {
namespace {

TEST(JsonLog, EscapesWhatTheMessageHoldsAndStampsUtcMilliseconds) {
    const auto time =
        std::chrono::system_clock::time_point(std::chrono::milliseconds(1'700'000'000'123));
    const auto line = json_log_line(time, "warn", "quote \" backslash \\ newline \n tab \t end");
    EXPECT_EQ(line.find('\n'), std::string::npos) << "one line per event";
    auto v = boost::json::parse(line).as_object();
    EXPECT_EQ(v.at("time"), "2023-11-14T22:13:20.123Z");
    EXPECT_EQ(v.at("level"), "warn");
    EXPECT_EQ(v.at("message"), "quote \" backslash \\ newline \n tab \t end");
}

TEST(JsonLog, TheFormatterEndsEachEventWithANewline) {
    json_log_formatter f;
    spdlog::details::log_msg msg("parley", spdlog::level::info, "listening");
    spdlog::memory_buf_t out;
    f.format(msg, out);
    const std::string text(out.data(), out.size());
    ASSERT_EQ(text.back(), '\n');
    EXPECT_EQ(boost::json::parse(text).at("message"), "listening");
}

}  // namespace
}  // namespace parley::app
