#include "net/network_threads.hpp"

#include <algorithm>

namespace parley::net {

network_threads::network_threads(unsigned count) {
    for (unsigned i = 0; i < std::max(1u, count); ++i) {
        contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
        work_.emplace_back(contexts_.back()->get_executor());
    }
}

network_threads::~network_threads() { stop(); }

std::vector<boost::asio::any_io_executor> network_threads::executors() const {
    std::vector<boost::asio::any_io_executor> out;
    for (const auto& c : contexts_) out.push_back(c->get_executor());
    return out;
}

void network_threads::start() {
    for (auto& c : contexts_) threads_.emplace_back([&ctx = *c] { ctx.run(); });
}

void network_threads::stop() {
    for (auto& c : contexts_) c->stop();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

}  // namespace parley::net
