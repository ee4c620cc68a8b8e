#pragma once
// The error value every boundary hands to clients: a stable code, a human message, a status.
#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>

namespace parley {

/// Why a request failed, as a client may see it. `code` is stable and machine-readable
/// (e.g. "invalid_message"); `message` is for people; `http_status` applies to REST answers.
struct failure {
    failure() = default;
    failure(std::string c, std::string m, int status = 400)
        : code(std::move(c)), message(std::move(m)), http_status(status) {}

    std::string code;
    std::string message;
    int http_status = 400;
};

/// A value or the failure to report instead.
template <class T>
using outcome = boost::system::result<T, failure>;

/// The one place a store error becomes what a client sees: not_found (404), conflict (409),
/// invalid_argument (400), and unavailable or anything else as 503 "unavailable" (retry).
/// Callers that mean something more specific by not_found (no such user, no such room) check
/// for it first.
[[nodiscard]] failure store_failure(const boost::system::error_code& ec);
/// The database could not do the work: 503 unavailable.
[[nodiscard]] failure store_failure();

/// Lets outcome<T>::value() throw when misused; callers are expected to check first.
[[noreturn]] inline void throw_exception_from_error(const failure& f,
                                                    const boost::source_location&) {
    throw std::runtime_error(f.code + ": " + f.message);
}

}  // namespace parley
