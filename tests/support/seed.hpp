#pragma once
// Stores messages straight into a message log and waits until they are durable.
#include <future>
#include <stdexcept>
#include <vector>

#include "store/message_log.hpp"

namespace parley::testing {

/// Appends every message and waits for all of them; returns their results in order.
inline std::vector<store::result<store::saved_message>> append_all(
    store::message_log& log, std::vector<store::new_message> batch) {
    std::vector<std::promise<store::result<store::saved_message>>> done(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i)
        log.append(std::move(batch[i]), [&done, i](store::result<store::saved_message> r) {
            done[i].set_value(std::move(r));
        });
    std::vector<store::result<store::saved_message>> out;
    for (auto& d : done) out.push_back(d.get_future().get());
    return out;
}

/// The room's newest `limit` messages, oldest first; throws if the read fails.
inline std::vector<store::message> recent(store::message_log& log, store::id_t room,
                                          int limit = 100) {
    auto page = log.read(room, {store::page_request::from::newest, 0, limit});
    if (!page) throw std::runtime_error("read failed: " + page.error().message());
    return page->messages;
}

}  // namespace parley::testing
