#pragma once
// Who may change a message and when a change changes nothing: one rule for every backend, which
// applies it inside the transaction that stores the change. Internal to store/.
#include <optional>
#include <string>

#include "room_policy.hpp"
#include "store/errors.hpp"
#include "store/types.hpp"

namespace parley::store {

/// The message a change concerns, as the rules see it.
struct change_target {
    id_t author = 0;
    bool deleted = false;
    std::string text;
    room_kind kind = room_kind::group;  ///< of the message's room
    std::optional<member_role> role;    ///< the changing user's there; nullopt: not a member
};

/// What a change may do, judged from its target alone.
enum class change_verdict {
    proceed,    ///< apply it (a reaction's effect then depends on the reactions table)
    unchanged,  ///< it would change nothing: store nothing, answer duplicate
};

/// forbidden: what may() does not allow the changing user (an edit of someone else's message, a
/// deletion of one unless they own the group, any change by a non-member). not_found: editing or
/// reacting to a deleted message. unchanged: the same text again, deleting a deleted message.
/// invalid_argument: `m` is no change. Pure.
inline result<change_verdict> judge_change(const new_message& m, const change_target& t) {
    const bool own = t.author == m.user_id;
    switch (m.kind) {
        case event_kind::edit:
            if (!own || !may(t.role, t.kind, room_action::edit_own)) return errc::forbidden;
            if (t.deleted) return errc::not_found;
            return t.text == m.text ? change_verdict::unchanged : change_verdict::proceed;
        case event_kind::deletion:
            if (!may(t.role, t.kind, own ? room_action::delete_own : room_action::delete_others))
                return errc::forbidden;
            return t.deleted ? change_verdict::unchanged : change_verdict::proceed;
        case event_kind::reaction:
            if (!may(t.role, t.kind, room_action::post)) return errc::forbidden;
            if (t.deleted) return errc::not_found;
            return change_verdict::proceed;
        case event_kind::message:
            break;
    }
    return errc::invalid_argument;
}

/// Whether `stored`, found under `m`'s clientMsgId, is what `m` asks for again (a retry, answered
/// with it) rather than another request reusing the id (refused: answering it with `stored`
/// would drop it silently). A message's text counts only while it was never edited or deleted;
/// a change's row never changes. Pure.
inline bool is_retry_of(const new_message& m, const message& stored) {
    if (m.kind != stored.kind) return false;
    if (m.kind == event_kind::message) {
        std::optional<id_t> answered;
        if (stored.reply) answered = stored.reply->id;
        const bool text_kept = !stored.edited_at && !stored.deleted;
        return m.reply_to == answered && (!text_kept || m.text == stored.text);
    }
    return m.target_id == stored.target_id && m.text == stored.text &&
           (m.kind != event_kind::reaction || m.reaction_on == stored.reaction_on);
}

/// The answer to `m` when its clientMsgId is already stored, as `stored`: the original (a
/// duplicate) when `m` is its retry, conflict when the id was reused for something else. Pure.
inline result<saved_message> answer_retry(const new_message& m, message stored) {
    if (!is_retry_of(m, stored)) return errc::conflict;
    return saved_message{std::move(stored), true};
}

}  // namespace parley::store
