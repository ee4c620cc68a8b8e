#pragma once
// The room protocol: join, message, leave and list, with presence and ordered fan-out.
#include <memory>
#include <string_view>

#include "chat/connection.hpp"
#include "chat/protocol.hpp"
#include "chat/room_registry.hpp"
#include "store/job_queue.hpp"

namespace parley::chat {

/// Settings of the room protocol.
struct chat_options {
    protocol_limits limits;
    int history_limit = 100;  ///< messages sent with `joined`
};

/// Handles client requests for every connection.
///
/// All room state lives on the store job queue's thread: each request becomes a job there, so
/// joins, saves, broadcasts and leaves happen in one order. A message is acknowledged to its
/// sender and broadcast only after it is durably stored, in the order of storing (its room's
/// seq order), and a connection that joins receives every message stored after its history
/// snapshot: nothing falls between `joined` and the live stream.
class chat_service {
public:
    chat_service(store::job_queue& queue, chat_options options);

    /// Handles one text frame from `c`; answers and broadcasts go through connection::send.
    /// Returns at once. Frames of one connection must be passed in the order they arrived.
    void on_text(const std::shared_ptr<connection>& c, std::string_view text);
    /// `c` is gone: it leaves all its rooms, and others learn of users no longer present.
    void on_closed(const std::shared_ptr<connection>& c);

    /// A user was removed from a room's members: their connections leave it now (each told
    /// `removed`) and the rest of the room gets `member_left`. Call after the database change.
    void remove_user(id_t room, id_t user_id);
    /// A room was deleted: every connection in it leaves, told `removed` with "deleted".
    void close_room(id_t room);

private:
    /// Reports a request done to its connection when the last copy goes away.
    using request_token = std::shared_ptr<void>;

    void join(const std::shared_ptr<connection>& c, const join_request& req, store::store& db);
    void history(const std::shared_ptr<connection>& c, const history_request& req,
                 store::store& db);
    void send(const std::shared_ptr<connection>& c, send_request req, request_token token);
    void leave(const std::shared_ptr<connection>& c, id_t room);
    void list(const std::shared_ptr<connection>& c, id_t room, store::store& db);

    store::job_queue& queue_;
    const chat_options options_;
    room_registry rooms_;  // touched only on the queue thread
};

}  // namespace parley::chat
