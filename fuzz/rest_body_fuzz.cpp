// Any body and query a client can send to a REST route: the JSON body, its fields, the
// validators every route applies to them, and query parameters never crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/json_http.hpp"
#include "api/validation.hpp"

namespace {

using namespace parley::api;

void check_fields(const boost::json::object& body) {
    for (const char* name : {"name", "nickname", "avatar", "tag", "email", "password"}) {
        auto field = string_field(body, name, false);
        if (field.has_error() || !*field) continue;
        const std::string& value = **field;
        (void)valid_group_name(value);
        (void)valid_nickname(value);
        (void)valid_avatar(value);
        (void)normalized_tag(value);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first line is the request target ("/groups?limit=5"), the rest the body.
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const std::string_view target =
        newline == std::string_view::npos ? "/" : input.substr(0, newline);
    const std::string_view body =
        newline == std::string_view::npos ? input : input.substr(newline + 1);

    request req{http::verb::post, "/", 11};
    if (!target.empty() && target.find_first_of("\r\n") == std::string_view::npos)
        req.target(target);
    req.set(http::field::content_type, "application/json");
    req.body() = std::string(body);
    req.prepare_payload();

    auto parsed = json_body(req);
    if (parsed.has_value())
        check_fields(*parsed);
    else
        (void)error_response(req, parsed.error());
    (void)query_param(req, "q");
    (void)int_param(req, "limit", 1, 200);
    (void)positive_id(body);
    (void)request_token(req, token_sources::also_query);
    return 0;
}
