#pragma once
// What the nodes of one Parley deployment share: live message frames and control events.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace parley::bus {

using id_t = std::int64_t;
/// Serialized bytes of an event, shared by every recipient.
using frame = std::shared_ptr<const std::string>;

/// What sockets that watch a room without having joined it (the sidebar) hear of one of its
/// events, made once on the node that stored the event, never parsed back from its frame.
struct watcher_frames {
    frame plain;    ///< `room_activity` for every watcher; nullptr: watchers hear nothing
    frame mention;  ///< instead of `plain` for the users in `mentioned`; nullptr: nobody named
    std::vector<std::string> mentioned;  ///< the lowercased usernames the event mentions
};

/// A stored room event as every node passes it on; shared by all its recipients.
struct room_event {
    frame f;                                         ///< what sockets joined to the room get
    std::shared_ptr<const watcher_frames> watchers;  ///< nullptr: watchers hear nothing
};

/// A change every node must apply to its own connections.
struct control_event {
    enum class kind {
        member_removed,   ///< `user` is no longer a member of `room`: their sockets leave it
        room_deleted,     ///< `room` is gone: every socket in it leaves
        session_revoked,  ///< the session `session` (its token hash) ended: its sockets close
        read_marker,      ///< `user` has read `room` up to `seq`: their sockets are told
        member_added,     ///< `user` became a member of `room`: their sockets are told
        typing,           ///< `user` (`name`) is typing in `room`: the room's sockets are told
    };
    kind what = kind::member_removed;
    id_t room = 0;
    id_t user = 0;
    std::string session;
    std::int64_t seq = 0;
    std::string name;  ///< typing: the user's name
};

/// What a node does with what the bus brings. Called from the bus's threads, possibly several
/// at once; implementations must be thread-safe and must not block.
class receiver {
  public:
    virtual ~receiver() = default;
    /// A room's event, `seq` being its place in the room. May come twice, late, or never
    /// (a lossy bus): the receiver's seq gate puts that right.
    virtual void on_frame(id_t room, std::int64_t seq, room_event e) = 0;
    /// A control event, published by any node (this one included).
    virtual void on_control(const control_event& e) = 0;
    /// These rooms' subscriptions took effect, after subscribe() or again after the bus came
    /// back: frames published before may never arrive, so the receiver compares the rooms'
    /// last seqs in the log with what it delivered. Many rooms come in one call after a
    /// reconnect. A bus whose subscriptions take effect at once (the local one) never calls it.
    virtual void on_subscribed(const std::vector<id_t>& rooms) { (void)rooms; }
};

/// What a node does with what other nodes say about themselves (presence). Called from the
/// bus's threads; implementations must be thread-safe, must not block and must not publish
/// from inside a call (post the work elsewhere).
class peer_listener {
  public:
    virtual ~peer_listener() = default;
    /// `payload`, published by the node `node` with publish_to_peers().
    virtual void on_peer_message(std::string_view node, std::string_view payload) = 0;
    /// The bus (re)connected to the other nodes: what was published meanwhile, both ways, may
    /// be lost. Called once the bus is ready to carry peer messages, the first time included.
    virtual void on_peers_reconnected() = 0;
};

/// The channel between nodes: frames are published per room after they are stored, and each
/// node subscribes to the rooms it has sockets in (once per node, never per socket). The bus
/// carries copies, not truth: the message log is the truth, and receivers fill gaps from it.
/// Every method is thread-safe and never blocks on the network.
class bus {
  public:
    virtual ~bus() = default;

    /// Sets who receives this node's deliveries; call once before subscribing, and with nullptr
    /// before the receiver goes away.
    virtual void attach(receiver* r) = 0;
    /// Sends a stored event to every node subscribed to `room`, this one included.
    virtual void publish(id_t room, std::int64_t seq, room_event e) = 0;
    /// Sends a control event to every node.
    virtual void publish_control(const control_event& e) = 0;
    /// This node receives `room`'s frames from now on. Subscribing twice is one subscription.
    virtual void subscribe(id_t room) = 0;
    /// This node stops receiving `room`'s frames.
    virtual void unsubscribe(id_t room) = 0;
    /// Sets who receives other nodes' peer messages; nullptr before it goes away.
    virtual void attach_peers(peer_listener* l) = 0;
    /// Sends `payload` to every other node's peer_listener (never to this node's). Lossy, like
    /// frames; in order from one node.
    virtual void publish_to_peers(std::string payload) = 0;
    /// Whether the bus reaches the other nodes now (readiness checks); the local one always.
    [[nodiscard]] virtual bool healthy() const { return true; }
    /// Publishes that never left this node because the bus was away (other nodes' sockets get
    /// those messages from the log instead); the local one drops none. Any thread.
    [[nodiscard]] virtual std::uint64_t publishes_dropped() const { return 0; }
};

}  // namespace parley::bus
