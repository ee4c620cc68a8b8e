#pragma once
// The one place network errors are reported.
#include <boost/beast/core/error.hpp>

namespace parley::net {

/// Logs a network error unless it is an expected way for a connection to end.
void fail(boost::beast::error_code ec, const char* what);

}  // namespace parley::net
