#pragma once
// JSON Schema (draft 7) checks with valijson over Boost.JSON, for the protocol's schema and the
// OpenAPI document alike.
#include <boost/json/value.hpp>
#include <string>
#include <valijson/schema.hpp>

namespace parley::testing {

/// Parses the schema at JSON pointer `pointer` of `document` into `schema`, with every `$ref`
/// of the document resolvable (the document gets a root `$ref` to `pointer`). Throws on a
/// schema valijson cannot read.
void compile_schema(const boost::json::value& document, const std::string& pointer,
                    valijson::Schema& schema);

/// Empty when `value` matches `schema`; otherwise every mismatch, one per line, with its path.
[[nodiscard]] std::string schema_mismatches(const valijson::Schema& schema,
                                            const boost::json::value& value);

}  // namespace parley::testing
