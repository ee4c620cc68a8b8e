// What a message's text means: mentions and single emoji.
#include "message_text.hpp"

#include <gtest/gtest.h>

namespace parley::text {
namespace {

using names = std::vector<std::string>;

TEST(MessageText, MentionsAreUsernamesAfterAnAt) {
    EXPECT_EQ(mentioned_names("@alice hi", 10), names{"alice"});
    EXPECT_EQ(mentioned_names("hi @Bob.", 10), names{"bob"}) << "lowercased, end of sentence";
    EXPECT_EQ(mentioned_names("(@carol), @dave-: @erin_2", 10), (names{"carol", "dave", "erin_2"}));
    EXPECT_EQ(mentioned_names("@alice and @ALICE", 10), names{"alice"}) << "each once";
    EXPECT_EQ(mentioned_names("mail me@alice.example", 10), names{}) << "an address";
    EXPECT_EQ(mentioned_names("@@alice @ab @", 10), names{}) << "too short, doubled";
    EXPECT_EQ(mentioned_names("@" + std::string(33, 'x'), 10), names{}) << "too long";
    EXPECT_EQ(mentioned_names("привет @алиса", 10), names{}) << "usernames are ASCII";
    EXPECT_EQ(mentioned_names("@aaa @bbb @ccc", 2), (names{"aaa", "bbb"}));
}

TEST(MessageText, SingleEmojiAreTheOnesPeopleType) {
    for (const char* one :
         {"👍", "👍🏽", "❤️", "🎉", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇫🇷",
          "1️⃣", "#⃣", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "☕"})
        EXPECT_TRUE(is_single_emoji(one)) << one;
    for (const char* not_one : {"", "a", "1", "ok", "👍👍", "👍 ", " 👍", "🇫", "🇫🇷🇩🇪", "👍\u200d",
                                "\u200d👍", "é", "中", "<b>", "🏽", "→", "⇒", "±"})
        EXPECT_FALSE(is_single_emoji(not_one)) << not_one;
}

TEST(MessageText, MatchesIgnoreCaseInEveryScript) {
    using ranges = std::vector<std::pair<std::size_t, std::size_t>>;
    EXPECT_EQ(match_ranges("Բարեւ, բարեւ", "ԲԱՐԵՒ", 10), (ranges{{0, 5}, {7, 12}})) << "Armenian";
    EXPECT_EQ(match_ranges("Ωμέγα ωμέγα", "ωμέγα", 10), (ranges{{0, 5}, {6, 11}})) << "Greek";
    EXPECT_EQ(match_ranges("Ǆemal", "ǆ", 10), (ranges{{0, 1}})) << "Latin Extended-B";
    EXPECT_EQ(match_ranges("🍜 Noodles", "noodles", 10), (ranges{{3, 10}})) << "UTF-16 offsets";
}

}  // namespace
}  // namespace parley::text
