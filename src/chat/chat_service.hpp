#pragma once
// The room protocol's entry point: parses requests and routes each to its room's shard.
#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "bus/bus.hpp"
#include "bus/presence.hpp"
#include "chat/abuse_guard.hpp"
#include "chat/connection.hpp"
#include "chat/protocol.hpp"
#include "chat/room_shard.hpp"
#include "chat/user_directory.hpp"

namespace parley::chat {

/// Handles client requests for every connection of this node, and what the bus brings it.
///
/// Rooms are spread over `shards` room shards (room id mod shards), shard i on a strand of
/// network thread i mod the number of threads; see room_shard for the order guarantees. `ping` is
/// answered here, with no store work. Thread-safe: every method returns at once.
class chat_service final : public bus::receiver, public bus::presence_listener {
  public:
    /// Called for a session_revoked control event with the session's token hash.
    using session_closer = std::function<void(const std::string& session)>;

    chat_service(unsigned shards, const shard_services& services, chat_options options,
                 session_closer close_session);

    /// `c` is open: events addressed to its user reach it, and it hears `room_activity` for the
    /// user's rooms (read from the store) while not joined to them.
    void on_open(const std::shared_ptr<connection>& c);
    /// Handles one text frame from `c`; answers and broadcasts go through connection::send.
    /// Frames of one connection must be passed in the order they arrived.
    void on_text(const std::shared_ptr<connection>& c, std::string_view text);
    /// `c` is gone: it leaves all its rooms, and others learn of users no longer present.
    void on_closed(const std::shared_ptr<connection>& c);

    void on_frame(id_t room, std::int64_t seq, bus::room_event e) override;
    void on_control(const bus::control_event& e) override;
    void on_subscribed(const std::vector<id_t>& rooms) override;
    void on_presence_changed(id_t room, const bus::present_user& user, bool present) override;

    /// How often each chat rate limit has refused (abuse_guard::refusals). Any thread.
    std::map<std::string, std::uint64_t, std::less<>> refusals() const { return guard_.refusals(); }

  private:
    room_shard& shard_for(id_t room);

    /// One per request type, each applying its rate limit and routing it (no store work here).
    void handle(const std::shared_ptr<connection>& c, ping_request, request_token done);
    void handle(const std::shared_ptr<connection>& c, join_request req, request_token done);
    void handle(const std::shared_ptr<connection>& c, send_request req, request_token done);
    void handle(const std::shared_ptr<connection>& c, history_request req, request_token done);
    void handle(const std::shared_ptr<connection>& c, change_request req, request_token done);
    void handle(const std::shared_ptr<connection>& c, typing_request req, request_token done);
    void handle(const std::shared_ptr<connection>& c, read_request req, request_token done);
    void handle(const std::shared_ptr<connection>& c, leave_request req, request_token done);
    void handle(const std::shared_ptr<connection>& c, list_request req, request_token done);
    /// Moves the user's read marker; every socket of the user, on every node, hears the result.
    void mark_read(const std::shared_ptr<connection>& c, read_request req, request_token done);

    /// The request's verdict from the abuse limits: true if it may go on. Otherwise the client
    /// has been told (`rate_limited`, naming `room` unless 0) or is being closed.
    bool admitted(const std::shared_ptr<connection>& c, guard_answer a, id_t room,
                  const std::optional<std::string>& client_msg_id = {});

    const chat_options options_;
    const shard_services services_;
    abuse_guard guard_;
    session_closer close_session_;
    user_directory users_;
    std::vector<std::unique_ptr<room_shard>> shards_;
};

}  // namespace parley::chat
