#include "api/request_rules.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <string>
#include <vector>

namespace parley::api {
namespace {

failure bad(std::string message) { return {"bad_request", std::move(message), 400}; }

/// Headers the server reads one value of: a second copy could be read by another component.
constexpr http::field read_once[] = {http::field::origin,
                                     http::field::authorization,
                                     http::field::cookie,
                                     http::field::content_type,
                                     http::field::sec_websocket_key,
                                     http::field::sec_websocket_version,
                                     http::field::upgrade,
                                     http::field::sec_websocket_protocol};

}  // namespace

std::optional<failure> refuse_ambiguous(const request& req) {
    if (req.count(http::field::host) != 1) return bad("send exactly one Host header");
    auto host = boost::urls::parse_authority(req[http::field::host]);
    if (!host || host->has_userinfo() || host->host().empty())
        return bad("the Host header must be host or host:port");
    for (auto field : read_once)
        if (req.count(field) > 1)
            return bad("the " + std::string(http::to_string(field)) + " header is given twice");
    auto url = boost::urls::parse_origin_form(req.target());
    if (!url) return failure{"invalid_target", "the request target is malformed", 400};
    std::vector<std::string> names;
    for (auto param : url->params()) names.push_back(param.key);
    std::sort(names.begin(), names.end());
    if (std::adjacent_find(names.begin(), names.end()) != names.end())
        return bad("a query parameter is given twice");
    return std::nullopt;
}

}  // namespace parley::api
