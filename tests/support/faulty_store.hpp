#pragma once
// A store that forwards to a real one but can be told to fail message saves, to test how the
// server behaves when the database fails under it.
#include <atomic>

#include "store/store.hpp"

namespace parley::testing {

namespace st = parley::store;


class faulty_store final : public st::store {
public:
    explicit faulty_store(st::store& inner) : inner_(inner) {}

    /// While true, every save_messages result is errc::unavailable and nothing is written.
    std::atomic<bool> fail_saves{false};
    /// Sizes of the batches save_messages was called with, in order.
    std::vector<std::size_t> batch_sizes() const {
        std::lock_guard lock(mutex_);
        return batch_sizes_;
    }

    st::result<void> migrate() override { return inner_.migrate(); }
    st::result<st::user> create_user(const st::new_user& u, st::millis_t now) override {
        return inner_.create_user(u, now);
    }
    st::result<st::user_credentials> find_credentials(std::string_view n) override {
        return inner_.find_credentials(n);
    }
    st::result<st::user> find_user(st::id_t id) override { return inner_.find_user(id); }
    st::result<void> create_session(const st::session& s) override {
        return inner_.create_session(s);
    }
    st::result<st::user> find_session_user(std::string_view h, st::millis_t now) override {
        return inner_.find_session_user(h, now);
    }
    st::result<void> delete_session(std::string_view h) override { return inner_.delete_session(h); }
    st::result<st::group> create_group(const st::new_group& g, st::millis_t now) override {
        return inner_.create_group(g, now);
    }
    st::result<st::group> find_group(st::id_t id) override { return inner_.find_group(id); }
    st::result<std::vector<st::group>> visible_groups(st::id_t u) override {
        return inner_.visible_groups(u);
    }
    st::result<bool> is_member(st::id_t g, st::id_t u) override { return inner_.is_member(g, u); }
    st::result<void> add_member(st::id_t g, st::id_t u, std::string_view role,
                                   st::millis_t now) override {
        return inner_.add_member(g, u, role, now);
    }
    st::result<std::vector<st::member>> members(st::id_t g) override { return inner_.members(g); }
    st::result<std::vector<st::message>> recent_messages(st::id_t g, int limit) override {
        return inner_.recent_messages(g, limit);
    }
    std::vector<st::result<st::message>> save_messages(
        std::span<const st::new_message> batch) override {
        {
            std::lock_guard lock(mutex_);
            batch_sizes_.push_back(batch.size());
        }
        if (fail_saves) {
            return std::vector<st::result<st::message>>(batch.size(),
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
