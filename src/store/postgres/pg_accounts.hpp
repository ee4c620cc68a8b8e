#pragma once
// store::accounts over PostgreSQL.
#include "store/accounts.hpp"
#include "store/postgres/pg_pool.hpp"

namespace parley::store::postgres {

/// Users, sessions, profiles and tags in one PostgreSQL database, each call on a pooled
/// connection. Thread-safe; the pool must outlive it.
class pg_accounts final : public accounts {
  public:
    explicit pg_accounts(pg_pool& pool) : pool_(pool) {}

    result<user> create_user(const new_user& u, millis_t now) override;
    result<user_credentials> find_credentials(std::string_view username) override;
    result<user> find_user(id_t id) override;
    result<user> find_user_by_name(std::string_view username) override;
    result<user> update_profile(id_t id, const profile_fields& p) override;
    result<std::vector<user>> search_users(std::string_view prefix, int limit) override;
    result<std::vector<std::string>> user_tags(id_t user_id) override;
    result<void> add_tag(id_t user_id, std::string_view tag, millis_t now) override;
    result<bool> remove_tag(id_t user_id, std::string_view tag) override;
    result<std::vector<tag_count>> all_tags() override;
    result<std::vector<user>> users_with_tag(std::string_view tag) override;
    result<void> create_session(const session& s) override;
    result<session_user> find_session_user(std::string_view token_hash, millis_t now) override;
    result<std::vector<std::string>> live_sessions(const std::vector<std::string>& token_hashes,
                                                   millis_t now) override;
    result<void> delete_session(std::string_view token_hash) override;
    result<std::vector<std::string>> delete_sessions(id_t user_id) override;
    result<std::vector<std::string>> change_password(id_t user_id, std::string_view password_hash,
                                                     std::string_view keep) override;
    result<std::vector<std::string>> set_disabled(id_t user_id, bool disabled,
                                                  millis_t now) override;
    result<std::vector<std::string>> delete_user(id_t user_id, millis_t now) override;

  private:
    pg_pool& pool_;
};

}  // namespace parley::store::postgres
