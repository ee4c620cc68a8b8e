#include "admin/admin_cli.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "admin/admin.hpp"
#include "app/open_database.hpp"
#include "config.hpp"

namespace parley::admin {

struct admin_cli::options {
    CLI::App* admin = nullptr;
    CLI::App *create = nullptr, *reset = nullptr, *disable = nullptr, *enable = nullptr,
             *remove = nullptr, *rooms = nullptr, *members = nullptr;
    std::string db = server_config{}.db_url;
    std::string username;
    std::optional<std::string> email;
    store::id_t room = 0;
};

namespace {

/// One line of standard input: the new password. On a terminal it is asked for and not echoed.
std::string read_password() {
    const bool tty = isatty(STDIN_FILENO) != 0;
    termios saved{};
    if (tty) {
        std::cerr << "new password: " << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << '\n';
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace

admin_cli::admin_cli(CLI::App& app) : o_(std::make_unique<options>()) {
    auto& o = *o_;
    o.admin = app.add_subcommand("admin", "Manage users and look at rooms in the database");
    o.admin->require_subcommand(1);
    o.admin->add_option("--db", o.db, "Database URL (as for serve)")
        ->envname("PARLEY_DB")
        ->capture_default_str();
    auto user_command = [&](const char* name, const char* what) {
        auto* c = o.admin->add_subcommand(name, what);
        c->add_option("username", o.username, "The user's username")->required();
        return c;
    };
    o.create = user_command("create-user", "Create an account (password from standard input)");
    o.create->add_option("--email", o.email, "The account's email address");
    o.reset = user_command("reset-password",
                           "Set a new password (from standard input) and end every session");
    o.disable = user_command("disable", "Stop a user from signing in and end every session");
    o.enable = user_command("enable", "Let a disabled user sign in again");
    o.remove = user_command(
        "delete",
        "Delete an account: profile and memberships go, messages stay under another name");
    o.rooms = o.admin->add_subcommand("rooms", "List every room, private and direct ones too");
    o.members = o.admin->add_subcommand("members", "List the members of a room");
    o.members->add_option("room", o.room, "The room's id")->required();
}

admin_cli::~admin_cli() = default;

bool admin_cli::chosen() const { return o_->admin->parsed(); }

int admin_cli::run() {
    auto& o = *o_;
    auto db = app::open_database(o.db, app::when_missing::refuse);
    commands c(*db);
    outcome<std::string> done = failure{"internal", "no admin command given", 500};
    if (*o.create)
        done = c.create_user(o.username, read_password(), o.email);
    else if (*o.reset)
        done = c.reset_password(o.username, read_password());
    else if (*o.disable)
        done = c.set_disabled(o.username, true);
    else if (*o.enable)
        done = c.set_disabled(o.username, false);
    else if (*o.remove)
        done = c.delete_user(o.username);
    else if (*o.rooms)
        done = c.list_rooms();
    else if (*o.members)
        done = c.list_members(o.room);
    if (done.has_error()) {
        std::cerr << "parley admin: " << done.error().message << " (" << done.error().code << ")\n";
        return 1;
    }
    std::cout << *done;
    if (!done->empty() && done->back() != '\n') std::cout << '\n';
    return 0;
}

}  // namespace parley::admin
