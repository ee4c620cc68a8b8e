#pragma once
// What every session needs from the server that owns it.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include "api/router.hpp"
#include "auth/accounts.hpp"
#include "bus/presence.hpp"
#include "chat/chat_service.hpp"
#include "config.hpp"
#include "metrics/node_metrics.hpp"
#include "net/bounded_pool.hpp"
#include "net/connection_caps.hpp"
#include "net/connection_tracker.hpp"
#include "net/memory_trimmer.hpp"
#include "throttle/work_scheduler.hpp"

namespace parley::net {

/// References into the server, valid for as long as any session runs.
struct server_context {
    const server_config& config;
    auth::accounts& accounts;
    api::router& router;
    chat::chat_service& chat;
    bus::presence& presence;
    connection_tracker& connections;
    memory_trimmer& memory;              ///< told when connections free their burst buffers
    throttle::work_scheduler& blocking;  ///< where database work runs
    bounded_pool& hashing;               ///< where requests that hash passwords run
    connection_caps& caps;               ///< open WebSockets per user and address
    connection_caps& http_caps;          ///< HTTP connections not upgraded, per address
    metrics::node_metrics& metrics;      ///< what /metrics reports
    boost::asio::ssl::context* tls;      ///< the certificate under TLS; null: plain HTTP
};

}  // namespace parley::net
