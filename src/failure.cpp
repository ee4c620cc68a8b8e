#include "failure.hpp"

#include "store/errors.hpp"

namespace parley {

failure store_failure(const boost::system::error_code& ec) {
    if (ec == store::errc::not_found) return {"not_found", "not found", 404};
    if (ec == store::errc::conflict) return {"conflict", "that conflicts with existing data", 409};
    if (ec == store::errc::invalid_argument)
        return {"invalid_request", "the request cannot be carried out", 400};
    return store_failure();
}

failure store_failure() { return {"unavailable", "the database is unavailable, try again", 503}; }

}  // namespace parley
