#pragma once
// The command line of `parley admin`: its subcommands, and running the one given.
#include <CLI/CLI.hpp>
#include <memory>

namespace parley::admin {

/// Adds `admin` and its subcommands (create-user, reset-password, disable, enable, delete, rooms,
/// members) to `app`; returns what run() needs. Passwords are read from standard input (one
/// line; not echoed on a terminal), never from the command line, where `ps` would show them.
class admin_cli {
  public:
    explicit admin_cli(CLI::App& app);
    ~admin_cli();

    /// Whether `admin` was the subcommand given.
    bool chosen() const;
    /// Opens the database, runs the subcommand, prints what it did (or why not); the exit status.
    int run();

  private:
    struct options;
    std::unique_ptr<options> o_;
};

}  // namespace parley::admin
