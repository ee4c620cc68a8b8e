#pragma once
// Plain records the store reads and writes. Times are milliseconds since the Unix epoch.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "room_policy.hpp"

namespace parley::store {

using id_t = std::int64_t;
using millis_t = std::int64_t;

/// A registered account, without its password hash.
struct user {
    id_t id = 0;
    std::string username;
    std::optional<std::string> nickname;
    std::optional<std::string> email;
    std::optional<std::string> avatar;
    millis_t created_at = 0;
};

/// A user together with the argon2id hash needed to check a password.
struct user_credentials {
    user account;
    std::string password_hash;
    bool disabled = false;  ///< an administrator disabled (or deleted) the account
};

/// The kind or role a row names; the tables' CHECK constraints allow no other names.
inline room_kind stored_room_kind(std::string_view name) {
    return room_kind_named(name).value_or(room_kind::group);
}
inline member_role stored_member_role(std::string_view name) {
    return member_role_named(name).value_or(member_role::member);
}

/// What a new account is made of; the password is already hashed.
struct new_user {
    std::string username;
    std::optional<std::string> email;
    std::string password_hash;
};

/// A chat room: a named group, or a direct (1:1) conversation. ("group" is the REST word.)
struct room {
    id_t id = 0;
    std::string name;
    bool is_private = false;
    room_kind kind = room_kind::group;
    id_t created_by = 0;
    millis_t created_at = 0;
    std::int64_t last_seq = 0;  ///< the room's event counter: seq of its newest message
    std::string topic;          ///< a group's topic, set by its owner; empty when none
};

/// What creating a room needs; the creator becomes its owner and first member.
struct new_room {
    std::string name;
    bool is_private = false;
    room_kind kind = room_kind::group;
    id_t created_by = 0;
};

/// One member of a room.
struct member {
    id_t user_id = 0;
    std::string username;
    member_role role = member_role::member;
    std::optional<std::string> nickname;
    std::optional<std::string> avatar;
};

/// What a row of a room's event stream is: a message, or a change to an earlier message. Every
/// row takes the room's next seq, so a catch-up by seq replays changes in order. The values are
/// stored; never renumber them.
enum class event_kind : int {
    message = 0,   ///< a chat message
    edit = 1,      ///< the author replaced the text of `target_id`; `text` is the new text
    deletion = 2,  ///< `target_id` was deleted (its text is gone)
    reaction = 3,  ///< a user added (`reaction_on`) or took back the emoji `text` on `target_id`
};

/// The message a reply answers, as the reply shows it: a short quote, never the whole text.
struct reply_quote {
    id_t id = 0;
    std::string sender;
    std::string text;  ///< the first limits::reply_quote_chars characters; empty once deleted
    bool deleted = false;
};

/// One emoji on a message and who put it there, oldest first.
struct reaction_summary {
    std::string emoji;
    std::vector<id_t> users;
};

/// A file attached to a message, as the message shows it.
struct file_summary {
    std::string id;  ///< the file's public id (GET /files/:id)
    std::string name;
    std::int64_t size = 0;
    std::string content_type;          ///< sniffed from the bytes, never the name the client sent
    std::optional<int> width, height;  ///< an image's, in pixels, as it displays (orientation)
    bool has_thumbnail = false;
};

/// A stored row of a room's event stream: a chat message or a change to one (see event_kind).
/// A message row read back shows the message as it is now: edited text, deleted, reactions.
struct message {
    id_t id = 0;
    id_t room_id = 0;
    id_t user_id = 0;
    std::string sender;  ///< the sender's username (for a change: who made it)
    std::string text;
    millis_t created_at = 0;
    std::int64_t seq = 0;                      ///< position in its room: 1, 2, 3, ... no gaps
    std::optional<std::string> client_msg_id;  ///< the sender's id for retries, if given
    event_kind kind = event_kind::message;
    id_t target_id = 0;                       ///< a change: the message it changes
    std::optional<millis_t> edited_at;        ///< a message: when its text was last replaced
    bool deleted = false;                     ///< a message: deleted; its text is empty
    std::optional<reply_quote> reply;         ///< a message: the message it answers
    bool reaction_on = false;                 ///< a reaction: added (true) or taken back
    std::int64_t reaction_count = 0;          ///< a reaction: how many carry the emoji after it
    std::vector<reaction_summary> reactions;  ///< a message read in a page: its reactions
    std::vector<file_summary> files;          ///< a message: its files, in the sender's order
};

/// What saving a message, or a change to one, needs. The time is assigned by the caller so one
/// clock orders a room.
struct new_message {
    id_t room_id = 0;
    id_t user_id = 0;
    std::string sender;
    std::string text;  ///< a message's or an edit's text; a reaction's emoji; empty otherwise
    millis_t created_at = 0;
    std::optional<std::string> client_msg_id;
    event_kind kind = event_kind::message;
    id_t target_id = 0;            ///< a change: the message it changes
    std::optional<id_t> reply_to;  ///< a message: the message of the room it answers
    bool reaction_on = false;      ///< a reaction: add (true) or take back
    /// A message: ids of files its sender uploaded to the room and never attached, attached
    /// now in this order (errc::invalid_reference for any other).
    std::vector<std::string> files;
};

/// The outcome of saving one message.
struct saved_message {
    message msg;
    bool duplicate = false;  ///< a retry: the sender's clientMsgId was stored before, as `msg`
};

/// The editable part of a profile; each field replaces the stored one (nullopt clears it).
struct profile_fields {
    std::optional<std::string> nickname;
    std::optional<std::string> email;
    std::optional<std::string> avatar;
};

/// A group as a list shows it, seen by one user.
struct room_summary {
    room info;
    std::int64_t member_count = 0;
    bool joined = false;                      ///< the viewer is a member
    std::optional<millis_t> last_message_at;  ///< time of the newest message
};

/// A direct room as its member sees it: who is on the other side, and the newest message.
struct direct_summary {
    store::room room;
    user other;
    std::optional<message> last_message;
};

/// One of a user's rooms as their room list shows it.
struct my_room {
    store::room room;                     ///< with its last_seq
    std::optional<user> other;            ///< the other member of a direct room
    std::int64_t last_read_seq = 0;       ///< the user's read marker in the room
    std::int64_t unread = 0;              ///< messages from others after it, at most the cap
    std::optional<message> last_message;  ///< the newest message, if any
    std::int64_t mentions = 0;            ///< unread messages that mention the user, capped too
};

/// A tag and how many users carry it.
struct tag_count {
    std::string tag;
    std::int64_t users = 0;
};

/// A signed-in session, found by the hash of its bearer token.
struct session {
    std::string token_hash;
    id_t user_id = 0;
    millis_t created_at = 0;
    millis_t expires_at = 0;
    /// The password hash a sign-in verified: the session is made only while it is still the
    /// user's (a password changed meanwhile makes create_session fail with conflict, so no
    /// session made with an old password outlives the change). Unset: no such condition.
    std::optional<std::string> verified_hash;
};

/// The user of a live session, and when that session ends.
struct session_user {
    user account;
    millis_t expires_at = 0;
};

}  // namespace parley::store
