#include "chat/join_batch.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "auth/accounts.hpp"
#include "config.hpp"
#include "room_policy.hpp"

namespace parley::chat {
namespace {

const failure room_not_found{"room_not_found", "that room does not exist", 404};

/// A history read's failure as a join sees it.
failure history_failure(const boost::system::error_code& ec) {
    return ec == store::errc::not_found ? room_not_found : store_failure();
}

}  // namespace

store::page slice_after(const store::page& p, std::int64_t since, int limit) {
    store::page out;
    out.last_seq = p.last_seq;
    auto first = std::find_if(p.messages.begin(), p.messages.end(),
                              [&](const store::message& m) { return m.seq > since; });
    const auto available = std::distance(first, p.messages.end());
    const auto taken = std::min<std::ptrdiff_t>(available, limit);
    out.messages.assign(first, first + taken);
    out.has_more = available > taken || p.has_more;
    return out;
}

join_batch_result read_join_batch(store::rooms& rooms, store::message_log& log, id_t room,
                                  const std::vector<join_read>& joins, int limit,
                                  join_pages known) {
    using result = outcome<join_snapshot>;
    auto everyone = [&](const failure& f) {
        return join_batch_result{std::vector<result>(joins.size(), f), {}, {}};
    };
    auto found = rooms.find_room(room);
    if (!found) return everyone(history_failure(found.error()));
    auto members = rooms.members(room);
    if (!members) return everyone(store_failure());

    // Who may enter: members, and anyone joining a public group (added here, once per user).
    std::unordered_set<id_t> admitted;
    for (const auto& m : *members) admitted.insert(m.user_id);
    std::vector<std::optional<failure>> refused(joins.size());
    std::vector<id_t> newly_added;
    for (std::size_t i = 0; i < joins.size(); ++i) {
        const id_t user = joins[i].user;
        switch (access_to(found->kind, found->is_private, admitted.contains(user))) {
            case room_access::hidden:
                refused[i] = room_not_found;  // ids cannot be probed: it looks like no room
                break;
            case room_access::joinable:
                if (auto added =
                        rooms.add_member(room, user, member_role::member, auth::now_millis());
                    !added) {
                    // Blocked while private, public since: unblocking is a deliberate act.
                    refused[i] =
                        added.error() == store::errc::forbidden ? room_not_found : store_failure();
                    break;
                }
                admitted.insert(user);
                newly_added.push_back(user);
                break;
            case room_access::member:
                break;
        }
    }
    if (!newly_added.empty() && !(members = rooms.members(room))) return everyone(store_failure());

    // The history: one read for the newest page, one from the smallest `since` (or one per
    // `since` when they lie far apart), each join taking its slice.
    std::optional<std::int64_t> low, high;
    bool want_newest = false;
    for (std::size_t i = 0; i < joins.size(); ++i) {
        if (refused[i]) continue;
        if (!joins[i].since) {
            want_newest = true;
            continue;
        }
        low = std::min(low.value_or(*joins[i].since), *joins[i].since);
        high = std::max(high.value_or(*joins[i].since), *joins[i].since);
    }
    // A known page that reached the room's end serves every `since` from its own on.
    std::optional<std::int64_t> backfill_from = low;
    if (low)
        for (const auto& [since, page] : known)
            if (since && *since <= *low && !page.has_more) backfill_from = since;
    const bool one_backfill = low && *high - *backfill_from <= limits::join_backfill_spread;
    join_batch_result batch;
    batch.added = std::move(newly_added);
    std::map<std::optional<std::int64_t>, store::result<store::page>> pages;  // by `since`
    for (auto& [since, page] : known) pages.try_emplace(since, std::move(page));
    auto read = [&](std::optional<std::int64_t> since,
                    int count) -> const store::result<store::page>& {
        if (auto it = pages.find(since); it != pages.end()) return it->second;
        const auto range =
            since ? store::page_request{store::page_request::from::after_seq, *since, count}
                  : store::page_request{store::page_request::from::newest, 0, count};
        auto& page = pages.try_emplace(since, log.read(room, range)).first->second;
        if (page) batch.pages_read.emplace(since, *page);
        return page;
    };
    if (want_newest) read(std::nullopt, limit);
    if (one_backfill) read(backfill_from, limit + static_cast<int>(*high - *backfill_from));

    auto& out = batch.snapshots;
    out.reserve(joins.size());
    for (std::size_t i = 0; i < joins.size(); ++i) {
        if (refused[i]) {
            out.emplace_back(*refused[i]);
            continue;
        }
        const auto since = joins[i].since;
        const auto& page = !since         ? read(std::nullopt, limit)
                           : one_backfill ? read(backfill_from, 0)
                                          : read(since, limit);
        if (!page) {
            out.emplace_back(history_failure(page.error()));
            continue;
        }
        out.emplace_back(
            join_snapshot{*members, since ? slice_after(*page, *since, limit) : *page});
    }
    return batch;
}

}  // namespace parley::chat
