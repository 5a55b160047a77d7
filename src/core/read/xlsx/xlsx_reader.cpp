#include "core/read/xlsx/xlsx_reader.hpp"

#include <set>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/read/xlsx/xlsx_sheet.hpp"
#include "core/read/xlsx/xlsx_strings.hpp"
#include "core/read/xlsx/xlsx_styles.hpp"
#include "core/read/xlsx/xlsx_workbook.hpp"
#include "core/read/xlsx/xlsx_zip.hpp"

namespace leadimport {

namespace {

// One worksheet being read: its part, the SAX handler and the parser.
struct SheetRead {
  SheetRead(xlsx::Archive& archive, const std::string& part, const xlsx::SharedStrings& strings,
            const xlsx::Styles& styles, bool date1904, const ReadOptions& opts,
            const XlsxLimits& limits)
      : in(archive.open(part)),
        handler(strings, styles, date1904, opts, limits),
        parser(*in, handler, limits.max_xml_token_bytes) {
    handler.set_parser(&parser);
  }
  // Parses until a row is ready (true) or the sheet ends (false).
  bool fill() {
    while (handler.ready.empty())
      if (!parser.parse_some()) return false;
    return true;
  }
  std::unique_ptr<xlsx::Part> in;
  xlsx::SheetHandler handler;
  xlsx::XmlParser parser;
};

// Owns, in construction order, everything one sheet read needs.
class XlsxReader : public RowSource {
 public:
  XlsxReader(const Input& in, const ReadOptions& opts, const XlsxLimits& limits)
      : archive_(in, limits),
        workbook_(xlsx::read_workbook(archive_)),
        first_(xlsx::select_sheet(workbook_, opts.sheet)),
        styles_(archive_, workbook_.styles_part),
        strings_(archive_, workbook_.shared_strings_part, opts.max_cell_bytes) {
    if (!opts.sheet.empty()) {
      open(first_, opts, limits);
      return;
    }
    // No sheet named: the first worksheet that has data. A workbook whose
    // first tab is empty (a cover sheet left blank, a deleted sheet's
    // leftovers) would otherwise read as an empty file. Each part is read at
    // most once (sheets may share one), and the archive's inflated-bytes
    // budget bounds the whole scan.
    std::set<std::string> scanned;
    bool started = false;
    for (const auto& s : workbook_.sheets) {
      started = started || &s == &first_;
      if (!started || !s.worksheet) continue;
      xlsx::check_sheet_part(s);
      if (!scanned.insert(s.part).second) continue;
      open(s, opts, limits);
      if (sheet_->fill()) return;
    }
    throw FileError(
        codes::empty_file.code,
        "the file has no data in any sheet (sheets: " + xlsx::worksheet_names(workbook_) + ")",
        "Export the sheet again; the first row must be the header.");
  }

  bool next(Row& row) override {
    if (!sheet_->fill()) return false;
    row = std::move(sheet_->handler.ready.front());
    sheet_->handler.ready.pop_front();
    return true;
  }

 private:
  void open(const xlsx::SheetEntry& s, const ReadOptions& opts, const XlsxLimits& limits) {
    sheet_.reset();  // the previous sheet's buffers go before the next one's come
    sheet_ = std::make_unique<SheetRead>(archive_, s.part, strings_, styles_, workbook_.date1904,
                                         opts, limits);
  }

  xlsx::Archive archive_;
  xlsx::Workbook workbook_;
  const xlsx::SheetEntry& first_;  // in workbook_.sheets
  xlsx::Styles styles_;
  xlsx::SharedStrings strings_;
  std::unique_ptr<SheetRead> sheet_;
};

}  // namespace

std::unique_ptr<RowSource> open_xlsx(const Input& in, const ReadOptions& opts,
                                     const XlsxLimits& limits) {
  return std::make_unique<XlsxReader>(in, opts, limits);
}

std::unique_ptr<RowSource> open_xlsx(const Input& in, const ReadOptions& opts) {
  return open_xlsx(in, opts, XlsxLimits{});
}

}  // namespace leadimport
