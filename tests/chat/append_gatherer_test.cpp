// The shard's append gatherer alone: what arrives in one turn goes to the log in one call.
#include "chat/append_gatherer.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "config.hpp"

namespace parley::chat {
namespace {

struct GathererTest : ::testing::Test {
    boost::asio::io_context ioc;
    boost::asio::strand<boost::asio::any_io_executor> strand{ioc.get_executor()};
    std::vector<std::vector<std::string>> batches;  // the texts of each hand-over
    append_gatherer gatherer{strand, [this](append_gatherer::batch b) {
                                 std::vector<std::string> texts;
                                 for (auto& a : b) texts.push_back(a.msg.text);
                                 batches.push_back(std::move(texts));
                             }};

    void add(std::string text) {
        store::new_message m;
        m.text = std::move(text);
        gatherer.add({std::move(m), {}});
    }
};

TEST_F(GathererTest, WhatArrivesInOneTurnIsHandedOverOnce) {
    boost::asio::post(strand, [&] {
        add("a");
        add("b");
        add("c");
    });
    ioc.run();
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(batches[0], (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(GathererTest, WaitsForWhatTheThreadHasQueuedAlready) {
    boost::asio::post(strand, [&] { add("a"); });
    boost::asio::post(strand, [&] { add("b"); });
    ioc.run();
    ASSERT_EQ(batches.size(), 1u);
    EXPECT_EQ(batches[0], (std::vector<std::string>{"a", "b"}));
}

TEST_F(GathererTest, AnEndlessTrickleIsHandedOverInBoundedBatchesInOrder) {
    int left = 100;
    std::function<void()> trickle = [&] {
        add(std::to_string(100 - left));
        if (--left > 0) boost::asio::post(strand, trickle);
    };
    boost::asio::post(strand, trickle);
    ioc.run();
    // The hand-over is put off a bounded number of looks, not until the trickle stops.
    ASSERT_GE(batches.size(), 3u);
    std::vector<std::string> all;
    for (const auto& b : batches) {
        EXPECT_LE(b.size(), 4u * limits::append_gather_rounds);
        all.insert(all.end(), b.begin(), b.end());
    }
    ASSERT_EQ(all.size(), 100u);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(all[i], std::to_string(i));
}

}  // namespace
}  // namespace parley::chat
