// Format detection and the reader factory.
#include "core/read/input.hpp"

#include <algorithm>
#include <cstring>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/read/byte_source.hpp"
#include "core/read/csv/csv_reader.hpp"
#include "core/read/xls/xls_reader.hpp"
#include "core/read/xlsx/xlsx_reader.hpp"

namespace leadimport {

const char* format_name(Format f) {
  switch (f) {
    case Format::csv:
      return "csv";
    case Format::xlsx:
      return "xlsx";
    case Format::xls:
      return "xls";
  }
  return "csv";
}

namespace {

// The first bytes of the input (fewer when the file is shorter). A path must
// be a regular file (open_regular_file): sniffing a FIFO must not block.
std::string first_bytes(const Input& in, size_t n) {
  if (in.path.empty()) return std::string(in.data ? in.data : "", std::min(n, in.size));
  UniqueFd fd = open_regular_file(in.path);
  std::string out(n, '\0');
  size_t got = 0;
  while (got < n) {
    size_t k = read_fd(fd.get(), out.data() + got, n - got, in.path);
    if (k == 0) break;
    got += k;
  }
  out.resize(got);
  return out;
}

std::string extension_of(const std::string& name) {
  auto dot = name.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = name.substr(dot + 1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool looks_binary(const std::string& head) {
  // UTF-16 text and binary formats we don't read have NUL bytes up front,
  // before any line break. A NUL after the first line is a text file's
  // fault: the CSV reader names its row and column (issue 11).
  size_t nul = head.find('\0');
  return nul != std::string::npos && nul < head.find_first_of("\r\n");
}

// Compressed files and archives that aren't zip: named by their signature so
// a gzip renamed .csv is not reported as text in a bad encoding (issue 11).
const char* compressed_kind(const std::string& head) {
  auto starts = [&](std::string_view magic) { return head.compare(0, magic.size(), magic) == 0; };
  if (starts("\x1f\x8b")) return "gzip";
  if (starts("BZh") && head.size() > 3 && head[3] >= '1' && head[3] <= '9') return "bzip2";
  if (starts(std::string_view("\xfd"
                              "7zXZ\0",
                              6)))
    return "xz";
  if (starts("\x28\xb5\x2f\xfd")) return "zstd";
  if (starts("7z\xbc\xaf\x27\x1c")) return "7-Zip";
  if (starts("Rar!\x1a\x07")) return "RAR";
  return nullptr;
}

}  // namespace

Format detect_format(const Input& in, const std::string& requested) {
  std::string head = first_bytes(in, 8);
  bool zip = has_zip_signature(head);
  bool ole2 = has_ole2_signature(head);
  std::string ext = extension_of(in.file_name.empty() ? in.path : in.file_name);

  const char* hint =
      "Export the sheet as CSV (UTF-8), .xlsx or .xls, or set the \"format\" option.";
  if (const char* kind = compressed_kind(head))
    throw FileError(
        codes::unsupported_format.code,
        std::string("the file is compressed (") + kind + "), not CSV text or a workbook",
        "Decompress it first and import the file inside.");
  if (!requested.empty()) {
    Format f = requested == "xlsx" ? Format::xlsx : requested == "xls" ? Format::xls : Format::csv;
    if (f == Format::xlsx && !zip)
      throw FileError(codes::unsupported_format.code,
                      "the file is not an .xlsx workbook (no zip signature)", hint);
    if (f == Format::xls && !ole2)
      throw FileError(codes::unsupported_format.code,
                      "the file is not an .xls workbook (no OLE2 signature)", hint);
    if (f == Format::csv && (zip || ole2))
      throw FileError(codes::unsupported_format.code,
                      std::string("the file is a ") +
                          (zip ? "zip archive (.xlsx?)" : "binary .xls workbook") +
                          ", not CSV text",
                      "Remove the \"format\" option to detect the format from the file.");
    return f;
  }
  if (zip) {
    if (ext == "xlsx" || ext == "xlsm" || ext.empty() || ext == "zip" || ext == "csv")
      return Format::xlsx;
    throw FileError(codes::unsupported_format.code,
                    "the file is a zip archive but its name ends in \"." + ext + "\"", hint);
  }
  if (ole2) return Format::xls;
  if (ext == "xlsx" || ext == "xls")
    throw FileError(codes::unsupported_format.code,
                    "the file is named ." + ext + " but is not an Excel workbook", hint);
  if (ext == "ods" || ext == "numbers" || ext == "pdf" || ext == "doc" || ext == "docx")
    throw FileError(codes::unsupported_format.code, "." + ext + " files are not supported", hint);
  if (has_utf16_bom(head))
    throw FileError(codes::unsupported_format.code, "the file is UTF-16 text",
                    "Save it as \"CSV UTF-8\" (in Excel: File > Save As > CSV UTF-8).");
  if (looks_binary(head))
    throw FileError(codes::unsupported_format.code, "the file is binary, not CSV text", hint);
  return Format::csv;
}

std::string size_text(size_t bytes) {
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

FileError too_many_columns(int64_t row, size_t limit) {
  return FileError(
      codes::too_many_columns.code,
      "row " + std::to_string(row) + " has more than " + std::to_string(limit) + " columns",
      "A sheet can have at most " + std::to_string(limit) +
          " columns (Excel's own limit). Delete the empty or unused columns; in a "
          "CSV file, check that row for a run of stray delimiters.");
}

FileError row_too_large(int64_t row, size_t limit) {
  return FileError(
      codes::row_too_large.code,
      "row " + std::to_string(row) + " holds more than " + size_text(limit) + " of text",
      codes::row_too_large.hint);
}

std::unique_ptr<RowSource> open_rows(const Input& in, Format format, const ReadOptions& opts) {
  switch (format) {
    case Format::xlsx:
      return open_xlsx(in, opts);
    case Format::xls:
      return open_xls(in, opts);
    case Format::csv:
      break;
  }
  return std::make_unique<CsvReader>(open_bytes(in), opts);
}

}  // namespace leadimport
