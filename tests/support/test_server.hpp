#pragma once
// A real Parley server in this process, on an ephemeral port, over a temporary database of the
// backend the run selects (test_backend()).
#include <memory>
#include <string>

#include "app/server.hpp"
#include "config.hpp"
#include "store/bundle.hpp"
#include "support/faulty_log.hpp"
#include "support/http_client.hpp"
#include "support/seed.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"
#include "support/ws_client.hpp"

namespace parley::testing {

/// A signed-up user and their bearer token.
struct account {
    store::id_t id = 0;
    std::string username;
    std::string token;
};

/// Starts a server on 127.0.0.1 with port 0. The database stays across restart(), so
/// persistence can be checked.
class test_server {
  public:
    /// `database_options` is appended to the database's URL when it is opened (e.g.
    /// "?busy_timeout=100" on SQLite).
    explicit test_server(server_config config = test_config(), std::string database_options = "");
    /// The default settings, with every abuse limit off: many tests flood on purpose. Tests of
    /// the limits turn them on.
    static server_config test_config() {
        server_config c;
        c.abuse = abuse_limits::none();
        return c;
    }
    ~test_server();

    unsigned short port() const { return server_->port(); }
    /// The URL of the server's database (sqlite:PATH, or postgres://...).
    const std::string& database_url() const { return database_.url(); }
    /// The server's database; its message log is the one wrapped by log().
    store::bundle& db() { return *bundle_; }
    /// The message log the server uses, which tests can make fail or stall.
    faulty_log& log() { return *faulty_; }
    app::server& running() { return *server_; }
    /// The database behind db(), for reading it directly.
    const test_database& database() const { return database_; }
    const server_config& config() const { return config_; }

    /// Stops the server and starts a new one over the same database file.
    void restart();
    /// Stops the server (graceful).
    void stop();

    /// Registers a user (password "password123") and returns its token.
    account signup(const std::string& username);
    /// Creates a group as `owner`; returns its id.
    store::id_t create_group(const account& owner, const std::string& name,
                             bool is_private = false);
    /// Opens a WebSocket as `who`.
    std::unique_ptr<ws_client> connect(const account& who, bool read = true);

    /// Where the server keeps uploaded files (a temporary folder unless the config names one).
    const std::string& files_dir() const { return config_.files_dir; }

  private:
    void start();

    temp_dir files_;
    test_database database_;
    server_config config_;
    std::string database_options_;
    std::unique_ptr<store::bundle> bundle_;
    std::unique_ptr<faulty_log> faulty_;
    std::unique_ptr<app::server> server_;
};

}  // namespace parley::testing
