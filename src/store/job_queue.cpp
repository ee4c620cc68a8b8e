#include "store/job_queue.hpp"

#include <vector>

namespace parley::store {

job_queue::job_queue(store& db, std::size_t max_batch)
    : db_(db), max_batch_(max_batch), thread_([this] { run(); }) {}

job_queue::~job_queue() { stop(); }

void job_queue::post(job j) { push(std::move(j)); }

void job_queue::post_save(new_message m, admit_callback admit, save_callback done) {
    push(save_item{std::move(m), std::move(admit), std::move(done)});
}

void job_queue::push(item i) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        pending_.push_back(std::move(i));
    }
    wake_.notify_one();
}

void job_queue::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

std::size_t job_queue::queued() const {
    std::lock_guard lock(mutex_);
    return pending_.size();
}

void job_queue::run() {
    std::deque<item> items;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
            if (pending_.empty()) return;  // stopping, and everything queued has run
            items.swap(pending_);
        }
        process(items);
        items.clear();
    }
}

void job_queue::process(std::deque<item>& items) {
    std::vector<new_message> batch;
    std::vector<save_callback> callbacks;
    auto flush = [&] {
        if (batch.empty()) return;
        auto results = db_.save_messages(batch);
        for (std::size_t i = 0; i < callbacks.size(); ++i) callbacks[i](std::move(results[i]));
        batch.clear();
        callbacks.clear();
    };
    for (auto& it : items) {
        if (auto* s = std::get_if<save_item>(&it)) {
            if (s->admit && !s->admit(s->msg)) continue;
            batch.push_back(std::move(s->msg));
            callbacks.push_back(std::move(s->done));
            if (batch.size() >= max_batch_) flush();
        } else {
            flush();
            std::get<job>(it)(db_);
        }
    }
    flush();
}

}  // namespace parley::store
