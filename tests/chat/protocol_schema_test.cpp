// docs/protocol.schema.json and the server say the same: every request the parser reads is one the
// schema allows (and the other way round for the malformed ones), every event the server builds
// matches it, and both know the same types. The integration suites check every frame they read
// too (support/ws_client).
#include "support/protocol_schema.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "chat/protocol.hpp"

namespace parley::chat {
namespace {

using testing::frame_direction;
using testing::protocol_schema;
namespace json = boost::json;

const protocol_schema& schema() { return protocol_schema::get(); }

std::string request_mismatches(std::string_view text) {
    return schema().mismatches(json::parse(text), frame_direction::request);
}

std::string event_mismatches(const frame& f) {
    return schema().mismatches(json::parse(*f), frame_direction::event);
}

bool parses(std::string_view text) {
    return !parse_request(text, "alice", protocol_limits{}).has_error();
}

std::set<std::string> schema_types(std::string_view definition) {
    std::set<std::string> out;
    const auto& e = schema().document().at_pointer("/definitions/" + std::string(definition) +
                                                   "/properties/type/enum");
    for (const auto& t : e.as_array()) out.insert(std::string(t.as_string()));
    return out;
}

// Each type named in the enum picks its own definition (an unlisted branch would allow anything).
TEST(ProtocolSchema, GivesEveryTypeItsOwnDefinition) {
    for (const std::string kind : {"request", "event"}) {
        std::set<std::string> branches;
        const auto& all = schema().document().at_pointer("/definitions/" + kind + "/allOf");
        for (const auto& branch : all.as_array()) {
            const std::string type(branch.at_pointer("/if/properties/type/const").as_string());
            EXPECT_EQ(branch.at_pointer("/then/$ref").as_string(),
                      "#/definitions/" + type + "_" + kind);
            branches.insert(type);
        }
        EXPECT_EQ(branches, schema_types(kind)) << kind;
    }
}

TEST(ProtocolSchema, KnowsTheRequestTypesOfTheServersTable) {
    std::set<std::string> server;
    for (auto name : request_type_names()) server.insert(std::string(name));
    EXPECT_EQ(schema_types("request"), server);
}

// The examples of docs/protocol.md, and every field each request may carry.
TEST(ProtocolSchema, AllowsEveryRequestTheServerReads) {
    for (const char* text : {
             R"({"type":"ping"})",
             R"({"type":"join","roomId":1})",
             R"({"type":"join","roomId":"12","since":41,"username":"alice"})",
             R"({"type":"join","roomId":1,"since":null})",
             R"({"type":"leave","roomId":1})",
             R"({"type":"list","roomId":1,"sender":"alice"})",
             R"({"type":"typing","roomId":1})",
             R"({"type":"read","roomId":3,"seq":17})",
             R"({"type":"history","roomId":1,"afterSeq":141,"limit":100})",
             R"({"type":"history","roomId":1,"beforeSeq":42})",
             R"({"type":"history","roomId":1,"aroundSeq":17,"limit":50})",
             R"({"type":"message","roomId":1,"text":"Hello Bob!","clientMsgId":"6f1c-2a9e"})",
             R"({"type":"message","roomId":1,"text":"yes!","replyTo":123,"clientMsgId":null})",
             R"({"type":"edit","roomId":1,"messageId":123,"text":"Hello Bob, again"})",
             R"({"type":"delete","roomId":1,"messageId":123,"clientMsgId":"d1"})",
             R"({"type":"react","roomId":1,"messageId":123,"emoji":"👍","on":true})",
             R"({"type":"react","roomId":1,"messageId":123,"emoji":"👍"})",
         }) {
        EXPECT_TRUE(parses(text)) << text;
        EXPECT_EQ(request_mismatches(text), "") << text;
    }
}

TEST(ProtocolSchema, RefusesWhatTheServerRefuses) {
    for (const char* text : {
             R"({"roomId":1})",
             R"({"type":"join"})",
             R"({"type":"join","roomId":0})",
             R"({"type":"join","roomId":"1a"})",
             R"({"type":"join","roomId":1,"since":-1})",
             R"({"type":"join","roomId":1,"room":2})",
             R"({"type":"ping","roomId":1})",
             R"({"type":"read","roomId":1})",
             R"({"type":"history","roomId":1})",
             R"({"type":"history","roomId":1,"afterSeq":1,"beforeSeq":2})",
             R"({"type":"history","roomId":1,"afterSeq":1,"limit":0})",
             R"({"type":"history","roomId":1,"afterSeq":1,"limit":101})",
             R"({"type":"message","roomId":1})",
             R"({"type":"message","roomId":1,"text":""})",
             R"({"type":"message","roomId":1,"text":7})",
             R"({"type":"message","roomId":1,"text":"hi","clientMsgId":""})",
             R"({"type":"message","roomId":1,"text":"hi","clientMsgId":"a b"})",
             R"({"type":"message","roomId":1,"text":"hi","replyTo":0})",
             R"({"type":"message","roomId":1,"text":"hi","color":"red"})",
             R"({"type":"edit","roomId":1,"text":"hi"})",
             R"({"type":"delete","roomId":1,"messageId":"5"})",
             R"({"type":"react","roomId":1,"messageId":5})",
             R"({"type":"react","roomId":1,"messageId":5,"emoji":"👍","on":"yes"})",
             R"({"type":"typing","roomId":1,"text":"hi"})",
             R"({"type":"message","roomId":1,"text":"hi","username":7})",
         }) {
        EXPECT_FALSE(parses(text)) << text;
        EXPECT_NE(request_mismatches(text), "") << text;
    }
}

// The fuzz corpus holds requests of every shape: whatever the parser takes, the schema allows.
TEST(ProtocolSchema, AllowsEveryCorpusRequestTheParserTakes) {
    const auto dir = std::filesystem::path(PARLEY_SOURCE_DIR) / "fuzz/corpus/protocol";
    int taken = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        if (!parses(text.str())) continue;
        ++taken;
        EXPECT_EQ(request_mismatches(text.str()), "") << entry.path();
    }
    EXPECT_GT(taken, 5);
}

store::message stored(std::int64_t seq, store::event_kind kind = store::event_kind::message) {
    store::message m;
    m.id = 100 + seq;
    m.room_id = 1;
    m.user_id = 2;
    m.sender = "bob";
    m.text = kind == store::event_kind::reaction ? "👍" : "hello @alice";
    m.created_at = 1700000000000;
    m.seq = seq;
    m.kind = kind;
    m.target_id = kind == store::event_kind::message ? 0 : 101;
    m.edited_at = kind == store::event_kind::edit ? std::optional<store::millis_t>(1700000000500)
                                                  : std::nullopt;
    m.reaction_on = true;
    m.reaction_count = 1;
    return m;
}

/// One of every event the server builds, in all its forms.
std::vector<frame> every_event() {
    auto full = stored(1);
    full.client_msg_id = "c1";
    full.edited_at = 1700000000100;
    full.reply = store::reply_quote{99, "alice", "lunch?", false};
    full.reactions = {{"👍", {2, 3}}};
    auto deleted = stored(2);
    deleted.deleted = true;
    deleted.text.clear();
    const std::vector<member_view> members{{1, "alice", true}, {2, "bob", false}};
    const std::vector<store::message> catch_up{full, stored(3, store::event_kind::edit),
                                               stored(4, store::event_kind::deletion),
                                               stored(5, store::event_kind::reaction)};
    auto unchanged = stored(0, store::event_kind::edit);
    unchanged.client_msg_id = "e1";
    auto activity = room_activity_events(stored(6));
    return {
        joined_event(1, members, catch_up, false, 5, 2),
        joined_event(1, {}, {}, true, 0),
        history_event(1, store::page{{full, deleted}, true, 2, true}, 0, true),
        history_event(1, store::page{{}, false, 0, false}),
        message_event(full),
        message_event(deleted),
        event_frame(stored(3, store::event_kind::edit)),
        event_frame(stored(4, store::event_kind::deletion)),
        event_frame(stored(5, store::event_kind::reaction)),
        ack_event(full),
        ack_event(stored(7)),
        ack_event(unchanged),
        typing_event(1, "bob", 2),
        member_joined_event(1, "bob", 2, "0f8e"),
        member_joined_event(1, "bob", 2, ""),
        member_left_event(1, "bob", 2),
        read_event(1, 17),
        activity->plain,
        activity->mention,
        room_added_event(1),
        room_removed_event(1, "removed"),
        room_removed_event(1, "deleted"),
        pong_event(),
        list_event(1, members),
        removed_event(1, "removed"),
        error_event({"not_joined", "join the room first", 409}),
        error_event({"save_failed", "Failed to save message", 503}, 1, std::string("c1")),
        rate_limited_event(std::chrono::milliseconds(200), 1, std::string("c1")),
    };
}

TEST(ProtocolSchema, AllowsEveryEventTheServerBuilds) {
    std::set<std::string> built;
    for (const auto& f : every_event()) {
        ASSERT_TRUE(f);
        EXPECT_EQ(event_mismatches(f), "") << *f;
        built.insert(std::string(json::parse(*f).at("type").as_string()));
    }
    EXPECT_EQ(built, schema_types("event"));
}

TEST(ProtocolSchema, RefusesEventsWithFieldsItDoesNotName) {
    EXPECT_NE(
        schema().mismatches(json::parse(R"({"type":"pong","extra":1})"), frame_direction::event),
        "");
    EXPECT_NE(schema().mismatches(json::parse(R"({"type":"typing","roomId":1,"user":"bob"})"),
                                  frame_direction::event),
              "");
    EXPECT_NE(schema().mismatches(json::parse(R"({"type":"shout"})"), frame_direction::event), "");
}

}  // namespace
}  // namespace parley::chat
