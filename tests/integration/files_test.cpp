// Files (issue 30): uploads, downloads and their rules, attaching files to messages, and the
// sweep, over the real server and whichever backend the run selects.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <filesystem>

#include "files/file_service.hpp"
#include "files/local_blob_store.hpp"
#include "integration/helpers.hpp"

namespace parley::testing {
namespace {

namespace fs = std::filesystem;

/// A valid 3 x 2 PNG.
const std::string png(
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x03\x00\x00"
    "\x00\x02\x08\x02\x00\x00\x00\x12\x16\xf1\x4d\x00\x00\x00\x10\x49\x44\x41\x54\x78\x9c\x63"
    "\xf8\xcf\xc0\x00\x41\x0c\x70\x16\x00\x41\xd2\x05\xfb\x87\xf0\xb9\x48\x00\x00\x00\x00\x49"
    "\x45\x4e\x44\xae\x42\x60\x82",
    73);

/// Bytes that look like a multipart body's own framing: CR LF, dashes, NUL, a near-boundary.
std::string tricky_bytes() {
    std::string b = "\r\n--" + form_boundary + "x\r\n";
    b += std::string("\0\xff\r\n", 4);
    for (int i = 0; i < 70000; ++i) b += static_cast<char>(i * 7919 % 251);
    return b + "\r\n";
}

/// Regular files under `dir` outside tmp/ (the stored blobs).
std::size_t blobs_in(const fs::path& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") ++n;
    return n;
}

class Files : public room_test {
  protected:
    /// Uploads as `who` to `to`; the reply.
    http_reply upload(const account& who, store::id_t to, const std::vector<form_part>& parts,
                      const std::vector<std::pair<std::string, std::string>>& headers = {}) {
        return http_upload(server.port(), to, parts, who.token, headers);
    }
    /// Uploads one file and returns its JSON (fails the test unless 201).
    json::value upload_one(const account& who, store::id_t to, const std::string& name,
                           const std::string& bytes) {
        auto r = upload(who, to, {{name, bytes}});
        EXPECT_EQ(r.status, 201) << r.raw_body;
        if (r.status != 201) return {};
        return r.body.at("files").at(0);
    }
    http_reply get(const account& who, const std::string& target,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
        headers.emplace_back("Authorization", "Bearer " + who.token);
        return http_with_headers(server.port(), "GET", target, headers);
    }
    /// Sends a message with files as `who` (joined on `c`); the event it comes back as.
    std::optional<json::value> send_files(ws_client& c, store::id_t to, json::array ids,
                                          const std::string& caption = "") {
        json::object m{{"type", "message"}, {"roomId", to}, {"files", std::move(ids)}};
        if (!caption.empty()) m["text"] = caption;
        c.send_json(m);
        return c.next_of("message");
    }
};

TEST_F(Files, AnUploadDownloadsByteIdenticalWithItsTypeSniffedFromTheBytes) {
    const auto bytes = tricky_bytes();
    auto r = upload(alice, room, {{"../../home/alice/notes.bin", bytes}, {"pixel.txt", png}});
    ASSERT_EQ(r.status, 201) << r.raw_body;
    const auto& files = r.body.at("files").as_array();
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].at("name"), "notes.bin") << "only the last path component is kept";
    EXPECT_EQ(files[0].at("size").as_int64(), static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(files[1].at("contentType"), "image/png") << "the bytes decide, not the name";
    const std::string id(files[0].at("id").as_string());
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(files[0].at("url").as_string(), "/files/" + id);

    auto got = get(alice, "/files/" + id);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.raw_body, bytes) << "byte-identical";
    EXPECT_EQ(got.headers["x-content-type-options"], "nosniff");
    EXPECT_NE(got.headers["content-security-policy"].find("sandbox"), std::string::npos);
    EXPECT_NE(got.headers["cache-control"].find("private"), std::string::npos);
    EXPECT_EQ(got.headers["content-disposition"].rfind("attachment", 0), 0u);
    auto image = get(alice, std::string(files[1].at("url").as_string()));
    ASSERT_EQ(image.status, 200);
    EXPECT_EQ(image.raw_body, png);
    EXPECT_EQ(image.content_type, "image/png");
    EXPECT_EQ(image.headers["content-disposition"].rfind("inline", 0), 0u);
}

TEST_F(Files, AnImageHasItsSizeAndAThumbnailForMembersOnly) {
    const auto image = upload_one(alice, room, "pixel.png", png);
    EXPECT_EQ(image.at("width").as_int64(), 3);
    EXPECT_EQ(image.at("height").as_int64(), 2);
    const std::string thumb(image.at("thumbnailUrl").as_string());
    EXPECT_EQ(thumb, std::string(image.at("url").as_string()) + "/thumbnail");
    auto got = get(alice, thumb);
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.content_type, "image/webp");
    EXPECT_EQ(got.raw_body.substr(8, 4), "WEBP");
    const auto secret = server.create_group(alice, "Secret", true);
    const auto hidden = upload_one(alice, secret, "pixel.png", png);
    EXPECT_EQ(get(bob, std::string(hidden.at("thumbnailUrl").as_string())).status, 404);
    const auto text = upload_one(alice, room, "a.txt", "no picture");
    EXPECT_FALSE(text.as_object().contains("thumbnailUrl"));
    EXPECT_EQ(get(alice, std::string(text.at("url").as_string()) + "/thumbnail").status, 404);
}

TEST_F(Files, WhatCouldRunInTheBrowserIsServedAsAnAttachment) {
    const auto html = upload_one(alice, room, "page.png",
                                 "<!DOCTYPE html><html><script>alert(1)"
                                 "</script></html>");
    const auto svg = upload_one(alice, room, "logo.svg",
                                "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">"
                                "<script>alert(1)</script></svg>");
    for (const auto* f : {&html, &svg}) {
        auto got = get(alice, std::string(f->at("url").as_string()));
        ASSERT_EQ(got.status, 200);
        EXPECT_EQ(got.headers["content-disposition"].rfind("attachment", 0), 0u)
            << got.content_type;
        EXPECT_EQ(got.headers["x-content-type-options"], "nosniff");
    }
    EXPECT_EQ(html.at("contentType"), "text/html");
}

TEST_F(Files, OnlyMembersOfTheFilesRoomMayUploadOrDownload) {
    const auto secret = server.create_group(alice, "Secret", true);
    const auto f = upload_one(alice, secret, "plan.txt", "the plan");
    const std::string url(f.at("url").as_string());
    auto stranger = get(bob, url);
    EXPECT_EQ(stranger.status, 404) << "as if it did not exist";
    EXPECT_EQ(get(bob, "/files/0123456789abcdef0123456789abcdef").status, 404);
    EXPECT_EQ(get(bob, "/files/../../etc/passwd").status, 404);
    EXPECT_EQ(upload(bob, secret, {{"x.txt", "x"}}).status, 404) << "a private room is hidden";
    EXPECT_EQ(upload(bob, room, {{"x.txt", "x"}}).status, 403) << "join the group first";
    EXPECT_EQ(http_upload(server.port(), room, {{"x.txt", "x"}}, "").status, 401);
    // Once bob is a member he can read it; once he leaves, no more.
    ASSERT_EQ(http_call(server.port(), "POST", "/groups/" + std::to_string(secret) + "/members",
                        {{"username", "bob"}}, alice.token)
                  .status,
              201);
    EXPECT_EQ(get(bob, url).raw_body, "the plan");
    ASSERT_EQ(http_call(server.port(), "DELETE",
                        "/groups/" + std::to_string(secret) + "/members/bob", nullptr, alice.token)
                  .status,
              200);
    EXPECT_EQ(get(bob, url).status, 404);
}

TEST_F(Files, RangesEtagsAndConditionalRequests) {
    const auto f = upload_one(alice, room, "digits.txt", "0123456789");
    const std::string url(f.at("url").as_string());
    auto whole = get(alice, url);
    const auto etag = whole.headers["etag"];
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(whole.headers["accept-ranges"], "bytes");

    auto part = get(alice, url, {{"Range", "bytes=2-5"}});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.raw_body, "2345");
    EXPECT_EQ(part.headers["content-range"], "bytes 2-5/10");
    EXPECT_EQ(get(alice, url, {{"Range", "bytes=-3"}}).raw_body, "789");
    EXPECT_EQ(get(alice, url, {{"Range", "bytes=7-"}}).raw_body, "789");
    EXPECT_EQ(get(alice, url, {{"Range", "bytes=8-100"}}).raw_body, "89");
    auto past = get(alice, url, {{"Range", "bytes=10-"}});
    EXPECT_EQ(past.status, 416);
    EXPECT_EQ(past.headers["content-range"], "bytes */10");
    auto several = get(alice, url, {{"Range", "bytes=0-1,4-5"}});
    EXPECT_EQ(several.status, 200) << "several ranges: the whole file";
    auto stale_range = get(alice, url, {{"Range", "bytes=2-5"}, {"If-Range", "\"other\""}});
    EXPECT_EQ(stale_range.status, 200);
    EXPECT_EQ(stale_range.raw_body, "0123456789");

    auto unchanged = get(alice, url, {{"If-None-Match", etag}});
    EXPECT_EQ(unchanged.status, 304);
    EXPECT_TRUE(unchanged.raw_body.empty());
    EXPECT_EQ(get(alice, url, {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(Files, RefusedUploadsSayWhyAndKeepNothing) {
    EXPECT_EQ(
        http_raw(server.port(), "POST", "/files?roomId=" + std::to_string(room), "{}", alice.token)
            .status,
        415);
    EXPECT_EQ(upload(alice, room, {{"", "a field", "comment"}}).status, 400);
    auto no_room = http_raw(server.port(), "POST", "/files", multipart_body({{"a.txt", "a"}}),
                            alice.token, "multipart/form-data; boundary=" + form_boundary);
    EXPECT_EQ(no_room.status, 400);
    auto broken = http_raw(server.port(), "POST", "/files?roomId=" + std::to_string(room),
                           "not multipart at all", alice.token,
                           "multipart/form-data; boundary=" + form_boundary);
    EXPECT_EQ(broken.status, 400);
    EXPECT_EQ(http_call(server.port(), "DELETE", "/files", nullptr, alice.token).status, 405);
    EXPECT_EQ(blobs_in(server.files_dir()), 0u);
}

TEST_F(Files, TheSameBytesAreStoredOnceWhereverTheyAreSent) {
    const auto other = server.create_group(alice, "Other");
    const auto a = upload_one(alice, room, "a.txt", "same bytes");
    const auto b = upload_one(alice, other, "b.txt", "same bytes");
    EXPECT_NE(a.at("id"), b.at("id")) << "two files";
    EXPECT_EQ(blobs_in(server.files_dir()), 1u) << "one blob";
}

TEST_F(Files, AttachedToAMessageTheyReachEveryoneInFramesHistoryAndCatchUp) {
    ASSERT_EQ(http_call(server.port(), "POST", "/groups/" + std::to_string(room) + "/members",
                        {{"username", "bob"}}, bob.token)
                  .status,
              201);
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*b, room);
    const auto one = upload_one(alice, room, "one.txt", "1");
    const auto two = upload_one(alice, room, "two.png", png);
    auto sent = send_files(*a, room, {one.at("id"), two.at("id")}, "the caption");
    ASSERT_TRUE(sent);
    auto seen = b->next_of("message");
    ASSERT_TRUE(seen);
    const auto& msg = seen->at("message");
    EXPECT_EQ(msg.at("text"), "the caption");
    const auto& files = msg.at("files").as_array();
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].at("id"), one.at("id")) << "in the sender's order";
    EXPECT_EQ(files[1].at("contentType"), "image/png");

    // Without a caption; from history and from a catch-up too.
    const auto three = upload_one(alice, room, "three.txt", "3");
    ASSERT_TRUE(send_files(*a, room, {three.at("id")}));
    auto page = http_call(server.port(), "GET", "/groups/" + std::to_string(room) + "/messages",
                          nullptr, bob.token);
    ASSERT_EQ(page.status, 200);
    const auto& rows = page.body.at("messages").as_array();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at("files").as_array().size(), 2u);
    EXPECT_EQ(rows[1].at("text"), "");
    EXPECT_EQ(rows[1].at("files").at(0).at("name"), "three.txt");
    auto late = server.connect(bob);
    late->send_json({{"type", "join"}, {"roomId", room}, {"since", 0}});
    auto joined = late->next_of("joined");
    ASSERT_TRUE(joined);
    EXPECT_NE(json::serialize(*joined).find("three.txt"), std::string::npos);
}

TEST_F(Files, AFileIsAttachedOnceByItsUploaderInItsOwnRoom) {
    ASSERT_EQ(http_call(server.port(), "POST", "/groups/" + std::to_string(room) + "/members",
                        {{"username", "bob"}}, bob.token)
                  .status,
              201);
    const auto other = server.create_group(alice, "Other");
    auto a = server.connect(alice);
    auto b = server.connect(bob);
    join(*a, room);
    join(*a, other);
    join(*b, room);
    const auto f = upload_one(alice, room, "f.txt", "f");
    const auto elsewhere = upload_one(alice, other, "g.txt", "g");
    auto refused = [&](ws_client& c, json::value id) {
        c.send_json({{"type", "message"}, {"roomId", room}, {"files", json::array{id}}});
        return error_code(c.next_of("error"));
    };
    EXPECT_EQ(refused(*b, f.at("id")), "invalid_file") << "not bob's";
    EXPECT_EQ(refused(*a, elsewhere.at("id")), "invalid_file") << "another room's";
    EXPECT_EQ(refused(*a, json::value("0123456789abcdef0123456789abcdef")), "invalid_file");
    EXPECT_EQ(refused(*a, json::value("../x")), "invalid_message");
    ASSERT_TRUE(send_files(*a, room, {f.at("id")}));
    EXPECT_EQ(refused(*a, f.at("id")), "invalid_file") << "attached already";
    a->send_json({{"type", "message"}, {"roomId", room}, {"files", json::array{}}});
    EXPECT_EQ(error_code(a->next_of("error")), "invalid_message") << "no text, no files";
}

TEST_F(Files, DeletingAMessageDeletesItsFilesAndTheSweepTheirBytes) {
    auto a = server.connect(alice);
    join(*a, room);
    const auto f = upload_one(alice, room, "f.txt", "goes away");
    const auto orphan = upload_one(alice, room, "never.txt", "never attached");
    auto sent = send_files(*a, room, {f.at("id")});
    ASSERT_TRUE(sent);
    const auto message_id = sent->at("message").at("id").as_int64();
    a->send_json({{"type", "delete"}, {"roomId", room}, {"messageId", message_id}});
    ASSERT_TRUE(a->next_of("message_deleted"));
    EXPECT_EQ(get(alice, std::string(f.at("url").as_string())).status, 404);
    EXPECT_EQ(get(alice, std::string(orphan.at("url").as_string())).status, 200);
    EXPECT_EQ(blobs_in(server.files_dir()), 2u);

    // The sweep, as the server runs it, a day and more later.
    files::local_blob_store blobs(server.files_dir());
    files::type_sniffer sniffer;
    files::file_service service(blobs, server.db().files(), sniffer, {1000, 0});
    const auto later = std::chrono::system_clock::now() + std::chrono::hours(25);
    EXPECT_EQ(service.sweep(later, std::chrono::hours(24), std::chrono::milliseconds(0)), 2);
    EXPECT_EQ(get(alice, std::string(orphan.at("url").as_string())).status, 404);
    EXPECT_EQ(blobs_in(server.files_dir()), 0u);
}

TEST_F(Files, TheSweepLeavesWhatIsStillNamedOrYoung) {
    const auto kept = upload_one(alice, room, "kept.txt", "kept");
    files::local_blob_store blobs(server.files_dir());
    files::type_sniffer sniffer;
    files::file_service service(blobs, server.db().files(), sniffer, {1000, 0});
    const auto now = std::chrono::system_clock::now();
    EXPECT_EQ(service.sweep(now, std::chrono::hours(24), std::chrono::milliseconds(0)), 0);
    EXPECT_EQ(get(alice, std::string(kept.at("url").as_string())).status, 200);
    EXPECT_EQ(
        service.sweep(now + std::chrono::hours(25), std::chrono::hours(24), std::chrono::hours(1)),
        0)
        << "its row is gone, but its blob was written a moment ago";
    EXPECT_EQ(blobs_in(server.files_dir()), 1u);
}

TEST_F(Files, ReadinessSaysWhetherTheFileStoreCanBeWritten) {
    auto ready = http_call(server.port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ready.body.at("checks").at("files").as_string(), "ok");
    fs::remove_all(fs::path(server.files_dir()) / "tmp");
    auto broken = http_call(server.port(), "GET", "/readyz");
    EXPECT_EQ(broken.status, 503);
    EXPECT_EQ(broken.body.at("checks").at("files").as_string(), "unavailable");
    auto r = upload(alice, room, {{"a.txt", "a"}});
    EXPECT_EQ(r.status, 507) << "said, not half done";
    fs::create_directories(fs::path(server.files_dir()) / "tmp");
    EXPECT_EQ(http_call(server.port(), "GET", "/readyz").status, 200);
    EXPECT_EQ(upload(alice, room, {{"a.txt", "a"}}).status, 201);
}

class FileLimits : public ::testing::Test {
  protected:
    static server_config limited() {
        auto c = test_server::test_config();
        c.max_file_bytes = 1000;
        c.upload_quota_bytes = 2500;
        return c;
    }
    void SetUp() override {
        alice = server.signup("alice");
        room = server.create_group(alice, "Room");
    }
    test_server server{limited()};
    account alice;
    store::id_t room = 0;
};

TEST_F(FileLimits, TooLargeIsRefusedFromContentLengthOrAsItArrivesAndNothingIsKept) {
    auto r = http_upload(server.port(), room, {{"big.bin", std::string(200000, 'x')}}, alice.token);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.body.at("error").at("code"), "file_too_large");
    // Just over the limit, within the framing allowance: cut when the part passes it.
    r = http_upload(server.port(), room, {{"big.bin", std::string(1001, 'x')}}, alice.token);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(
        http_upload(server.port(), room, {{"ok.bin", std::string(1000, 'x')}}, alice.token).status,
        201);

    // Chunked, with no Content-Length: cut as it arrives.
    namespace net = boost::asio;
    net::io_context ioc;
    net::ip::tcp::socket s(ioc);
    s.connect({net::ip::make_address("127.0.0.1"), server.port()});
    const std::string head = "POST /files?roomId=" + std::to_string(room) +
                             " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + alice.token +
                             "\r\nContent-Type: multipart/form-data; boundary=" + form_boundary +
                             "\r\nTransfer-Encoding: chunked\r\n\r\n";
    net::write(s, net::buffer(head));
    const std::string chunk(60000, 'y');
    boost::system::error_code ec;
    for (int i = 0; i < 4 && !ec; ++i) {
        std::string framed = "ea60\r\n" + chunk + "\r\n";
        net::write(s, net::buffer(framed), ec);
    }
    std::string answer(4096, '\0');
    const auto n = s.read_some(net::buffer(answer), ec);
    answer.resize(ec ? 0 : n);
    EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
    EXPECT_EQ(blobs_in(server.files_dir()), 1u) << "only the file that fit";
}

TEST_F(FileLimits, TheQuotaCountsEverythingAUserUploaded) {
    for (char c : {'a', 'b'})
        ASSERT_EQ(
            http_upload(server.port(), room, {{"f.bin", std::string(1000, c)}}, alice.token).status,
            201);
    auto r = http_upload(server.port(), room, {{"f.bin", std::string(600, 'c')}}, alice.token);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.body.at("error").at("code"), "quota_exceeded");
    EXPECT_EQ(
        http_upload(server.port(), room, {{"f.bin", std::string(400, 'c')}}, alice.token).status,
        201)
        << "what fits is fine";
}

class FileRate : public ::testing::Test {
  protected:
    static server_config limited() {
        auto c = test_server::test_config();
        c.abuse.uploads_per_user = {0.01, 2};
        return c;
    }
    test_server server{limited()};
};

TEST_F(FileRate, UploadsPerUserAreLimited) {
    const auto alice = server.signup("alice");
    const auto room = server.create_group(alice, "Room");
    for (int i = 0; i < 2; ++i)
        EXPECT_EQ(http_upload(server.port(), room, {{"f.txt", "x"}}, alice.token).status, 201);
    auto r = http_upload(server.port(), room, {{"f.txt", "x"}}, alice.token);
    EXPECT_EQ(r.status, 429);
    EXPECT_FALSE(r.retry_after.empty());
}

}  // namespace
}  // namespace parley::testing
