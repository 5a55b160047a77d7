// Streaming .xlsx (Office Open XML) reader: libzip for the archive, expat
// (SAX) for the XML. The sheet is inflated and parsed a chunk at a time and a
// row is handed out as soon as its </row> closes, so memory stays flat however
// long the sheet is. See README.md ("Excel readers") for the design and limits.
#pragma once

#include <cstdint>
#include <memory>

#include "core/read/input.hpp"

namespace leadimport {

// Limits against hostile or absurd workbooks. The defaults are the product's;
// tests lower them to exercise each refusal on small files.
struct XlsxLimits {
  // Bytes inflated over all the parts read (workbook, styles, shared strings,
  // the sheet): file_too_large beyond. 1 GiB is Excel's row limit at ~25 columns.
  uint64_t max_inflated_bytes = uint64_t{1} << 30;
  // A part inflating to more than this many times its compressed size is a
  // zip bomb (file_too_large), once it is past ratio_grace_bytes: small parts
  // of repeated markup legitimately compress very well. Real sheets stay
  // under 100:1; deflate's ceiling is ~1032:1.
  uint64_t max_compression_ratio = 200;
  uint64_t ratio_grace_bytes = uint64_t{4} << 20;
  // The shared strings table is held in memory for the whole import: its text
  // and its count (8 bytes of offset each). 64 MiB of text plus 4 Mi offsets
  // (32 MiB) leave room under the backend's 256 MiB (SPEC "Limits") for the
  // sheet's row in progress, a batch of rows and the import's own state; a
  // real lead list's strings are a few MB.
  uint64_t max_shared_string_bytes = uint64_t{64} << 20;
  uint64_t max_shared_strings = uint64_t{4} << 20;
  // A single XML token (a tag with its attributes, a comment) larger than
  // this is refused: expat buffers a token whole.
  uint64_t max_xml_token_bytes = uint64_t{16} << 20;
  // All the cell text handed out, counting repeated shared strings each time:
  // file_too_large beyond, so a small sheet can't expand without bound.
  uint64_t max_output_bytes = uint64_t{4} << 30;
};

std::unique_ptr<RowSource> open_xlsx(const Input& in, const ReadOptions& opts);
std::unique_ptr<RowSource> open_xlsx(const Input& in, const ReadOptions& opts,
                                     const XlsxLimits& limits);

}  // namespace leadimport
