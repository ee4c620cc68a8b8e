#pragma once
// Reading a multipart/form-data upload (RFC 7578) that was received into a file, with GMime.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "failure.hpp"

namespace parley::files {

/// One part of an upload: its form field name and the file name its sender gave.
struct upload_part {
    std::string field;     ///< the part's `name` ("file" for files)
    std::string filename;  ///< as sent (may be empty)
};

/// Reads the part's bytes, in chunks, into `sink`; a false from sink stops the reading.
using part_reader = std::function<bool(const std::function<bool(std::string_view)>& sink)>;

/// Parses the upload in `path`, whose first bytes are its own "Content-Type: ...\r\n\r\n"
/// header (the request's, written before the body), and calls `visit` for each part, in order,
/// with a reader of its decoded bytes. Memory stays bounded whatever the parts' sizes: GMime
/// reads the file in place. A body that is not multipart/form-data, or has no parts, is a
/// 400 failure; what `visit` fails with is returned as is. Blocks on file I/O; thread-safe.
[[nodiscard]] outcome<void> read_multipart_upload(
    const std::filesystem::path& path,
    const std::function<outcome<void>(const upload_part&, const part_reader&)>& visit);

/// The boundary a multipart/form-data Content-Type names, or empty when it is not one.
[[nodiscard]] std::string form_data_boundary(std::string_view content_type);

}  // namespace parley::files
