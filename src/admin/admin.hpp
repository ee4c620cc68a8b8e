#pragma once
// `parley admin`: an operator's commands against the configured database.
#include <optional>
#include <string>
#include <string_view>

#include "auth/accounts.hpp"
#include "failure.hpp"
#include "store/bundle.hpp"

namespace parley::admin {

/// Operator commands over one open, migrated database. Each blocks until the database has
/// answered and returns what it did, in words for a terminal, or why it could not. A server
/// running on the same database closes the sockets of the sessions these end within its
/// session_check_interval (every node does, Redis or not). Not thread-safe; one per process.
class commands {
  public:
    explicit commands(store::bundle& db);

    /// A new account, with the same rules as registration (username, password, email).
    outcome<std::string> create_user(std::string_view username, std::string_view password,
                                     std::optional<std::string> email);
    /// Sets a new password and ends every session of the user.
    outcome<std::string> reset_password(std::string_view username, std::string_view password);
    /// Disables (the user cannot sign in, every session ends) or enables an account.
    outcome<std::string> set_disabled(std::string_view username, bool disabled);
    /// Deletes an account (store::accounts::delete_user): its messages stay, under another name.
    outcome<std::string> delete_user(std::string_view username);
    /// Every room, one line each: id, kind, visibility, members, newest message, name.
    outcome<std::string> list_rooms();
    /// The members of one room, one line each: user id, role, username.
    outcome<std::string> list_members(store::id_t room_id);

  private:
    outcome<store::user> find(std::string_view username);

    store::bundle& db_;
    auth::accounts accounts_;
};

}  // namespace parley::admin
