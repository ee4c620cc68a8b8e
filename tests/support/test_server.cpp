#include "support/test_server.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace parley::testing {

test_server::test_server(server_config config, std::string database_options)
    : config_(std::move(config)), database_options_(std::move(database_options)) {
    config_.host = "127.0.0.1";
    config_.port = 0;
    if (config_.files_dir == server_config{}.files_dir) config_.files_dir = files_.file("files");
    spdlog::set_level(spdlog::level::warn);
    start();
}

test_server::~test_server() { stop(); }

void test_server::start() {
    std::string why;
    auto opened = store::open(database_.url() + database_options_, why);
    if (opened.has_error()) throw std::runtime_error("cannot open test database: " + why);
    bundle_ = std::move(*opened);
    if (bundle_->migrate().has_error()) throw std::runtime_error("cannot migrate test database");
    faulty_ = std::make_unique<faulty_log>(bundle_->log());
    server_ = std::make_unique<app::server>(
        config_, store::parts{bundle_->accounts(), bundle_->rooms(), *faulty_, bundle_->files()});
    server_->start();
}

void test_server::stop() {
    server_.reset();
    faulty_.reset();
    bundle_.reset();
}

void test_server::restart() {
    stop();
    start();
}

account test_server::signup(const std::string& username) {
    auto r = http_call(port(), "POST", "/auth/register",
                       {{"username", username}, {"password", "password123"}});
    if (r.status != 201) throw std::runtime_error("signup failed: " + r.raw_body);
    const auto& o = r.body.as_object();
    return {o.at("user").at("id").as_int64(), username, std::string(o.at("token").as_string())};
}

store::id_t test_server::create_group(const account& owner, const std::string& name,
                                      bool is_private) {
    auto r = http_call(port(), "POST", "/groups", {{"name", name}, {"private", is_private}},
                       owner.token);
    if (r.status != 201) throw std::runtime_error("create group failed: " + r.raw_body);
    return r.body.at("id").as_int64();
}

std::unique_ptr<ws_client> test_server::connect(const account& who, bool read) {
    return std::make_unique<ws_client>(
        port(), std::map<std::string, std::string>{{"Authorization", "Bearer " + who.token}}, read);
}

}  // namespace parley::testing
