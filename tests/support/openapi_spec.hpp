#pragma once
// docs/openapi.yaml, loaded once, as a checker of REST responses (yaml-cpp and valijson).
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace parley::testing {

/// Checks that a response is one docs/openapi.yaml describes: its status is listed for the
/// operation, and a JSON body matches that status's schema. Thread-safe after construction.
class openapi_spec {
  public:
    /// The spec as it is in the source tree; parsed on first use, shared by every caller.
    static const openapi_spec& get();

    /// Empty when the response fits the spec, or when `target` is no path of the spec (static
    /// files, unknown routes); otherwise what does not fit.
    [[nodiscard]] std::string mismatches(std::string_view method, std::string_view target,
                                         int status, const boost::json::value& body) const;

    /// The spec as JSON (scalars typed as YAML reads them).
    const boost::json::value& document() const { return document_; }

  private:
    openapi_spec();
    boost::json::value document_;
};

}  // namespace parley::testing
