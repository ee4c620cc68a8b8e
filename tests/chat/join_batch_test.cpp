#include "chat/join_batch.hpp"

#include <gtest/gtest.h>

namespace parley::chat {
namespace {

/// A page holding seqs [from, to], with has_more as given.
store::page page_of(std::int64_t from, std::int64_t to, bool has_more) {
    store::page p;
    for (auto seq = from; seq <= to; ++seq) p.messages.push_back({.seq = seq});
    p.has_more = has_more;
    p.last_seq = 99;
    return p;
}

std::vector<std::int64_t> seqs(const store::page& p) {
    std::vector<std::int64_t> out;
    for (const auto& m : p.messages) out.push_back(m.seq);
    return out;
}

TEST(SliceAfter, TakesUpToTheLimitAfterTheJoinsOwnSince) {
    const auto p = page_of(5, 12, false);  // read after seq 4 for the lowest since
    auto s = slice_after(p, 8, 3);
    EXPECT_EQ(seqs(s), (std::vector<std::int64_t>{9, 10, 11}));
    EXPECT_TRUE(s.has_more) << "seq 12 is left";
    EXPECT_EQ(s.last_seq, 99);
    s = slice_after(p, 9, 3);
    EXPECT_EQ(seqs(s), (std::vector<std::int64_t>{10, 11, 12}));
    EXPECT_FALSE(s.has_more);
    EXPECT_TRUE(slice_after(p, 12, 3).messages.empty());
}

TEST(SliceAfter, KeepsThePagesOwnHasMore) {
    const auto s = slice_after(page_of(5, 7, true), 6, 3);
    EXPECT_EQ(seqs(s), std::vector<std::int64_t>{7});
    EXPECT_TRUE(s.has_more);
}

}  // namespace
}  // namespace parley::chat
