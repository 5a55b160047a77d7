#include "core/read/xlsx/xlsx_reader.hpp"

#include "core/errors.hpp"
#include "core/read/xlsx/xlsx_sheet.hpp"
#include "core/read/xlsx/xlsx_strings.hpp"
#include "core/read/xlsx/xlsx_styles.hpp"
#include "core/read/xlsx/xlsx_workbook.hpp"
#include "core/read/xlsx/xlsx_zip.hpp"

namespace leadimport {

namespace {

// Owns, in construction order, everything one sheet read needs.
class XlsxReader : public RowSource {
 public:
  XlsxReader(const Input& in, const ReadOptions& opts, const XlsxLimits& limits)
      : archive_(in, limits),
        workbook_(xlsx::read_workbook(archive_)),
        sheet_(xlsx::select_sheet(workbook_, opts.sheet)),
        styles_(archive_, workbook_.styles_part),
        strings_(archive_, workbook_.shared_strings_part, opts.max_cell_bytes),
        part_(archive_.open(sheet_.part)),
        handler_(strings_, styles_, workbook_.date1904, opts, limits),
        parser_(*part_, handler_, limits.max_xml_token_bytes) {
    handler_.set_parser(&parser_);
  }

  bool next(Row& row) override {
    while (handler_.ready.empty())
      if (!parser_.parse_some()) return false;
    row = std::move(handler_.ready.front());
    handler_.ready.pop_front();
    return true;
  }

 private:
  xlsx::Archive archive_;
  xlsx::Workbook workbook_;
  xlsx::SheetEntry sheet_;
  xlsx::Styles styles_;
  xlsx::SharedStrings strings_;
  std::unique_ptr<xlsx::Part> part_;
  xlsx::SheetHandler handler_;
  xlsx::XmlParser parser_;
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
