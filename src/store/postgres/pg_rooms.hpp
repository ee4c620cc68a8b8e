#pragma once
// store::rooms over PostgreSQL.
#include "store/postgres/pg_pool.hpp"
#include "store/rooms.hpp"

namespace parley::store::postgres {

/// Rooms and members in one PostgreSQL database, each call on a pooled connection. Thread-safe;
/// the pool must outlive it.
class pg_rooms final : public rooms {
  public:
    explicit pg_rooms(pg_pool& pool) : pool_(pool) {}

    result<void> ping() override;

    result<room> create_room(const new_room& r, millis_t now) override;
    result<room> find_room(id_t id) override;
    result<std::vector<room_summary>> room_summaries(id_t viewer, std::string_view name_filter,
                                                     id_t after_id, int limit) override;
    result<std::vector<room_summary>> all_rooms(id_t after_id, int limit) override;
    result<room> rename_room(id_t room_id, std::string_view name) override;
    result<room> set_topic(id_t room_id, std::string_view topic) override;
    result<void> delete_room(id_t room_id) override;
    result<std::optional<parley::member_role>> member_role(id_t room_id, id_t user_id) override;
    result<bool> remove_member(id_t room_id, id_t user_id) override;
    result<void> add_member(id_t room_id, id_t user_id, parley::member_role role,
                            millis_t now) override;
    result<bool> block_room(id_t room_id, id_t user_id, millis_t now) override;
    result<bool> unblock_room(id_t room_id, id_t user_id) override;
    result<std::vector<member>> members(id_t room_id) override;
    result<room> direct_room(id_t a, id_t b, millis_t now, bool& created) override;
    result<std::vector<direct_summary>> direct_rooms(id_t user_id) override;
    result<std::vector<my_room>> my_rooms(id_t user_id, std::int64_t unread_cap) override;
    result<std::vector<id_t>> room_ids_of(id_t user_id) override;
    result<std::int64_t> mark_read(id_t room_id, id_t user_id, std::int64_t seq) override;

  private:
    pg_pool& pool_;
};

}  // namespace parley::store::postgres
