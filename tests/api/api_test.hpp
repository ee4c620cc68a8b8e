#pragma once
// The fixture of the REST tests: a server with alice and bob signed up.
#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace parley::testing {

class api_test : public ::testing::Test {
  protected:
    void SetUp() override {
        alice = server.signup("alice");
        bob = server.signup("bob");
    }
    /// One request as `who`.
    http_reply call(const account& who, const std::string& method, const std::string& target,
                    const boost::json::value& body = nullptr) {
        return http_call(server.port(), method, target, body, who.token);
    }
    /// The error code of a reply, or "<none>".
    static std::string code(const http_reply& r) {
        return r.body.is_object() && r.body.as_object().contains("error")
                   ? std::string(r.body.at("error").at("code").as_string())
                   : "<none>";
    }
    test_server server;
    account alice, bob;
};

}  // namespace parley::testing
