// Any bytes a client can send as a WebSocket text frame: parse_request never crashes, never
// reads out of bounds, and its failures serialize into error events.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chat/protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    auto parsed = parley::chat::parse_request(frame, "fuzzer", {64});
    if (parsed.has_error()) (void)parley::chat::error_event(parsed.error());
    return 0;
}
