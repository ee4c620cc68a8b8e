#pragma once
// A store that forwards to a real one but can be told to fail message saves, to test how the
// server behaves when the database fails under it.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "store/store.hpp"

namespace parley::testing {

namespace st = parley::store;


class faulty_store final : public st::store {
public:
    explicit faulty_store(st::store& inner) : inner_(inner) {}

    /// While true, every save_messages result is errc::unavailable and nothing is written.
    std::atomic<bool> fail_saves{false};
    /// While true, save_messages waits: the store thread is stuck, as on a very slow disk.
    std::atomic<bool> hold_saves{false};
    /// Sizes of the batches save_messages was called with, in order.
    std::vector<std::size_t> batch_sizes() const {
        std::lock_guard lock(mutex_);
        return batch_sizes_;
    }

    st::result<void> migrate() override {
        return inner_.migrate();
    }
    st::result<st::user> create_user(const st::new_user& u, st::millis_t now) override {
        return inner_.create_user(u, now);
    }
    st::result<st::user_credentials> find_credentials(std::string_view username) override {
        return inner_.find_credentials(username);
    }
    st::result<st::user> find_user(st::id_t id) override {
        return inner_.find_user(id);
    }
    st::result<st::user> find_user_by_name(std::string_view username) override {
        return inner_.find_user_by_name(username);
    }
    st::result<st::user> update_profile(st::id_t id, const st::profile_fields& p) override {
        return inner_.update_profile(id, p);
    }
    st::result<std::vector<st::user>> search_users(std::string_view prefix, int limit) override {
        return inner_.search_users(prefix, limit);
    }
    st::result<std::vector<std::string>> user_tags(st::id_t user_id) override {
        return inner_.user_tags(user_id);
    }
    st::result<void> add_tag(st::id_t user_id, std::string_view tag, st::millis_t now) override {
        return inner_.add_tag(user_id, tag, now);
    }
    st::result<bool> remove_tag(st::id_t user_id, std::string_view tag) override {
        return inner_.remove_tag(user_id, tag);
    }
    st::result<std::vector<st::tag_count>> all_tags() override {
        return inner_.all_tags();
    }
    st::result<std::vector<st::user>> users_with_tag(std::string_view tag) override {
        return inner_.users_with_tag(tag);
    }
    st::result<void> create_session(const st::session& s) override {
        return inner_.create_session(s);
    }
    st::result<st::user> find_session_user(std::string_view token_hash, st::millis_t now) override {
        return inner_.find_session_user(token_hash, now);
    }
    st::result<void> delete_session(std::string_view token_hash) override {
        return inner_.delete_session(token_hash);
    }
    st::result<st::group> create_group(const st::new_group& g, st::millis_t now) override {
        return inner_.create_group(g, now);
    }
    st::result<st::group> find_group(st::id_t id) override {
        return inner_.find_group(id);
    }
    st::result<std::vector<st::group_summary>> group_summaries( st::id_t viewer, std::string_view name_filter) override {
        return inner_.group_summaries(viewer, name_filter);
    }
    st::result<st::group> rename_group(st::id_t group_id, std::string_view name) override {
        return inner_.rename_group(group_id, name);
    }
    st::result<void> delete_group(st::id_t group_id) override {
        return inner_.delete_group(group_id);
    }
    st::result<bool> is_member(st::id_t group_id, st::id_t user_id) override {
        return inner_.is_member(group_id, user_id);
    }
    st::result<std::string> member_role(st::id_t group_id, st::id_t user_id) override {
        return inner_.member_role(group_id, user_id);
    }
    st::result<bool> remove_member(st::id_t group_id, st::id_t user_id) override {
        return inner_.remove_member(group_id, user_id);
    }
    st::result<void> add_member(st::id_t group_id, st::id_t user_id, std::string_view role, st::millis_t now) override {
        return inner_.add_member(group_id, user_id, role, now);
    }
    st::result<std::vector<st::member>> members(st::id_t group_id) override {
        return inner_.members(group_id);
    }
    st::result<std::vector<st::message>> recent_messages(st::id_t group_id, int limit) override {
        return inner_.recent_messages(group_id, limit);
    }
    st::result<std::vector<st::message>> messages_before(st::id_t group_id, st::id_t before_id, int limit) override {
        return inner_.messages_before(group_id, before_id, limit);
    }
    st::result<std::vector<st::message>> messages_after_seq(st::id_t group_id, std::int64_t after_seq, int limit) override {
        return inner_.messages_after_seq(group_id, after_seq, limit);
    }
    st::result<std::vector<st::message>> messages_before_seq( st::id_t group_id, std::int64_t before_seq, int limit) override {
        return inner_.messages_before_seq(group_id, before_seq, limit);
    }
    st::result<st::group> direct_room(st::id_t a, st::id_t b, st::millis_t now, bool& created) override {
        return inner_.direct_room(a, b, now, created);
    }
    st::result<std::vector<st::direct_summary>> direct_rooms(st::id_t user_id) override {
        return inner_.direct_rooms(user_id);
    }
    std::vector<st::result<st::saved_message>> save_messages(
        std::span<const st::new_message> batch) override {
        {
            std::lock_guard lock(mutex_);
            batch_sizes_.push_back(batch.size());
        }
        while (hold_saves) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (fail_saves) {
            return std::vector<st::result<st::saved_message>>(batch.size(),
                                                              st::errc::unavailable);
        }
        return inner_.save_messages(batch);
    }

private:
    st::store& inner_;
    mutable std::mutex mutex_;
    std::vector<std::size_t> batch_sizes_;
};

}  // namespace parley::testing
