#pragma once
// The WebSocket protocol of docs/protocol.md: client requests parsed into types, and server
// events serialized once into frames that every recipient shares.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <variant>
#include <vector>

#include "bus/bus.hpp"
#include "config.hpp"
#include "failure.hpp"
#include "store/message_log.hpp"
#include "store/types.hpp"

namespace parley::chat {

using store::id_t;

/// `{type:"join", roomId, since?}`: with `since`, history is every message after that seq.
struct join_request {
    id_t room_id;
    std::optional<std::int64_t> since;
};
/// `{type:"message", roomId, text, clientMsgId?, replyTo?, files?}`; text is already trimmed and
/// checked (empty only with files: then it is their caption, and optional).
struct send_request {
    id_t room_id;
    std::string text;
    std::optional<std::string> client_msg_id;  ///< makes retries idempotent
    std::optional<id_t> reply_to;              ///< a message of the room it answers
    std::vector<std::string> files;            ///< uploads of the sender's to attach, in order
};
/// A change to a message: `{type:"edit", roomId, messageId, text}`, `{type:"delete", roomId,
/// messageId}` or `{type:"react", roomId, messageId, emoji, on}`, each with an optional
/// clientMsgId. `text` is the new text (checked like a message's) or the emoji.
struct change_request {
    store::event_kind kind;
    id_t room_id;
    id_t message_id;
    std::string text;
    bool on = false;  ///< react: add (true) or take back
    std::optional<std::string> client_msg_id;
};
/// `{type:"typing", roomId}`: the user is typing there; never stored.
struct typing_request {
    id_t room_id;
};
/// `{type:"history", roomId, afterSeq | beforeSeq | aroundSeq, limit?}`
struct history_request {
    id_t room_id;
    std::optional<std::int64_t> after_seq;
    std::optional<std::int64_t> before_seq;
    int limit;
    std::optional<std::int64_t> around_seq = std::nullopt;
};
/// `{type:"leave", roomId}`
struct leave_request {
    id_t room_id;
};
/// `{type:"list", roomId}`
struct list_request {
    id_t room_id;
};
/// `{type:"ping"}`: answered with `pong` by the connection itself, with no store work.
struct ping_request {};
/// `{type:"read", roomId, seq}`: the user has read the room up to `seq`.
struct read_request {
    id_t room_id;
    std::int64_t seq;
};
using client_request =
    std::variant<join_request, send_request, leave_request, list_request, history_request,
                 ping_request, read_request, change_request, typing_request>;

/// Most messages one `joined` or `history` carries.
constexpr int history_page_max = limits::history_page_max;

/// Limits applied while parsing.
struct protocol_limits {
    std::size_t max_text_chars = 4000;  ///< longest message text, in Unicode code points
};

/// A request parse_request refused: why, and what it could read of what the request was about,
/// so that the error names them: its roomId (0: none readable) and its clientMsgId (when valid).
struct refused_request : failure {
    id_t room_id = 0;
    std::optional<std::string> client_msg_id;
};

/// Parses one text frame from a client signed in as `username`: the schema of each request is
/// docs/protocol.schema.json. Refusals: invalid_message (not JSON, missing, mistyped or unknown
/// fields, bad text), unknown_type, forbidden (a `username`/`sender` field that names someone
/// else).
[[nodiscard]] boost::system::result<client_request, refused_request> parse_request(
    std::string_view frame, std::string_view username, const protocol_limits& limits);
/// The `type` of every request parse_request reads, from its one table of request types.
[[nodiscard]] std::vector<std::string_view> request_type_names();

/// Serialized bytes of one server event, shared by all recipients.
using frame = bus::frame;

/// A room member as clients see it.
struct member_view {
    id_t id;
    std::string user;
    bool online;
};

/// A stored message as clients see it: `{id, roomId, seq, sender, senderId, text, ts}`, plus
/// `clientMsgId` when the sender gave one, `editedAt` once edited, `deleted: true` once deleted,
/// `replyTo: {id, sender, text, deleted}` for a reply and `reactions: [{emoji, count, users,
/// me?}]` when it has any (`me`, whether `viewer` reacted, only for a viewer; `users` lists at
/// most limits::reaction_users_listed). A change (edit, deletion, reaction) is written as its
/// event instead (see change_json).
[[nodiscard]] boost::json::object message_json(const store::message& m, id_t viewer = 0);
/// A stored change as its event: `message_edited`, `message_deleted` or `reaction`.
[[nodiscard]] boost::json::object change_json(const store::message& m);
/// `[{id, name, size, contentType, url, width?, height?, thumbnailUrl?}]`: a message's files as
/// every frame, page and search result shows them.
[[nodiscard]] boost::json::array files_json(const std::vector<store::file_summary>& files);
/// The frame every member hears for a stored row: `message` for a message, the change's event
/// otherwise.
[[nodiscard]] frame event_frame(const store::message& m);

/// Serializes a JSON value into a frame.
[[nodiscard]] frame make_frame(const boost::json::value& v);

/// `{type:"joined", roomId, members, history, hasMore, lastSeq}`, as `viewer` sees it. After a
/// `since`, history holds the changes made since too, each as its event, in seq order.
[[nodiscard]] frame joined_event(id_t room_id, const std::vector<member_view>& members,
                                 const std::vector<store::message>& history, bool has_more,
                                 std::int64_t last_seq, id_t viewer = 0);
/// `{type:"history", roomId, messages, hasMore}` (`hasNewer` too for `aroundSeq`), as `viewer`
/// sees it.
[[nodiscard]] frame history_event(id_t room_id, const store::page& page, id_t viewer = 0,
                                  bool around = false);
/// `{type:"ack", roomId, clientMsgId, id, seq, ts}`: the sender's message (or change, then with
/// `messageId`) is durable. A change that changed nothing is acked with `unchanged: true` and no
/// id or seq.
[[nodiscard]] frame ack_event(const store::message& m);
/// `{type:"typing", roomId, user, userId}`: `user` is typing in the room.
[[nodiscard]] frame typing_event(id_t room_id, std::string_view user, id_t user_id);
/// `{type:"member_joined", roomId, user, userId, clientId}`
[[nodiscard]] frame member_joined_event(id_t room_id, std::string_view user, id_t user_id,
                                        std::string_view client_id);
/// `{type:"member_left", roomId, user, userId}`
[[nodiscard]] frame member_left_event(id_t room_id, std::string_view user, id_t user_id);
/// `{type:"message", roomId, message:{id, roomId, sender, senderId, text, ts}}`
[[nodiscard]] frame message_event(const store::message& m);
/// `{type:"read", roomId, seq}`: the user's read marker in the room is now `seq` (to every
/// socket of the user, on every node).
[[nodiscard]] frame read_event(id_t room_id, std::int64_t seq);
/// What members whose sockets are not joined to a room hear of a stored message: plain is
/// `{type:"room_activity", roomId, seq, sender, senderId, preview, ts}` (the first
/// limits::activity_preview_chars characters), mention the same with `"mention": true` for the
/// users it mentions (text::mentioned_names), if any. nullptr for a change (edit, deletion,
/// reaction): watchers hear nothing of those.
[[nodiscard]] std::shared_ptr<const bus::watcher_frames> room_activity_events(
    const store::message& m);
/// A stored row as the bus carries it: its event_frame() and its room_activity_events().
[[nodiscard]] bus::room_event room_event_of(const store::message& m);
/// `{type:"room_added", roomId}`: the user became a member of the room (added to a group, a
/// 1:1 chat opened with them); GET /me/rooms has it now.
[[nodiscard]] frame room_added_event(id_t room_id);
/// `{type:"room_removed", roomId, reason}`: the user is no longer a member ("removed", "left")
/// or the room was deleted ("deleted").
[[nodiscard]] frame room_removed_event(id_t room_id, std::string_view reason);
/// `{type:"pong"}`, the answer to `ping`.
[[nodiscard]] frame pong_event();
/// `{type:"list", roomId, members}`
[[nodiscard]] frame list_event(id_t room_id, const std::vector<member_view>& members);
/// `{type:"removed", roomId, reason}`: this connection is no longer in the room, because its
/// user was removed ("removed") or the room was deleted ("deleted").
[[nodiscard]] frame removed_event(id_t room_id, std::string_view reason);
/// `{type:"error", code, message, roomId?, clientMsgId?}`: `roomId` (when not 0) is the room the
/// refused request named, so a client with many rooms on one socket knows whose error it is.
[[nodiscard]] frame error_event(const failure& f, id_t room_id = 0,
                                const std::optional<std::string>& client_msg_id = std::nullopt);
/// `{type:"error", code:"rate_limited", message, retryAfterMs, roomId?, clientMsgId?}`: the
/// request was refused by a rate limit and nothing was done; it may be retried after that long.
[[nodiscard]] frame rate_limited_event(std::chrono::milliseconds retry_after, id_t room_id = 0,
                                       const std::optional<std::string>& client_msg_id = {});

/// Members as clients see them: database members flagged online if connected to the room.
[[nodiscard]] std::vector<member_view> member_views(const std::vector<store::member>& members,
                                                    const std::unordered_set<id_t>& online);

}  // namespace parley::chat
