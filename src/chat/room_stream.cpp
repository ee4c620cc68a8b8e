#include "chat/room_stream.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "config.hpp"

namespace parley::chat {
namespace {

constexpr std::int64_t log_end = std::numeric_limits<std::int64_t>::max();

}  // namespace

std::vector<room_stream::item> room_stream::offer(std::int64_t seq, bus::room_event e,
                                                  bool join_waiting) {
    // The usual case, per message: the gate's answer as it is, no second vector.
    if (gate_.started() || join_waiting) return gate_.offer(seq, std::move(e));
    auto out = gate_.start(seq - 1);
    auto now = gate_.offer(seq, std::move(e));
    out.insert(out.end(), std::make_move_iterator(now.begin()), std::make_move_iterator(now.end()));
    return out;
}

std::optional<room_stream::log_read> room_stream::catch_up(std::optional<std::int64_t> last_seq) {
    const auto until = last_seq.value_or(log_end);
    if (!gate_.started() || reading_ || retrying_) {
        owe(until);
        return std::nullopt;
    }
    const auto after = gate_.delivered();
    if (after >= until) return std::nullopt;  // nothing was missed
    const auto through = std::min(until, after + limits::gap_fill_max);
    if (through < until && last_seq) owe(until);  // the rest once this is read
    return begin_read(after, through, !last_seq);
}

std::optional<room_stream::log_read> room_stream::timer_read() {
    if (reading_) return std::nullopt;
    if (std::exchange(retrying_, false))
        if (auto owed = owed_read()) return owed;
    const auto gap = gate_.missing();
    if (!gap) return std::nullopt;
    return begin_read(gap->after, std::min(gap->before - 1, gap->after + limits::gap_fill_max),
                      false);
}

std::optional<room_stream::log_read> room_stream::begin_read(std::int64_t after,
                                                             std::int64_t through,
                                                             bool to_the_end) {
    reading_ = log_read{after, through};
    reading_to_the_end_ = to_the_end;
    return reading_;
}

void room_stream::read_done(bool read_ok, std::int64_t count) {
    if (!reading_) return;
    const auto done = *std::exchange(reading_, std::nullopt);
    if (!read_ok) {
        retrying_ = true;
        return owe(reading_to_the_end_ ? log_end : done.through);
    }
    // A full read of an open-ended catch-up: there may be more after it.
    if (reading_to_the_end_ && count >= done.through - done.after) owe(log_end);
}

std::optional<room_stream::log_read> room_stream::owed_read() {
    if (!owed_ || !gate_.started() || reading_ || retrying_) return std::nullopt;
    const auto until = *std::exchange(owed_, std::nullopt);
    return catch_up(until == log_end ? std::nullopt : std::optional{until});
}

void room_stream::owe(std::int64_t until) { owed_ = std::max(owed_.value_or(until), until); }

}  // namespace parley::chat
