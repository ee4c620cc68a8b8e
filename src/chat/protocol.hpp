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

#include "config.hpp"
#include "failure.hpp"
#include "store/types.hpp"

namespace parley::chat {

using store::id_t;

/// `{type:"join", roomId, since?}`: with `since`, history is every message after that seq.
struct join_request {
    id_t room_id;
    std::optional<std::int64_t> since;
};
/// `{type:"message", roomId, text, clientMsgId?}`; text is already trimmed and checked.
struct send_request {
    id_t room_id;
    std::string text;
    std::optional<std::string> client_msg_id;  ///< makes retries idempotent
};
/// `{type:"history", roomId, afterSeq | beforeSeq, limit?}`
struct history_request {
    id_t room_id;
    std::optional<std::int64_t> after_seq;
    std::optional<std::int64_t> before_seq;
    int limit;
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
using client_request = std::variant<join_request, send_request, leave_request, list_request,
                                    history_request, ping_request, read_request>;

/// Most messages one `joined` or `history` carries.
constexpr int history_page_max = limits::history_page_max;

/// Limits applied while parsing.
struct protocol_limits {
    std::size_t max_text_chars = 4000;  ///< longest message text, in Unicode code points
};

/// Parses one text frame from a client signed in as `username`.
/// Failures: invalid_message (not JSON, missing or mistyped fields, bad text), unknown_type,
/// forbidden (a `username`/`sender` field that names someone else).
[[nodiscard]] outcome<client_request> parse_request(std::string_view frame,
                                                    std::string_view username,
                                                    const protocol_limits& limits);

/// Serialized bytes of one server event, shared by all recipients.
using frame = std::shared_ptr<const std::string>;

/// A room member as clients see it.
struct member_view {
    id_t id;
    std::string user;
    bool online;
};

/// A stored message as clients see it: `{id, roomId, seq, sender, senderId, text, ts}`, plus
/// `clientMsgId` when the sender gave one.
[[nodiscard]] boost::json::object message_json(const store::message& m);

/// Serializes a JSON value into a frame.
[[nodiscard]] frame make_frame(const boost::json::value& v);

/// `{type:"joined", roomId, members, history, hasMore, lastSeq}`
[[nodiscard]] frame joined_event(id_t room_id, const std::vector<member_view>& members,
                                 const std::vector<store::message>& history, bool has_more,
                                 std::int64_t last_seq);
/// `{type:"history", roomId, messages, hasMore}`
[[nodiscard]] frame history_event(id_t room_id, const std::vector<store::message>& messages,
                                  bool has_more);
/// `{type:"ack", roomId, clientMsgId, id, seq, ts}`: the sender's message is durable.
[[nodiscard]] frame ack_event(const store::message& m);
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
/// `{type:"room_activity", roomId, seq, sender, senderId, preview, ts}` for the `message` event
/// frame `message_frame` (first limits::activity_preview_chars characters of its text), for
/// members whose sockets are not joined to the room; nullptr if the frame is no message.
[[nodiscard]] frame room_activity_event(const frame& message_frame);
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
/// `{type:"error", code, message, clientMsgId?}`
[[nodiscard]] frame error_event(const failure& f,
                                const std::optional<std::string>& client_msg_id = std::nullopt);
/// `{type:"error", code:"rate_limited", message, retryAfterMs, clientMsgId?}`: the request was
/// refused by a rate limit and nothing was done; it may be retried after that long.
[[nodiscard]] frame rate_limited_event(std::chrono::milliseconds retry_after,
                                       const std::optional<std::string>& client_msg_id = {});

/// Members as clients see them: database members flagged online if connected to the room.
[[nodiscard]] std::vector<member_view> member_views(const std::vector<store::member>& members,
                                                    const std::unordered_set<id_t>& online);

}  // namespace parley::chat
