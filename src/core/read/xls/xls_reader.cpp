#include "core/read/xls/xls_reader.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/read/byte_source.hpp"
#include "core/read/xls/xls_biff.hpp"
#include "core/read/xls/xls_cfb.hpp"

namespace leadimport {

namespace {

const char* kPasswordHint =
    "Remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, "
    "clear it), save, and import the file again.";
const char* kSaveAsXlsxHint =
    "Open it in Excel or LibreOffice and save it as .xlsx (or CSV UTF-8), then import that.";
// The file and the Workbook stream copied out of it are in memory together,
// then the stream, the shared strings and one sheet's cells (xls_biff.hpp):
// 32 MiB keeps an import well under the backend's 256 MiB (SPEC "Limits").
// An .xls sheet holds at most 65,536 rows: real lead lists are a few MB.
constexpr uint64_t kMaxFileBytes = uint64_t{32} << 20;

[[noreturn]] void file_too_large() {
  throw FileError(codes::file_too_large.code,
                  "the .xls file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB",
                  "Save it as .xlsx or CSV (UTF-8) and import that.");
}

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

// Excel 2.x-4.0 files are single sheets in records of their own; they are
// refused by name rather than read wrongly.
[[noreturn]] void biff2_4() {
  throw FileError(codes::unsupported_format.code,
                  "the file is an Excel 2.x-4.0 (BIFF2-4) worksheet, a format leadimport does "
                  "not read",
                  kSaveAsXlsxHint);
}

// "A", "B": the worksheets' names, the first 20.
std::string sheet_names(const std::vector<const xls::BiffSheet*>& sheets) {
  std::string out;
  for (size_t i = 0; i < sheets.size(); ++i) {
    if (i == 20) return out + ", ...";
    out += (i ? ", \"" : "\"") + sheets[i]->name + "\"";
  }
  return out;
}

class XlsReader : public RowSource {
 public:
  XlsReader(const Input& in, const ReadOptions& opts)
      : max_cell_bytes_(opts.max_cell_bytes),
        max_columns_(opts.max_columns),
        max_row_bytes_(opts.max_row_bytes) {
    std::string stream;
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
      stream = workbook_stream(bytes);
    }  // the file's bytes are freed here
    xls::BiffVersion version = xls::biff_version(stream);
    if (version == xls::BiffVersion::biff2_4) biff2_4();
    if (version != xls::BiffVersion::biff8 && version != xls::BiffVersion::biff5)
      throw FileError(codes::corrupt_file.code,
                      "the .xls workbook stream does not start with a BOF record",
                      "Open the file in Excel or LibreOffice and save it again.");
    book_ = std::make_unique<xls::BiffBook>(stream, xls::BiffLimits{});
    select(stream, opts.sheet);
  }

  bool next(Row& row) override {
    const std::vector<xls::BiffCell>& cells = sheet_.cells;
    while (next_ < cells.size()) {
      interruption_point();
      uint32_t r = cells[next_].pos >> 16;
      row.number = static_cast<int64_t>(r) + 1;
      row.cells.clear();
      size_t row_bytes = 0;
      for (; next_ < cells.size() && cells[next_].pos >> 16 == r; ++next_) {
        uint32_t c = cells[next_].pos & 0xFFFF;
        std::string text;
        book_->cell_text(sheet_, cells[next_], text);
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
      if (!row.cells.empty()) return true;
    }
    return false;
  }

 private:
  // The Workbook stream, after the container's own checks.
  static std::string workbook_stream(std::string_view bytes) {
    // Excel 2.x-4.0 wrote a bare BIFF stream, no OLE2 container around it.
    if (xls::biff_version(bytes) == xls::BiffVersion::biff2_4) biff2_4();
    xls::CompoundFile cfb(bytes);
    // An encrypted .xlsx is an OLE2 file with these two streams.
    if (cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo"))
      throw FileError(codes::password_protected.code, "the workbook is password-protected",
                      kPasswordHint);
    bool found = false;
    std::string stream = cfb.read("Workbook", found);
    if (!found) stream = cfb.read("Book", found);  // Excel 5/95
    if (!found)
      throw FileError(codes::unsupported_format.code,
                      "the file is an OLE2 document but holds no Excel workbook (a Word or "
                      "PowerPoint file?)",
                      "Export the sheet as CSV (UTF-8), .xlsx or .xls.");
    return stream;
  }

  // The sheet the option names, or without one the first worksheet that
  // has data (an empty first tab would read as an empty file). Chart and
  // macro sheets are not worksheets: they neither count in sheet numbers
  // nor are read.
  void select(const std::string& stream, const std::string& option) {
    std::vector<const xls::BiffSheet*> sheets;
    for (const xls::BiffSheet& s : book_->sheets())
      if (s.worksheet) sheets.push_back(&s);
    size_t budget = stream.size();  // see read_sheet
    if (option.empty()) {
      std::unordered_set<uint32_t> scanned;  // two sheets at one place: read once
      for (const xls::BiffSheet* s : sheets) {
        if (!scanned.insert(s->offset).second) continue;
        sheet_ = xls::SheetCells{};  // the previous sheet's cells go first
        sheet_ = book_->read_sheet(stream, *s, budget);
        if (!sheet_.cells.empty()) return;
      }
      throw FileError(
          codes::empty_file.code,
          sheets.empty()
              ? std::string("the workbook has no worksheet (only charts or "
                            "macros)")
              : "the file has no data in any sheet (sheets: " + sheet_names(sheets) + ")",
          "Export the sheet again; the first row must be the header.");
    }
    const xls::BiffSheet* chosen = nullptr;
    for (const xls::BiffSheet* s : sheets)
      if (!chosen && s->name == option) chosen = s;
    for (const xls::BiffSheet* s : sheets)
      if (!chosen && equal_nocase(s->name, option)) chosen = s;
    if (!chosen && option.size() < 9 &&
        option.find_first_not_of("0123456789") == std::string::npos) {
      size_t n = std::stoul(option);
      if (n >= 1 && n <= sheets.size()) chosen = sheets[n - 1];
    }
    if (!chosen) {
      std::string list;
      for (size_t i = 0; i < sheets.size() && i < 20; ++i)
        list += (i ? ", " : "") + std::to_string(i + 1) + " \"" + sheets[i]->name + "\"";
      if (sheets.size() > 20) list += ", ...";
      throw FileError(codes::sheet_not_found.code, "the workbook has no sheet \"" + option + "\"",
                      "Its sheets are: " + list +
                          ". Set the \"sheet\" option to one of these names or numbers.");
    }
    sheet_ = book_->read_sheet(stream, *chosen, budget);
  }

  size_t max_cell_bytes_;
  size_t max_columns_;    // ReadOptions::max_columns
  size_t max_row_bytes_;  // ReadOptions::max_row_bytes
  std::unique_ptr<xls::BiffBook> book_;
  xls::SheetCells sheet_;  // the selected sheet's cells, in row order
  size_t next_ = 0;        // the next cell of sheet_ to hand out
};

}  // namespace

std::unique_ptr<RowSource> open_xls(const Input& in, const ReadOptions& opts) {
  return std::make_unique<XlsReader>(in, opts);
}

}  // namespace leadimport
