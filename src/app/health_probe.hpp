#pragma once
// `parley health`: asks a running node whether it is ready, for a container's HEALTHCHECK (the
// image has no curl).
#include <chrono>
#include <string>

namespace parley::app {

/// GETs `url` (http://host:port/path) and returns 0 when it answers 200 within `timeout`, else
/// 1, saying why on standard error. Blocking; any thread.
int probe_health(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace parley::app
