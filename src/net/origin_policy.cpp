#include "net/origin_policy.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>

namespace parley::net {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed) {
    if (origin.empty()) return true;
    for (const auto& a : allowed)
        if (iequals(a, origin)) return true;
    auto url = boost::urls::parse_absolute_uri(origin);
    if (!url || (url->scheme() != "http" && url->scheme() != "https")) return false;
    std::string origin_host(url->encoded_host_and_port());
    // A default port may be left out of one header and written in the other.
    const bool https = url->scheme() == "https";
    auto strip_default = [&](std::string_view h) {
        const std::string_view port = https ? ":443" : ":80";
        if (h.ends_with(port)) h.remove_suffix(port.size());
        return h;
    };
    return !host.empty() && iequals(strip_default(origin_host), strip_default(host));
}

}  // namespace parley::net
