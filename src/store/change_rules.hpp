#pragma once
// Who may change a message and when a change changes nothing: one rule for every backend, which
// applies it inside the transaction that stores the change. Internal to store/.
#include <string>

#include "store/errors.hpp"
#include "store/types.hpp"

namespace parley::store {

/// The message a change concerns, as the rules see it.
struct change_target {
    id_t author = 0;
    bool deleted = false;
    std::string text;
    bool by_owner = false;  ///< the changing user owns the room, and it is a group
};

/// What a change may do, judged from its target alone.
enum class change_verdict {
    proceed,    ///< apply it (a reaction's effect then depends on the reactions table)
    unchanged,  ///< it would change nothing: store nothing, answer duplicate
};

/// forbidden: an edit by anyone but the author, a deletion by anyone but the author or a
/// group's owner. not_found: editing or reacting to a deleted message. unchanged: the same text
/// again, deleting a deleted message. invalid_argument: `m` is no change. Pure.
inline result<change_verdict> judge_change(const new_message& m, const change_target& t) {
    switch (m.kind) {
        case event_kind::edit:
            if (t.author != m.user_id) return errc::forbidden;
            if (t.deleted) return errc::not_found;
            return t.text == m.text ? change_verdict::unchanged : change_verdict::proceed;
        case event_kind::deletion:
            if (t.author != m.user_id && !t.by_owner) return errc::forbidden;
            return t.deleted ? change_verdict::unchanged : change_verdict::proceed;
        case event_kind::reaction:
            if (t.deleted) return errc::not_found;
            return change_verdict::proceed;
        case event_kind::message:
            break;
    }
    return errc::invalid_argument;
}

}  // namespace parley::store
