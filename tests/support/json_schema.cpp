#include "support/json_schema.hpp"

#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace parley::testing {

void compile_schema(const boost::json::value& document, const std::string& pointer,
                    valijson::Schema& schema) {
    // In draft 7 a root `$ref` replaces the root, and the document's definitions stay reachable.
    boost::json::value rooted = document;
    rooted.as_object()["$ref"] = "#" + pointer;
    valijson::SchemaParser(valijson::SchemaParser::kDraft7)
        .populateSchema(valijson::adapters::BoostJsonAdapter(rooted), schema);
}

std::string schema_mismatches(const valijson::Schema& schema, const boost::json::value& value) {
    valijson::ValidationResults results;
    if (valijson::Validator(valijson::Validator::kStrongTypes)
            .validate(schema, valijson::adapters::BoostJsonAdapter(value), &results))
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
