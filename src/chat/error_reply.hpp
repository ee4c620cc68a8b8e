#pragma once
// Refusing a client's request: the error event, counted for /metrics.
#include <optional>
#include <string>

#include "chat/connection.hpp"
#include "chat/protocol.hpp"
#include "metrics/instruments.hpp"

namespace parley::chat {

/// Sends `f` to `c` as an `error` event about `room` (0: none) and counts it in `errors` under
/// its code. Any thread.
inline void reply_error(connection& c, metrics::labeled_counter& errors, const failure& f,
                        id_t room, const std::optional<std::string>& client_msg_id = std::nullopt) {
    errors.add(f.code);
    c.send(error_event(f, room, client_msg_id));
}

}  // namespace parley::chat
