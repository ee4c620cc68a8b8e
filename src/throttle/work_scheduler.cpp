#include "throttle/work_scheduler.hpp"

#include <boost/asio/post.hpp>
#include <utility>

namespace parley::throttle {

work_scheduler::work_scheduler(boost::asio::any_io_executor pool, work_limits limits)
    : pool_(std::move(pool)), limits_(limits) {}

bool work_scheduler::try_post(work_kind kind, std::string_view client, std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        if (kind == work_kind::interactive) {
            if (interactive_.size() >= limits_.interactive_waiting)
                return ++refused_interactive_, false;
            interactive_.push_back(std::move(job));
        } else {
            auto [it, added] = heavy_by_client_.try_emplace(std::string(client));
            if (heavy_waiting_ >= limits_.heavy_waiting ||
                it->second.size() >= limits_.heavy_waiting_per_client) {
                if (added) heavy_by_client_.erase(it);
                return ++refused_heavy_, false;
            }
            if (it->second.empty()) heavy_turns_.push_back(it->first);
            it->second.push_back(std::move(job));
            ++heavy_waiting_;
        }
    }
    boost::asio::post(pool_, [this] { run_one(); });
    return true;
}

void work_scheduler::run_one() {
    std::function<void()> job;
    bool heavy = false;
    {
        std::lock_guard lock(mutex_);
        if (!interactive_.empty()) {
            job = std::move(interactive_.front());
            interactive_.pop_front();
        } else if (heavy_waiting_ > 0 && heavy_running_ < limits_.heavy_running) {
            auto client = std::move(heavy_turns_.front());
            heavy_turns_.pop_front();
            auto it = heavy_by_client_.find(client);
            job = std::move(it->second.front());
            it->second.pop_front();
            if (it->second.empty())
                heavy_by_client_.erase(it);
            else
                heavy_turns_.push_back(std::move(client));  // its next job waits for the others'
            --heavy_waiting_;
            ++heavy_running_;
            heavy = true;
        } else {
            if (heavy_waiting_ > 0) ++turns_owed_;  // given back when a running heavy job ends
            return;
        }
    }
    // Ends the heavy job's run however the job ends, and hands on a turn it held back.
    struct heavy_done {
        work_scheduler* self;
        ~heavy_done() {
            bool owed = false;
            {
                std::lock_guard lock(self->mutex_);
                --self->heavy_running_;
                if (self->turns_owed_ > 0) {
                    --self->turns_owed_;
                    owed = true;
                }
            }
            if (owed) boost::asio::post(self->pool_, [s = self] { s->run_one(); });
        }
    };
    if (!heavy) return job();
    heavy_done done{this};
    job();
}

std::uint64_t work_scheduler::refused(work_kind kind) const {
    std::lock_guard lock(mutex_);
    return kind == work_kind::interactive ? refused_interactive_ : refused_heavy_;
}

std::size_t work_scheduler::waiting(work_kind kind) const {
    std::lock_guard lock(mutex_);
    return kind == work_kind::interactive ? interactive_.size() : heavy_waiting_;
}

}  // namespace parley::throttle
