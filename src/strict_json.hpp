#pragma once
// The one JSON reader for what clients send, over REST and over the WebSocket alike, so that no
// two parts of the server can read one request two ways.
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <string_view>

namespace parley {

/// Why a text is not a JSON document the server accepts.
enum class json_refusal {
    malformed,      ///< not JSON (RFC 8259), invalid UTF-8 included
    duplicate_key,  ///< an object names one key twice: readers differ on which one counts
};

/// Parses `text` as one JSON document with Boost.JSON, refusing objects that repeat a key (the
/// default parser would keep the last one silently, while another reader might keep the first).
/// Pure; any thread. Nesting is bounded by Boost's default depth (32).
[[nodiscard]] boost::system::result<boost::json::value, json_refusal> parse_strict_json(
    std::string_view text);

}  // namespace parley
