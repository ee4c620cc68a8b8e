#include "api/origin_policy.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>

#include "text.hpp"

namespace parley::api {
bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed) {
    if (origin.empty()) return true;
    for (const auto& a : allowed)
        if (text::iequals(a, origin)) return true;
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
    return !host.empty() && text::iequals(strip_default(origin_host), strip_default(host));
}

}  // namespace parley::api
