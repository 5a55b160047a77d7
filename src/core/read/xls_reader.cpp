#include "core/read/xls_reader.hpp"
#include "core/read/text.hpp"

#include <freexl.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/errors.hpp"
#include "core/read/xls_biff.hpp"
#include "core/read/xls_cfb.hpp"
#include "core/read/xls_numbers.hpp"

namespace leadimport {

namespace {

const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again.";
const char* kPasswordHint =
    "Remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, "
    "clear it), save, and import the file again.";
constexpr uint64_t kMaxFileBytes = uint64_t{1} << 30;

// FreeXL opens only paths: bytes in memory go to a private temporary file,
// removed when the reader is done (or fails).
class TempFile {
 public:
  TempFile(const char* data, size_t size) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "leadimport-xls-XXXXXX").string();
    int fd = mkstemp(tmpl.data());  // mode 0600: no one else reads the upload
    if (fd < 0)
      throw FileError("file_unreadable", "could not create a temporary file for the .xls",
                      "Check that the server's temporary directory is writable.");
    path_ = tmpl;
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::write(fd, data + done, size - done);
      if (n <= 0) {
        ::close(fd);
        throw FileError("file_unreadable", "could not write a temporary file for the .xls",
                        "Check the free space of the server's temporary directory.");
      }
      done += static_cast<size_t>(n);
    }
    ::close(fd);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct FreeXlHandle {
  const void* h = nullptr;
  ~FreeXlHandle() {
    if (h) freexl_close(h);
  }
};

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw FileError("file_unreadable", "could not open file \"" + path + "\"",
                    "Check the path and that the server can read it.");
  f.seekg(0, std::ios::end);
  auto size = static_cast<uint64_t>(f.tellg());
  if (size > kMaxFileBytes)
    throw FileError("file_too_large", "the .xls file is larger than 1 GiB",
                    "Split it, or save it as .xlsx or CSV (UTF-8) and import that.");
  f.seekg(0);
  std::string out(size, '\0');
  f.read(out.data(), static_cast<std::streamsize>(size));
  return out;
}

[[noreturn]] void freexl_failed(int rc) {
  if (rc == FREEXL_INSUFFICIENT_MEMORY)
    throw FileError("file_too_large", "the .xls workbook is too large to read",
                    "Save it as .xlsx or CSV (UTF-8) and import that.");
  throw FileError(
      "corrupt_file",
      "the .xls file is damaged or not a BIFF workbook (FreeXL error " + std::to_string(rc) + ")",
      kResaveHint);
}

class XlsReader : public RowSource {
 public:
  XlsReader(const Input& in, const ReadOptions& opts) : max_cell_bytes_(opts.max_cell_bytes) {
    std::string owned;
    std::string_view bytes;
    if (in.path.empty()) {
      if (in.size > kMaxFileBytes)
        throw FileError("file_too_large", "the .xls file is larger than 1 GiB",
                        "Split it, or save it as .xlsx or CSV (UTF-8) and import that.");
      bytes = std::string_view(in.data ? in.data : "", in.size);
    } else {
      owned = read_file(in.path);
      bytes = owned;
    }
    inspect(bytes);  // before FreeXL touches anything
    if (in.path.empty()) temp_ = std::make_unique<TempFile>(bytes.data(), bytes.size());
    const std::string& path = in.path.empty() ? temp_->path() : in.path;
    int rc = freexl_open(path.c_str(), &xl_.h);
    if (rc != FREEXL_OK) freexl_failed(rc);
    select(opts.sheet);
    // Now the selected sheet is known: scan again for its values.
    if (biff8_) values_ = xls::scan_biff(workbook_, sheet_name_, xls::BiffLimits{}).values;
    workbook_.clear();
    workbook_.shrink_to_fit();
  }

  bool next(Row& row) override {
    while (next_row_ < rows_) {
      uint32_t r = next_row_++;
      row.number = static_cast<int64_t>(r) + 1;
      row.cells.clear();
      for (uint16_t c = 0; c < cols_; ++c) {
        std::string text = cell(r, c);
        if (text.empty()) continue;
        if (text.size() > max_cell_bytes_)
          throw FileError("cell_too_large",
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
      throw FileError("password_protected", "the workbook is password-protected", kPasswordHint);
    bool found = false;
    workbook_ = cfb.read("Workbook", found);
    if (!found) workbook_ = cfb.read("Book", found);  // Excel 5/95
    if (!found)
      throw FileError("unsupported_format",
                      "the file is an OLE2 document but holds no Excel workbook (a Word or "
                      "PowerPoint file?)",
                      "Export the sheet as CSV (UTF-8), .xlsx or .xls.");
    xls::BiffScan scan = xls::scan_biff(workbook_, "", xls::BiffLimits{});
    if (scan.encrypted)
      throw FileError("password_protected", "the workbook is password-protected", kPasswordHint);
    biff8_ = scan.biff8;
  }

  void select(const std::string& option) {
    unsigned int count = 0;
    if (freexl_get_info(xl_.h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0)
      throw FileError("corrupt_file", "the .xls workbook has no sheets", kResaveHint);
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
      throw FileError("sheet_not_found", "the workbook has no sheet \"" + option + "\"",
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
  std::string workbook_;  // the BIFF stream, until the value scan is done
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
