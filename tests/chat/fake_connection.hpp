#pragma once
// A chat::connection that records what it is sent, for tests of the chat core without sockets.
#include <boost/json.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "chat/connection.hpp"

namespace parley::chat {

/// Records frames; thread-safe, since shards and the blocking pool send from their threads.
class fake_connection final : public connection {
  public:
    fake_connection(id_t user, std::string name, unsigned home = 0)
        : user_(user), name_(std::move(name)), home_(home) {}
    send_status send(frame f) override {
        std::lock_guard lock(mutex_);
        received.push_back(*f);
        return send_status::queued;
    }
    id_t user_id() const override { return user_; }
    unsigned home() const override { return home_; }
    const std::string& username() const override { return name_; }
    const std::string& client_id() const override { return name_; }
    void close_for_abuse(const char* reason) override {
        std::lock_guard lock(mutex_);
        closed_for = reason;
    }
    void request_done() override {
        std::lock_guard lock(mutex_);
        ++done;
    }

    /// What was sent so far, parsed.
    std::vector<boost::json::value> events() const {
        std::lock_guard lock(mutex_);
        std::vector<boost::json::value> out;
        for (const auto& f : received) out.push_back(boost::json::parse(f));
        return out;
    }
    /// The `type` of each frame sent so far.
    std::vector<std::string> types() const {
        std::vector<std::string> out;
        for (const auto& e : events()) out.emplace_back(e.at("type").as_string());
        return out;
    }

    std::vector<std::string> received;  // GUARDED_BY(mutex_) once shared with other threads
    int done = 0;                       // GUARDED_BY(mutex_)
    std::string closed_for;             // GUARDED_BY(mutex_): close_for_abuse's reason

  private:
    mutable std::mutex mutex_;
    id_t user_;
    std::string name_;
    unsigned home_;
};

}  // namespace parley::chat
