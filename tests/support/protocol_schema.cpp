#include "support/protocol_schema.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace parley::testing {

struct protocol_schema::compiled {
    valijson::Schema schema;
};

namespace {

boost::json::value load_document() {
    const std::string path = std::string(PARLEY_SOURCE_DIR) + "/docs/protocol.schema.json";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return boost::json::parse(text.str());
}

/// The whole document with a root `$ref` to one definition: in draft 7 the `$ref` replaces the
/// root, and the definitions it points into stay resolvable.
void compile(const boost::json::value& document, const std::string& definition,
             valijson::Schema& schema) {
    boost::json::value rooted = document;
    rooted.as_object()["$ref"] = "#/definitions/" + definition;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    parser.populateSchema(valijson::adapters::BoostJsonAdapter(rooted), schema);
}

}  // namespace

protocol_schema::protocol_schema()
    : document_(load_document()),
      request_(std::make_unique<compiled>()),
      event_(std::make_unique<compiled>()) {
    compile(document_, "request", request_->schema);
    compile(document_, "event", event_->schema);
}

protocol_schema::~protocol_schema() = default;

const protocol_schema& protocol_schema::get() {
    static const protocol_schema schema;
    return schema;
}

std::string protocol_schema::mismatches(const boost::json::value& frame,
                                        frame_direction direction) const {
    const auto& schema = direction == frame_direction::request ? request_->schema : event_->schema;
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    if (validator.validate(schema, valijson::adapters::BoostJsonAdapter(frame), &results))
        return {};
    std::string out;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) {
        for (const auto& part : error.context) out += part;
        out += ": " + error.description + "\n";
    }
    return out;
}

}  // namespace parley::testing
