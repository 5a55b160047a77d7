#include "core/read/xlsx/xlsx_styles.hpp"

#include <cstdlib>
#include <unordered_map>

#include "core/read/xlsx/xlsx_xml.hpp"
#include "core/read/xlsx/xlsx_zip.hpp"

namespace leadimport::xlsx {

namespace {

// Excel allows 64,000 cell formats; anything past this is ignored (treated
// as General), which keeps a hostile styles.xml from growing these tables.
constexpr size_t kMaxFormats = 65536;

class StylesHandler : public XmlHandler {
 public:
  std::unordered_map<long, excel::NumberKind> custom;  // numFmtId → kind
  std::vector<long> xf_formats;                        // cellXfs index → numFmtId
  void start(std::string_view name, const char** attrs) override {
    if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      // cellStyleXfs has <xf> too; only cellXfs is what a cell's s= indexes.
      const char* id = attr(attrs, "numFmtId");
      if (xf_formats.size() < kMaxFormats) xf_formats.push_back(id ? std::atol(id) : 0);
    } else if (name == "numFmts") {
      in_num_fmts_ = true;
    } else if (name == "numFmt" && in_num_fmts_) {
      // Only <numFmts> defines the cells' formats: the <numFmt> of a
      // differential format (<dxfs>, conditional formatting) may reuse an id
      // with another code, and must not turn a column into dates.
      const char* id = attr(attrs, "numFmtId");
      const char* code = attr(attrs, "formatCode");
      if (id && code && custom.size() < kMaxFormats)
        custom[std::atol(id)] = excel::classify_format_code(code);
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs_ = false;
    if (name == "numFmts") in_num_fmts_ = false;
  }
  void text(const char*, size_t) override {}

 private:
  bool in_cell_xfs_ = false, in_num_fmts_ = false;
};

}  // namespace

Styles::Styles(Archive& archive, const std::string& part) {
  if (part.empty() || !archive.has(part)) return;
  StylesHandler h;
  auto in = archive.open(part);
  XmlParser p(*in, h, archive.limits().max_xml_token_bytes);
  p.parse_all();
  kinds_.reserve(h.xf_formats.size());
  for (long id : h.xf_formats) {
    // A numFmt the file defines wins, even over a built-in id.
    auto it = h.custom.find(id);
    kinds_.push_back(it != h.custom.end() ? it->second
                                          : excel::builtin_number_kind(static_cast<int>(id)));
  }
}

}  // namespace leadimport::xlsx
