// parley: parses the command line, opens the store, runs the server until SIGINT or SIGTERM.
#include <malloc.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>

#include "admin/admin_cli.hpp"
#include "app/health_probe.hpp"
#include "app/json_log.hpp"
#include "app/open_database.hpp"
#include "app/server.hpp"
#include "config.hpp"
#include "store/bundle.hpp"
#include "store/copy.hpp"
#include "store/sqlite/backup.hpp"
#include "throttle/limit_spec.hpp"

namespace {

using parley::server_config;

/// Lets the server hold as many connections as the system allows: the usual soft limit of
/// 1024 descriptors would cap it near a thousand clients.
void raise_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

/// Keeps freed buffers in the process between bursts (see limits::malloc_trim_threshold).
void tune_malloc() {
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(parley::limits::malloc_trim_threshold));
}

int serve(const server_config& config) {
    raise_file_limit();
    // Past a file size limit a write fails (EFBIG, reported like a full disk) instead of the
    // signal killing the process.
    std::signal(SIGXFSZ, SIG_IGN);
    tune_malloc();
    auto db = parley::app::open_database(config.db_url);
    parley::app::server server(config, db->parts());
    server.start();
    spdlog::info("parley {} listening on {}://{}:{} (database {}, bus {}, web root '{}')",
                 PARLEY_VERSION, config.tls_cert.empty() ? "http" : "https", config.host,
                 server.port(), parley::store::redacted(config.db_url),
                 config.redis_url.empty() ? "in-process" : config.redis_url, config.web_root);
    if (server.metrics_port() != 0)
        spdlog::info("metrics on http://{}:{}/metrics",
                     config.metrics_listen.substr(0, config.metrics_listen.rfind(':')),
                     server.metrics_port());

    boost::asio::io_context signals_ioc;
    boost::asio::signal_set signals(signals_ioc, SIGINT, SIGTERM);
    signals.async_wait([](boost::system::error_code, int sig) {
        spdlog::info("received signal {}, shutting down", sig);
    });
    signals_ioc.run();
    server.stop();
    return 0;
}

/// `parley copy`: every row of one database into another, empty one; 0 on success.
int copy(const std::string& from_url, const std::string& to_url) {
    auto from = parley::app::open_database(from_url, parley::app::when_missing::refuse);
    auto to = parley::app::open_database(to_url);
    const auto from_shown = parley::store::redacted(from_url);
    const auto to_shown = parley::store::redacted(to_url);
    spdlog::info("copying {} into {}", from_shown, to_shown);
    auto counts = parley::store::copy_database(*from, *to);
    if (counts.has_error()) {
        if (counts.error() == parley::store::errc::conflict)
            throw std::runtime_error("refusing to copy: " + to_shown +
                                     " is not empty (copy into a new, empty database)");
        throw std::runtime_error("copy failed, " + to_shown +
                                 " is unchanged: " + counts.error().message());
    }
    for (const auto& [table, rows] : *counts) spdlog::info("copied {} rows of {}", rows, table);
    spdlog::info("copy done: {} now holds everything {} held", to_shown, from_shown);
    spdlog::info(
        "uploaded files: their rows were copied; their bytes stay in the --files "
        "folder, which the new database's servers must mount");
    return 0;
}

/// `parley backup`: a consistent copy of a SQLite database, taken while it is in use.
int backup(const std::string& db_url, const std::string& to) {
    const auto file = parley::app::sqlite_file(db_url);
    if (file.empty())
        throw std::runtime_error(
            "parley backup copies a SQLite database file; back up PostgreSQL with pg_dump");
    parley::app::require_existing_sqlite_file(db_url);
    const std::string from = file.string();
    if (auto why = parley::store::sqlite::backup(from, to); !why.empty())
        throw std::runtime_error("backup failed: " + why);
    spdlog::info("backed up {} into {}", from, to);
    spdlog::info(
        "uploaded files: their rows are in the copy; their bytes are not: copy the "
        "--files folder (data/files by default) after this");
    return 0;
}

void add_serve_options(CLI::App& serve_cmd, server_config& c, std::string& log_level,
                       std::string& log_format, double& ping_seconds, double& session_check_seconds,
                       std::vector<std::string>& limit_specs) {
    serve_cmd.add_option("--host", c.host, "Address to listen on")
        ->envname("PARLEY_HOST")
        ->capture_default_str();
    serve_cmd.add_option("--port", c.port, "Port to listen on; 0 picks a free one")
        ->envname("PARLEY_PORT")
        ->capture_default_str();
    serve_cmd
        .add_option(
            "--db", c.db_url,
            "Database URL: sqlite:PATH, sqlite::memory: or postgres://user:password@host:port/db")
        ->envname("PARLEY_DB")
        ->capture_default_str();
    serve_cmd
        .add_option("--redis", c.redis_url,
                    "Redis shared by several nodes (redis://host:port); none: this node alone")
        ->envname("PARLEY_REDIS");
    serve_cmd
        .add_option("--redis-prefix", c.redis_prefix,
                    "Start of every Redis channel and key name: deployments can share one Redis")
        ->envname("PARLEY_REDIS_PREFIX")
        ->capture_default_str();
    serve_cmd.add_option("--web-root", c.web_root, "Folder of the web client to serve")
        ->envname("PARLEY_WEB_ROOT");
    serve_cmd
        .add_option("--files", c.files_dir,
                    "Folder for uploaded files (one every node mounts when several serve); "
                    "empty: no uploads")
        ->envname("PARLEY_FILES")
        ->capture_default_str();
    serve_cmd.add_option("--max-file-bytes", c.max_file_bytes, "Largest file a user may upload")
        ->envname("PARLEY_MAX_FILE_BYTES")
        ->capture_default_str()
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
    serve_cmd
        .add_option("--upload-quota-bytes", c.upload_quota_bytes,
                    "Bytes each user may have uploaded in all; 0: no quota")
        ->envname("PARLEY_UPLOAD_QUOTA_BYTES")
        ->capture_default_str();
    serve_cmd
        .add_option("--allowed-origins", c.allowed_origins,
                    "Other origins (e.g. https://chat.example.com) that may open /ws")
        ->envname("PARLEY_ALLOWED_ORIGINS")
        ->delimiter(',');
    serve_cmd
        .add_option("--ping-interval", ping_seconds,
                    "Seconds between keep-alive pings; a client silent for two is dropped")
        ->envname("PARLEY_PING_INTERVAL")
        ->capture_default_str()
        ->check(CLI::Range(0.05, 3600.0));
    serve_cmd.add_option("--threads", c.threads, "Network threads (default: one per core)")
        ->envname("PARLEY_THREADS")
        ->capture_default_str()
        ->check(CLI::Range(1u, 256u));
    serve_cmd.add_option("--max-message-chars", c.max_message_chars, "Longest chat message")
        ->envname("PARLEY_MAX_MESSAGE_CHARS")
        ->capture_default_str()
        ->check(CLI::Range(1, 60000));
    serve_cmd
        .add_option("--max-send-queue", c.max_send_queue_bytes,
                    "Bytes queued for one slow client before it is disconnected")
        ->envname("PARLEY_MAX_SEND_QUEUE")
        ->capture_default_str();
    serve_cmd
        .add_option("--max-total-send-queue", c.max_total_send_queue_bytes,
                    "Bytes queued for all sockets together past which the clients furthest "
                    "behind are disconnected")
        ->envname("PARLEY_MAX_TOTAL_SEND_QUEUE")
        ->capture_default_str();
    serve_cmd
        .add_flag("--secure-cookies", c.secure_cookies,
                  "Mark the session cookie Secure (when served over HTTPS; on by itself "
                  "with --tls-cert)")
        ->envname("PARLEY_SECURE_COOKIES");
    auto* cert = serve_cmd
                     .add_option("--tls-cert", c.tls_cert,
                                 "PEM certificate chain: serve HTTPS and WSS on --port (needs "
                                 "--tls-key)")
                     ->envname("PARLEY_TLS_CERT")
                     ->check(CLI::ExistingFile);
    auto* key = serve_cmd
                    .add_option("--tls-key", c.tls_key,
                                "PEM private key of --tls-cert; readable by the server only")
                    ->envname("PARLEY_TLS_KEY")
                    ->check(CLI::ExistingFile);
    cert->needs(key);
    key->needs(cert);
    serve_cmd
        .add_option(
            "--limit", limit_specs,
            "A rate limit: NAME=RATE/BURST (per second, then how many at once) or "
            "NAME=off; repeatable. NAME: messages, joins, requests, invalid, refusals, pings, "
            "logins-per-account, logins-per-ip, registrations-per-ip, rooms-per-user, "
            "invites-per-user, "
            "or all (docs/deploy.md)")
        ->envname("PARLEY_LIMITS")
        ->delimiter(',')
        ->check(CLI::Validator(
            [](std::string& spec) {
                parley::abuse_limits probe;
                return parley::throttle::apply_limit_spec(probe, spec);
            },
            "NAME=RATE/BURST|off"));
    serve_cmd
        .add_option("--max-connections-per-user", c.max_connections_per_user,
                    "Open WebSockets one user may hold on this node")
        ->envname("PARLEY_MAX_CONNECTIONS_PER_USER")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
    serve_cmd
        .add_option("--max-connections-per-ip", c.max_connections_per_ip,
                    "Open WebSockets one client address may hold on this node")
        ->envname("PARLEY_MAX_CONNECTIONS_PER_IP")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
    serve_cmd
        .add_option("--max-pending-per-ip", c.max_pending_per_ip,
                    "HTTP connections one client address may hold that are not WebSockets "
                    "(handshakes in progress, REST keep-alives); not applied with --trust-proxy")
        ->envname("PARLEY_MAX_PENDING_PER_IP")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
    serve_cmd
        .add_flag("--trust-proxy", c.trust_proxy,
                  "Behind a reverse proxy: a client's address is the last X-Forwarded-For entry")
        ->envname("PARLEY_TRUST_PROXY");
    serve_cmd
        .add_option("--session-check-interval", session_check_seconds,
                    "Seconds between checks that the sessions of open sockets still exist "
                    "(ended by parley admin, or while Redis was away)")
        ->envname("PARLEY_SESSION_CHECK_INTERVAL")
        ->capture_default_str()
        ->check(CLI::Range(0.05, 3600.0));
    serve_cmd
        .add_option("--metrics-listen", c.metrics_listen,
                    "Serve Prometheus metrics at GET /metrics on HOST:PORT (e.g. "
                    "127.0.0.1:9100); off when not given")
        ->envname("PARLEY_METRICS_LISTEN");
    serve_cmd
        .add_option("--log-format", log_format,
                    "text (for people) or json (one object per line, for log shippers)")
        ->envname("PARLEY_LOG_FORMAT")
        ->capture_default_str()
        ->check(CLI::IsMember({"text", "json"}));
    serve_cmd.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
        ->envname("PARLEY_LOG_LEVEL")
        ->capture_default_str()
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Parley: a real-time chat server (REST, WebSocket at /ws, web client)"};
    app.set_version_flag("--version", std::string("parley ") + PARLEY_VERSION);
    app.require_subcommand(1);

    server_config config;
    std::string log_level = "info";
    std::string log_format = "text";
    double ping_seconds = 30;
    double session_check_seconds = 10;
    std::vector<std::string> limit_specs;
    auto* serve_cmd = app.add_subcommand("serve", "Run the server");
    add_serve_options(*serve_cmd, config, log_level, log_format, ping_seconds,
                      session_check_seconds, limit_specs);

    std::string migrate_db = config.db_url;
    auto* migrate_cmd = app.add_subcommand("migrate", "Apply database schema migrations and exit");
    migrate_cmd->add_option("--db", migrate_db, "Database URL")
        ->envname("PARLEY_DB")
        ->capture_default_str();

    std::string copy_from, copy_to;
    auto* copy_cmd = app.add_subcommand(
        "copy", "Copy every row of one database into another, empty one (same ids and seqs)");
    copy_cmd->add_option("--from", copy_from, "Source database URL, e.g. sqlite:data/parley.db")
        ->required();
    copy_cmd
        ->add_option("--to", copy_to,
                     "Target database URL, e.g. postgres://user:password@host:port/db")
        ->required();

    std::string backup_db = config.db_url, backup_to;
    auto* backup_cmd = app.add_subcommand(
        "backup", "Copy a SQLite database into a new file while the server runs (consistent)");
    backup_cmd->add_option("--db", backup_db, "The database URL, sqlite:PATH")
        ->envname("PARLEY_DB")
        ->capture_default_str();
    backup_cmd->add_option("--to", backup_to, "The new file")->required();

    std::string health_url = "http://127.0.0.1:3000/readyz";
    auto* health_cmd = app.add_subcommand(
        "health", "Exit 0 if a running node answers 200 at the URL (a container's HEALTHCHECK)");
    health_cmd->add_option("--url", health_url, "What to ask")->capture_default_str();

    parley::admin::admin_cli admin(app);

    CLI11_PARSE(app, argc, argv);
    if (*health_cmd)
        return parley::app::probe_health(health_url, parley::limits::health_probe_timeout);
    // Logs go to standard error (docs/deploy.md), standard output staying for what a command
    // prints as its answer (admin's lists).
    spdlog::set_default_logger(std::make_shared<spdlog::logger>(
        "", std::make_shared<spdlog::sinks::stderr_color_sink_mt>()));
    spdlog::set_level(spdlog::level::from_str(log_level));
    if (log_format == "json")
        spdlog::set_formatter(std::make_unique<parley::app::json_log_formatter>());
    config.ping_interval = std::chrono::milliseconds(static_cast<long>(ping_seconds * 1000));
    config.session_check_interval =
        std::chrono::milliseconds(static_cast<long>(session_check_seconds * 1000));
    for (const auto& spec : limit_specs)  // checked by the option's validator
        (void)parley::throttle::apply_limit_spec(config.abuse, spec);

    try {
        if (*migrate_cmd) {
            parley::app::open_database(migrate_db);
            spdlog::info("database {} is up to date", parley::store::redacted(migrate_db));
            return 0;
        }
        if (*copy_cmd) return copy(copy_from, copy_to);
        if (admin.chosen()) return admin.run();
        if (*backup_cmd) return backup(backup_db, backup_to);
        return serve(config);
    } catch (const std::exception& e) {
        spdlog::critical("{}", e.what());
        return 1;
    }
}
