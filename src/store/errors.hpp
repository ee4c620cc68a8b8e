#pragma once
// Error codes every store backend reports, so callers never see a backend's own codes.
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace parley::store {

/// Failures a store operation can return. Values are stable; callers switch on them.
enum class errc {
    not_found = 1,     ///< the row asked for does not exist
    conflict,          ///< a uniqueness rule was violated (e.g. username taken)
    unavailable,       ///< the database could not do the work (I/O, locked, read-only, full)
    invalid_argument,  ///< the request could never succeed (e.g. a foreign key to nothing)
    forbidden,         ///< the user may not change that row (e.g. another's message)
    invalid_reference  ///< the request names a row it may not use (e.g. a file attached already)
};

/// The category of errc; its messages are safe to log, not to show to clients.
const boost::system::error_category& category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

/// A value or the reason it could not be produced.
template <class T>
using result = boost::system::result<T>;

}  // namespace parley::store

template <>
struct boost::system::is_error_code_enum<parley::store::errc> : std::true_type {};
