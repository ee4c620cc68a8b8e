#pragma once
// JSON in and out of HTTP messages, and the one error format every route uses.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "api/http_types.hpp"
#include "failure.hpp"

namespace parley::api {

/// A response with a JSON body, mirroring the request's HTTP version and keep-alive.
[[nodiscard]] response json_response(const request& req, http::status status,
                                     const boost::json::value& body);
/// `{"error":{"code","message"}}` with the failure's status.
[[nodiscard]] response error_response(const request& req, const failure& f);
/// The request body as a JSON object; invalid_body (400) if it is anything else.
[[nodiscard]] outcome<boost::json::object> json_body(const request& req);

/// A string field: missing gives nullopt unless required; wrong types are invalid_field.
[[nodiscard]] outcome<std::optional<std::string>> string_field(const boost::json::object& o,
                                                               std::string_view name,
                                                               bool required);

/// The decoded value of a query parameter, if present.
[[nodiscard]] std::optional<std::string> query_param(const request& req, std::string_view name);
/// A positive integer id written in decimal, or nullopt.
[[nodiscard]] std::optional<std::int64_t> positive_id(std::string_view text);
/// An optional integer query parameter within [min, max]; invalid_field (400) otherwise.
[[nodiscard]] outcome<std::optional<std::int64_t>> int_param(const request& req,
                                                             std::string_view name,
                                                             std::int64_t min, std::int64_t max);

/// Where a request may carry its bearer token. `?token=` is for the WebSocket handshake only
/// (browsers cannot set headers on it): in a REST URL it would end up in logs and histories.
enum class token_sources { header_or_cookie, also_query };

/// The bearer token of a request: `Authorization: Bearer`, the session cookie, or (only with
/// also_query) `?token=`; empty if none.
[[nodiscard]] std::string request_token(const request& req,
                                        token_sources from = token_sources::header_or_cookie);

/// Name of the HttpOnly cookie that carries the session token.
inline constexpr std::string_view session_cookie = "parley_session";
/// Name of the HttpOnly cookie that marks a device as known to an account (known_devices.hpp).
inline constexpr std::string_view device_cookie = "parley_device";

/// The value of cookie `name` in the request's Cookie headers; empty if none.
[[nodiscard]] std::string request_cookie(const request& req, std::string_view name);

}  // namespace parley::api
