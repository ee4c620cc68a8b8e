#pragma once
// docs/protocol.schema.json, loaded once, as a checker of WebSocket frames (valijson).
#include <boost/json/value.hpp>
#include <memory>
#include <string>

namespace parley::testing {

/// Which half of the protocol a frame belongs to.
enum class frame_direction { request, event };

/// Checks frames against definitions/request or definitions/event of docs/protocol.schema.json.
/// Thread-safe after construction (validation only reads the parsed schema).
class protocol_schema {
  public:
    /// The schema as it is in the source tree; parsed on first use, shared by every caller.
    static const protocol_schema& get();

    /// Empty when `frame` matches; otherwise every mismatch, one per line, with its path.
    [[nodiscard]] std::string mismatches(const boost::json::value& frame,
                                         frame_direction direction) const;

    /// The schema document itself (to read its enums).
    const boost::json::value& document() const { return document_; }

    ~protocol_schema();

  private:
    protocol_schema();
    struct compiled;
    boost::json::value document_;
    std::unique_ptr<compiled> request_, event_;
};

}  // namespace parley::testing
