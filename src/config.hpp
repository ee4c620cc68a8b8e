#pragma once
// Every setting of `parley serve`, with its default and the reason for it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace parley {

/// Settings of one server. The defaults are what `parley serve` uses without flags.
struct server_config {
    std::string host = "127.0.0.1";               ///< loopback: expose deliberately, not by accident
    std::uint16_t port = 3000;                    ///< 0 picks a free port
    std::string db_url = "sqlite:data/parley.db"; ///< where everything is stored
    std::string web_root;                         ///< static client files; empty serves none
    std::vector<std::string> allowed_origins;     ///< other origins that may open /ws
    std::chrono::milliseconds ping_interval{30'000};  ///< keep-alive ping period (design: 30 s)
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());  ///< one per core
    std::size_t max_message_chars = 4000;         ///< longest chat message, in characters
    std::size_t max_frame_bytes = 64 * 1024;      ///< larger frames close with 1009
    std::size_t max_body_bytes = 64 * 1024;       ///< larger REST bodies answer 413
    std::size_t max_send_queue_bytes = 4 * 1024 * 1024;  ///< a client further behind is cut off
    bool secure_cookies = false;                  ///< mark the session cookie Secure (HTTPS)
    std::chrono::seconds session_ttl{30 * 24 * 3600};  ///< how long a sign-in lasts
};

}  // namespace parley
