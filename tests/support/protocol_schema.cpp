#include "support/protocol_schema.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <valijson/schema.hpp>

#include "support/json_schema.hpp"

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

}  // namespace

protocol_schema::protocol_schema()
    : document_(load_document()),
      request_(std::make_unique<compiled>()),
      event_(std::make_unique<compiled>()) {
    compile_schema(document_, "/definitions/request", request_->schema);
    compile_schema(document_, "/definitions/event", event_->schema);
}

protocol_schema::~protocol_schema() = default;

const protocol_schema& protocol_schema::get() {
    static const protocol_schema schema;
    return schema;
}

std::string protocol_schema::mismatches(const boost::json::value& frame,
                                        frame_direction direction) const {
    return schema_mismatches(
        direction == frame_direction::request ? request_->schema : event_->schema, frame);
}

}  // namespace parley::testing
