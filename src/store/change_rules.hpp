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

}  // namespace parley::store
