#pragma once
// A real Parley server in this process, on an ephemeral port, over a temporary SQLite file.
#include <memory>
#include <string>

#include "config.hpp"
#include "net/server.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/faulty_store.hpp"
#include "support/http_client.hpp"
#include "support/temp_dir.hpp"
#include "support/ws_client.hpp"

namespace parley::testing {

/// A signed-up user and their bearer token.
struct account {
    store::id_t id = 0;
    std::string username;
    std::string token;
};

/// Starts a server on 127.0.0.1 with port 0. The database file stays in `dir` across
/// restart(), so persistence can be checked.
class test_server {
public:
    explicit test_server(server_config config = {});
    ~test_server();

    unsigned short port() const { return server_->port(); }
    faulty_store& db() { return *faulty_; }
    net::server& running() { return *server_; }
    const server_config& config() const { return config_; }

    /// Stops the server and starts a new one over the same database file.
    void restart();
    /// Stops the server (graceful).
    void stop();

    /// Registers a user (password "password123") and returns its token.
    account signup(const std::string& username);
    /// Creates a group as `owner`; returns its id.
    store::id_t create_group(const account& owner, const std::string& name, bool is_private = false);
    /// Opens a WebSocket as `who`.
    std::unique_ptr<ws_client> connect(const account& who, bool read = true);

private:
    void start();

    temp_dir dir_;
    server_config config_;
    std::unique_ptr<store::sqlite::sqlite_store> sqlite_;
    std::unique_ptr<faulty_store> faulty_;
    std::unique_ptr<net::server> server_;
};

}  // namespace parley::testing
