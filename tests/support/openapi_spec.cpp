#include "support/openapi_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <boost/json.hpp>
#include <regex>
#include <valijson/schema.hpp>

#include "support/json_schema.hpp"

namespace parley::testing {
namespace json = boost::json;
namespace {

/// A YAML scalar as JSON: quoted ones stay strings, plain ones become null, booleans and numbers
/// where YAML 1.2's core schema reads them so.
json::value scalar_of(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") return json::value(text);  // quoted
    if (text == "null" || text == "~" || text.empty()) return nullptr;
    if (text == "true") return true;
    if (text == "false") return false;
    static const std::regex integer(R"([-+]?[0-9]+)"),
        real(R"([-+]?[0-9]*\.[0-9]+([eE][-+]?[0-9]+)?)");
    if (std::regex_match(text, integer)) return json::value(std::stoll(text));
    if (std::regex_match(text, real)) return json::value(std::stod(text));
    return json::value(text);
}

json::value json_of(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: {
            json::object out;
            for (const auto& entry : node)
                out[entry.first.as<std::string>()] = json_of(entry.second);
            return out;
        }
        case YAML::NodeType::Sequence: {
            json::array out;
            for (const auto& item : node) out.push_back(json_of(item));
            return out;
        }
        case YAML::NodeType::Scalar:
            return scalar_of(node);
        default:
            return nullptr;
    }
}

/// `s` escaped as one token of a JSON pointer.
std::string pointer_token(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

/// The spec path (`/groups/{id}`) that `path` (`/groups/7`) is an instance of, or "".
std::string spec_path_of(const json::object& paths, std::string_view path) {
    static const std::regex parameter(R"(\{[^}]+\})");
    for (const auto& [name, item] : paths) {
        const std::regex shape(std::regex_replace(std::string(name), parameter, "[^/]+"));
        if (std::regex_match(path.begin(), path.end(), shape)) return std::string(name);
    }
    return {};
}

/// Where `response` (a Response object or a `$ref` to one) keeps its JSON schema, as a JSON
/// pointer into `document`; empty when it has none.
std::string schema_pointer(const json::value& document, const json::value& response,
                           std::string pointer) {
    const json::value* r = &response;
    if (const auto* ref = r->as_object().if_contains("$ref")) {
        pointer = std::string(ref->as_string()).substr(1);
        r = &document.at_pointer(pointer);
    }
    const auto* content = r->as_object().if_contains("content");
    if (!content || !content->as_object().contains("application/json")) return {};
    return pointer + "/content/application~1json/schema";
}

std::string validate(const json::value& document, const std::string& pointer,
                     const json::value& body) {
    valijson::Schema schema;
    compile_schema(document, pointer, schema);
    return schema_mismatches(schema, body);
}

}  // namespace

openapi_spec::openapi_spec()
    : document_(json_of(YAML::LoadFile(std::string(PARLEY_SOURCE_DIR) + "/docs/openapi.yaml"))) {}

const openapi_spec& openapi_spec::get() {
    static const openapi_spec spec;
    return spec;
}

std::string openapi_spec::mismatches(std::string_view method, std::string_view target, int status,
                                     const json::value& body) const {
    const auto& paths = document_.at("paths").as_object();
    const std::string_view path = target.substr(0, target.find('?'));
    const std::string spec_path = spec_path_of(paths, path);
    // No path of the spec, or a 404 that is not this API's JSON (another listener, such as the
    // metrics port, answering a path it does not serve).
    if (spec_path.empty() || (status == 404 && body.is_null())) return {};
    std::string verb(method);
    std::transform(verb.begin(), verb.end(), verb.begin(), ::tolower);
    const auto* operation = paths.at(spec_path).as_object().if_contains(verb);
    if (!operation) {
        if (status == 404 || status == 405) return {};  // no such route: the router's answer
        return std::string(method) + " " + spec_path + " is not in the spec but answered " +
               std::to_string(status);
    }
    const auto& responses = operation->at("responses").as_object();
    std::string key = std::to_string(status);
    const auto* response = responses.if_contains(key);
    if (!response) response = responses.if_contains(key = "default");
    if (!response)
        return std::string(method) + " " + spec_path + " answered " + std::to_string(status) +
               ", a status the spec does not list for it";
    if (body.is_null()) return {};  // not JSON: only the status is checked
    const std::string pointer =
        schema_pointer(document_, *response,
                       "/paths/" + pointer_token(spec_path) + "/" + verb + "/responses/" + key);
    if (pointer.empty()) return {};
    auto why = validate(document_, pointer, body);
    if (why.empty()) return {};
    return std::string(method) + " " + spec_path + " " + std::to_string(status) +
           ": the body does not match the spec: " + json::serialize(body) + "\n" + why;
}

}  // namespace parley::testing
