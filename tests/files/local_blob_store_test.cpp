#include "files/local_blob_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "support/temp_dir.hpp"

namespace parley::files {
namespace {

namespace fs = std::filesystem;

std::string contents(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

/// Every regular file under `root`, temp files included.
std::size_t files_under(const fs::path& root) {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(root)) n += e.is_regular_file();
    return n;
}

blob store_bytes(blob_store& store, const std::string& bytes, std::size_t chunk = 7) {
    auto w = store.begin_write(1 << 20);
    EXPECT_TRUE(w);
    for (std::size_t at = 0; at < bytes.size(); at += chunk)
        EXPECT_TRUE((*w)->write(std::string_view(bytes).substr(at, chunk)));
    auto done = (*w)->finish();
    EXPECT_TRUE(done);
    return *done;
}

TEST(LocalBlobStore, ABlobIsNamedByTheSha256OfItsBytesAndReadsBackWhole) {
    testing::temp_dir dir;
    local_blob_store store(dir.path() / "files");
    const auto b = store_bytes(store, "abc");
    EXPECT_EQ(b.id, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(b.size, 3u);
    auto where = store.locate(b.id);
    ASSERT_TRUE(where);
    EXPECT_EQ(contents(*where), "abc");
    EXPECT_EQ(where->parent_path().filename(), "ba") << "two levels keep folders small";
}

TEST(LocalBlobStore, TheSameContentIsStoredOnce) {
    testing::temp_dir dir;
    local_blob_store store(dir.path());
    const std::string big(100'000, 'x');
    const auto first = store_bytes(store, big, 4096);
    const auto second = store_bytes(store, big, 1000);
    EXPECT_EQ(first.id, second.id);
    EXPECT_EQ(files_under(dir.path()), 1u) << "one copy, no temp file left";
}

TEST(LocalBlobStore, PastTheLimitNothingIsKept) {
    testing::temp_dir dir;
    local_blob_store store(dir.path());
    auto w = store.begin_write(10);
    ASSERT_TRUE(w);
    EXPECT_TRUE((*w)->write("0123456789"));
    auto over = (*w)->write("!");
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error(), blob_error::too_large);
    EXPECT_FALSE((*w)->finish()) << "a writer past its limit stores nothing";
    EXPECT_EQ(files_under(dir.path()), 0u);
}

TEST(LocalBlobStore, AnUploadAbandonedOrCutShortLeavesNothing) {
    testing::temp_dir dir;
    {
        local_blob_store store(dir.path());
        auto w = store.begin_write(1000);
        ASSERT_TRUE(w);
        EXPECT_TRUE((*w)->write("half an upload"));
    }  // the connection went away: the writer is destroyed unfinished
    EXPECT_EQ(files_under(dir.path()), 0u);
    // What a crash left in tmp/ is removed when the store opens again, once it is old (a young
    // one may be another node's upload in progress, in a shared folder).
    const auto crashed = dir.path() / "tmp" / "crashed.part";
    const auto young = dir.path() / "tmp" / "another-node.part";
    std::ofstream(crashed) << "partial";
    std::ofstream(young) << "in progress";
    std::filesystem::last_write_time(
        crashed, std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
    local_blob_store reopened(dir.path());
    EXPECT_FALSE(std::filesystem::exists(crashed));
    EXPECT_TRUE(std::filesystem::exists(young));
}

TEST(LocalBlobStore, TheSweepSeesOnlyBlobsWrittenBeforeItsTimeAndStoringAgainRenewsOne) {
    testing::temp_dir dir;
    local_blob_store store(dir.path());
    const auto a = store_bytes(store, "old one");
    const auto b = store_bytes(store, "new one");
    const auto now = std::filesystem::file_time_type::clock::now();
    auto path_a = store.locate(a.id);
    ASSERT_TRUE(path_a);
    std::filesystem::last_write_time(*path_a, now - std::chrono::hours(2));
    auto listed = [&] {
        std::vector<std::string> ids;
        EXPECT_TRUE(store.for_each_written_before(
            now - std::chrono::hours(1), [&](std::string_view id) { ids.emplace_back(id); }));
        return ids;
    };
    EXPECT_EQ(listed(), std::vector<std::string>{a.id});
    store_bytes(store, "old one");  // uploaded again: young again
    EXPECT_TRUE(listed().empty());
    EXPECT_NE(a.id, b.id);
}

TEST(LocalBlobStore, OnlyBlobIdsNameBlobs) {
    testing::temp_dir dir;
    local_blob_store store(dir.path());
    const auto b = store_bytes(store, "kept");
    for (const auto* bad :
         {"", "../etc/passwd", "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
          "tmp", "ba/7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"}) {
        EXPECT_FALSE(is_blob_id(bad)) << bad;
        auto found = store.locate(bad);
        ASSERT_FALSE(found) << bad;
        EXPECT_EQ(found.error(), blob_error::not_found);
        EXPECT_TRUE(store.remove(bad)) << "removing nothing succeeds";
    }
    EXPECT_TRUE(store.locate(b.id));
    EXPECT_TRUE(store.remove(b.id));
    EXPECT_FALSE(store.locate(b.id));
    EXPECT_TRUE(store.remove(b.id)) << "twice is fine";
}

}  // namespace
}  // namespace parley::files
