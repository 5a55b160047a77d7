#include "core/read/xls/xls_reader.hpp"
#include "core/text.hpp"

#include <freexl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <string_view>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/read/byte_source.hpp"
#include "core/read/xls/xls_biff.hpp"
#include "core/read/xls/xls_cfb.hpp"
#include "core/read/xls/xls_numbers.hpp"

namespace leadimport {

namespace {

const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again.";
const char* kPasswordHint =
    "Remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, "
    "clear it), save, and import the file again.";
// FreeXL holds the whole workbook in memory (every cell of every sheet, every
// string malloc'd: up to ~4x the stream) while we hold the stream itself; 32
// MiB keeps an import well under the backend's 256 MiB (SPEC "Limits"). An
// .xls sheet holds at most 65,536 rows: real lead lists are a few MB.
constexpr uint64_t kMaxFileBytes = uint64_t{32} << 20;
const char* kTooLargeHint = "Save it as .xlsx or CSV (UTF-8) and import that.";

[[noreturn]] void file_too_large() {
  throw FileError(codes::file_too_large.code,
                  "the .xls file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB",
                  kTooLargeHint);
}

// FreeXL opens only paths, so it gets a private temporary file (mode 0600,
// removed when the reader is done or fails) holding the Workbook stream the
// pre-scan checked, in a fresh OLE2 container (xls_cfb.hpp): never the user's
// file itself.
class TempFile {
 public:
  explicit TempFile(std::string_view stream) {
    xls::SingleStreamFile layout = xls::single_stream_file(stream.size());
    std::string padding(layout.padding, '\0');
    write({layout.head, stream, padding});
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  void write(std::initializer_list<std::string_view> parts) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "leadimport-xls-XXXXXX").string();
    int fd = mkstemp(tmpl.data());  // mode 0600: no one else reads the upload
    if (fd < 0)
      throw FileError(codes::file_unreadable.code, "could not create a temporary file for the .xls",
                      "Check that the server's temporary directory is writable.");
    path_ = tmpl;
    UniqueFd owned(fd);
    for (std::string_view part : parts) {
      for (size_t done = 0; done < part.size();) {
        ssize_t n = ::write(fd, part.data() + done, part.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          std::remove(path_.c_str());  // the destructor won't run: the constructor throws
          throw FileError(codes::file_unreadable.code,
                          "could not write a temporary file for the .xls",
                          "Check the free space of the server's temporary directory.");
        }
        done += static_cast<size_t>(n);
      }
    }
  }

  std::string path_;
};

struct FreeXlHandle {
  const void* h = nullptr;
  ~FreeXlHandle() {
    if (h) freexl_close(h);
  }
};

// The whole file (a regular file only: byte_source.hpp), at most kMaxFileBytes
// even if it grows while being read.
std::string read_file(const std::string& path) {
  uint64_t size = 0;
  UniqueFd fd = open_regular_file(path, &size);
  if (size > kMaxFileBytes) file_too_large();
  std::string out(static_cast<size_t>(size), '\0');
  size_t got = 0;
  while (got < out.size()) {
    interruption_point();
    size_t n =
        read_fd(fd.get(), out.data() + got, std::min<size_t>(out.size() - got, 1 << 20), path);
    if (n == 0) break;  // it shrank: read what is there
    got += n;
  }
  out.resize(got);
  return out;
}

[[noreturn]] void freexl_failed(int rc) {
  if (rc == FREEXL_INSUFFICIENT_MEMORY)
    throw FileError(codes::file_too_large.code, "the .xls workbook is too large to read",
                    "Save it as .xlsx or CSV (UTF-8) and import that.");
  throw FileError(
      codes::corrupt_file.code,
      "the .xls file is damaged or not a BIFF workbook (FreeXL error " + std::to_string(rc) + ")",
      kResaveHint);
}

class XlsReader : public RowSource {
 public:
  XlsReader(const Input& in, const ReadOptions& opts) : max_cell_bytes_(opts.max_cell_bytes) {
    max_columns_ = opts.max_columns;
    max_row_bytes_ = opts.max_row_bytes;
    {
      std::string owned;
      std::string_view bytes;
      if (in.path.empty()) {
        if (in.size > kMaxFileBytes) file_too_large();
        bytes = std::string_view(in.data ? in.data : "", in.size);
      } else {
        owned = read_file(in.path);
        bytes = owned;
      }
      inspect(bytes);  // before FreeXL touches anything; keeps the Workbook stream
    }                  // the file's bytes are freed here
    temp_ = std::make_unique<TempFile>(workbook_);
    int rc = freexl_open(temp_->path().c_str(), &xl_.h);
    if (rc != FREEXL_OK) freexl_failed(rc);
    select(opts.sheet);
    // Now the selected sheet is known: scan again for its values.
    if (biff8_) values_ = xls::scan_biff(workbook_, sheet_name_, xls::BiffLimits{}).values;
    workbook_.clear();
    workbook_.shrink_to_fit();
  }

  bool next(Row& row) override {
    while (next_row_ < rows_) {
      interruption_point();  // per row, blank ones included
      uint32_t r = next_row_++;
      row.number = static_cast<int64_t>(r) + 1;
      row.cells.clear();
      size_t row_bytes = 0;
      for (uint16_t c = 0; c < cols_; ++c) {
        std::string text = cell(r, c);
        if (text.empty()) continue;
        if (c >= max_columns_) throw too_many_columns(row.number, max_columns_);
        row_bytes += text.size();
        if (row_bytes > max_row_bytes_) throw row_too_large(row.number, max_row_bytes_);
        if (text.size() > max_cell_bytes_)
          throw FileError(codes::cell_too_large.code,
                          "row " + std::to_string(row.number) + ", column " +
                              std::to_string(c + 1) + " holds more than " +
                              std::to_string(max_cell_bytes_) + " bytes",
                          "Shorten the cell's text, or remove that column from the file.");
        row.cells.resize(c + 1);
        row.cells[c] = std::move(text);
      }
      if (!row.cells.empty()) return true;  // rows of empty cells are skipped
    }
    return false;
  }

 private:
  // Refuses what FreeXL can't be trusted with (see xls_biff.hpp) and keeps
  // the Workbook stream for the value scan.
  void inspect(std::string_view bytes) {
    xls::CompoundFile cfb(bytes);
    // An encrypted .xlsx is an OLE2 file with these two streams.
    if (cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo"))
      throw FileError(codes::password_protected.code, "the workbook is password-protected",
                      kPasswordHint);
    bool found = false;
    workbook_ = cfb.read("Workbook", found);
    if (!found) workbook_ = cfb.read("Book", found);  // Excel 5/95
    if (!found)
      throw FileError(codes::unsupported_format.code,
                      "the file is an OLE2 document but holds no Excel workbook (a Word or "
                      "PowerPoint file?)",
                      "Export the sheet as CSV (UTF-8), .xlsx or .xls.");
    xls::BiffScan scan = xls::scan_biff(workbook_, "", xls::BiffLimits{});
    if (scan.encrypted)
      throw FileError(codes::password_protected.code, "the workbook is password-protected",
                      kPasswordHint);
    biff8_ = scan.biff8;
  }

  void select(const std::string& option) {
    unsigned int count = 0;
    if (freexl_get_info(xl_.h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0)
      throw FileError(codes::corrupt_file.code, "the .xls workbook has no sheets", kResaveHint);
    std::vector<std::string> names;
    for (unsigned int i = 0; i < count && i < 65536; ++i) {
      const char* name = nullptr;
      freexl_get_worksheet_name(xl_.h, static_cast<unsigned short>(i), &name);
      names.emplace_back(name ? name : "");
    }
    int index = option.empty() ? 0 : -1;
    for (size_t i = 0; index < 0 && i < names.size(); ++i)
      if (names[i] == option) index = static_cast<int>(i);
    for (size_t i = 0; index < 0 && i < names.size(); ++i)
      if (equal_nocase(names[i], option)) index = static_cast<int>(i);
    if (index < 0 && option.size() < 9 &&
        option.find_first_not_of("0123456789") == std::string::npos) {
      size_t n = std::stoul(option);
      if (n >= 1 && n <= names.size()) index = static_cast<int>(n - 1);
    }
    if (index < 0) {
      std::string list;
      for (size_t i = 0; i < names.size() && i < 20; ++i)
        list += (i ? ", " : "") + std::to_string(i + 1) + " \"" + names[i] + "\"";
      if (names.size() > 20) list += ", ...";
      throw FileError(codes::sheet_not_found.code, "the workbook has no sheet \"" + option + "\"",
                      "Its sheets are: " + list +
                          ". Set the \"sheet\" option to one of these names or numbers.");
    }
    int rc = freexl_select_active_worksheet(xl_.h, static_cast<unsigned short>(index));
    if (rc != FREEXL_OK) freexl_failed(rc);
    rc = freexl_worksheet_dimensions(xl_.h, &rows_, &cols_);  // counts, despite the docs
    if (rc != FREEXL_OK) freexl_failed(rc);
    sheet_name_ = names[static_cast<size_t>(index)];
  }

  std::string cell(uint32_t r, uint16_t c) const {
    auto it = values_.find(r << 16 | c);
    if (it != values_.end()) return it->second;
    FreeXL_CellValue v;
    if (freexl_get_cell_value(xl_.h, r, c, &v) != FREEXL_OK) return {};
    switch (v.type) {
      case FREEXL_CELL_INT:
        return std::to_string(v.value.int_value);
      case FREEXL_CELL_DOUBLE:
        return excel::number_text(v.value.double_value);
      case FREEXL_CELL_TEXT:
      case FREEXL_CELL_SST_TEXT:
      case FREEXL_CELL_DATE:
      case FREEXL_CELL_TIME:
        return v.value.text_value ? v.value.text_value : "";
      case FREEXL_CELL_DATETIME: {
        // "2024-01-15 00:00:00" is a date: the same text as from an .xlsx.
        std::string s = v.value.text_value ? v.value.text_value : "";
        if (s.size() == 19 && s.compare(10, 9, " 00:00:00") == 0) s.resize(10);
        return s;
      }
      default:
        return {};
    }
  }

  size_t max_cell_bytes_;
  size_t max_columns_ = 0;    // ReadOptions::max_columns (an .xls has at most 256)
  size_t max_row_bytes_ = 0;  // ReadOptions::max_row_bytes
  std::string workbook_;      // the BIFF stream, until the value scan is done
  bool biff8_ = false;
  std::unordered_map<uint32_t, std::string> values_;  // what FreeXL misses (xls_biff.hpp)
  std::unique_ptr<TempFile> temp_;                    // outlives xl_: declared before it
  FreeXlHandle xl_;
  std::string sheet_name_;
  unsigned int rows_ = 0;
  unsigned short cols_ = 0;
  uint32_t next_row_ = 0;
};

}  // namespace

std::unique_ptr<RowSource> open_xls(const Input& in, const ReadOptions& opts) {
  return std::make_unique<XlsReader>(in, opts);
}

}  // namespace leadimport
