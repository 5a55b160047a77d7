#include "core/read/xlsx/xlsx_workbook.hpp"
#include "core/text.hpp"

#include <cctype>
#include <map>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/read/xlsx/xlsx_xml.hpp"
#include "core/read/xlsx/xlsx_zip.hpp"

namespace leadimport::xlsx {

namespace {

const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again as .xlsx.";
constexpr size_t kMaxEntries = 100000;  // sheets or relationships: far beyond any real workbook

struct Relationship {
  std::string type;  // the last segment of the type URI: "worksheet", "styles"...
  std::string target;
};

class RelsHandler : public XmlHandler {
 public:
  std::map<std::string, Relationship> rels;
  XmlParser* parser = nullptr;
  void start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") return;
    const char* id = attr(attrs, "Id");
    const char* type = attr(attrs, "Type");
    const char* target = attr(attrs, "Target");
    const char* mode = attr(attrs, "TargetMode");
    if (!id || !type || !target || (mode && std::string_view(mode) == "External")) return;
    if (rels.size() >= kMaxEntries) {
      parser->fail(FileError(codes::corrupt_file.code, "the workbook has too many relationships",
                             kResaveHint));
      return;
    }
    std::string t = type;
    rels[id] = Relationship{t.substr(t.rfind('/') + 1), target};
  }
  void end(std::string_view) override {}
  void text(const char*, size_t) override {}
};

std::map<std::string, Relationship> read_rels(Archive& archive, const std::string& part) {
  auto in = archive.open(part);
  RelsHandler h;
  XmlParser p(*in, h, archive.limits().max_xml_token_bytes, Vocabulary::relationships);
  h.parser = &p;
  p.parse_all();
  return std::move(h.rels);
}

struct SheetRef {
  std::string name;
  std::string rel_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  std::vector<SheetRef> sheets;
  bool date1904 = false;
  XmlParser* parser = nullptr;
  void start(std::string_view name, const char** attrs) override {
    if (name == "workbookPr") {  // the main namespace's: <x15:workbookPr> never gets here
      const char* v = attr(attrs, "date1904");
      date1904 = v && (std::string_view(v) == "1" || std::string_view(v) == "true");
    } else if (name == "sheet") {
      const char* n = attr(attrs, "name");
      const char* id = relationship_id(attrs);  // r:id, whatever the prefix
      if (sheets.size() >= kMaxEntries) {
        parser->fail(
            FileError(codes::corrupt_file.code, "the workbook has too many sheets", kResaveHint));
        return;
      }
      sheets.push_back(SheetRef{n ? n : "", id ? id : ""});
    }
  }
  void end(std::string_view) override {}
  void text(const char*, size_t) override {}
};

std::string folder_of(const std::string& part) {
  auto slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string resolve_target(const std::string& source_part, const std::string& target) {
  std::string raw =
      !target.empty() && target[0] == '/' ? target.substr(1) : folder_of(source_part) + target;
  std::string decoded;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size() && hex_value(raw[i + 1]) >= 0 &&
        hex_value(raw[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_value(raw[i + 1]) * 16 + hex_value(raw[i + 2]));
      i += 2;
    } else {
      decoded += raw[i] == '\\' ? '/' : raw[i];
    }
  }
  std::vector<std::string> segs;
  size_t start = 0;
  while (start <= decoded.size()) {
    size_t slash = decoded.find('/', start);
    if (slash == std::string::npos) slash = decoded.size();
    std::string seg = decoded.substr(start, slash - start);
    if (seg == "..") {
      if (!segs.empty()) segs.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segs.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& s : segs) out += (out.empty() ? "" : "/") + s;
  return out;
}

Workbook read_workbook(Archive& archive) {
  // The package's root relationships say where the workbook is; nearly
  // always xl/workbook.xml, which is also the fallback.
  std::string wb_part = "xl/workbook.xml";
  if (archive.has("_rels/.rels")) {
    for (const auto& [id, rel] : read_rels(archive, "_rels/.rels"))
      if (rel.type == "officeDocument") wb_part = resolve_target("", rel.target);
  }
  if (!archive.has(wb_part))
    throw FileError(codes::corrupt_file.code,
                    "the archive holds no workbook (" + wb_part +
                        " is missing): it is not an .xlsx file, or it is damaged",
                    kResaveHint);
  WorkbookHandler wh;
  {
    auto in = archive.open(wb_part);
    XmlParser p(*in, wh, archive.limits().max_xml_token_bytes);
    wh.parser = &p;
    p.parse_all();
  }
  std::string rels_part =
      folder_of(wb_part) + "_rels/" + wb_part.substr(wb_part.rfind('/') + 1) + ".rels";
  if (!archive.has(rels_part))
    throw FileError(codes::corrupt_file.code,
                    "the workbook's relationships (" + rels_part + ") are missing", kResaveHint);
  auto rels = read_rels(archive, rels_part);

  Workbook wb;
  wb.date1904 = wh.date1904;
  for (const auto& [id, rel] : rels) {
    if (rel.type == "styles") wb.styles_part = resolve_target(wb_part, rel.target);
    if (rel.type == "sharedStrings") wb.shared_strings_part = resolve_target(wb_part, rel.target);
  }
  for (const auto& ref : wh.sheets) {
    SheetEntry e;
    e.name = ref.name;
    auto it = rels.find(ref.rel_id);
    if (it != rels.end()) {
      e.part = resolve_target(wb_part, it->second.target);
      e.worksheet = it->second.type == "worksheet";
    }
    wb.sheets.push_back(std::move(e));
  }
  if (wb.sheets.empty())
    throw FileError(codes::corrupt_file.code, "the workbook has no sheets", kResaveHint);
  return wb;
}

namespace {

std::string sheet_list(const Workbook& wb) {
  std::string out;
  for (size_t i = 0; i < wb.sheets.size(); ++i) {
    if (i == 20) return out + ", ...";
    out += (i ? ", " : "") + std::to_string(i + 1) + " \"" + wb.sheets[i].name + "\"";
  }
  return out;
}

}  // namespace

const SheetEntry& select_sheet(const Workbook& wb, const std::string& option) {
  const SheetEntry* found = nullptr;
  if (option.empty()) {
    for (const auto& s : wb.sheets)
      if (s.worksheet) {
        found = &s;
        break;
      }
    if (!found)
      throw FileError(codes::sheet_not_found.code, "the workbook has no worksheet (only charts)",
                      "Its sheets are: " + sheet_list(wb) + ".");
  }
  for (const auto& s : wb.sheets)
    if (!found && s.name == option) found = &s;
  for (const auto& s : wb.sheets)
    if (!found && equal_nocase(s.name, option)) found = &s;
  if (!found && option.find_first_not_of("0123456789") == std::string::npos && option.size() < 9) {
    size_t n = std::stoul(option);
    if (n >= 1 && n <= wb.sheets.size()) found = &wb.sheets[n - 1];
  }
  if (!found)
    throw FileError(codes::sheet_not_found.code, "the workbook has no sheet \"" + option + "\"",
                    "Its sheets are: " + sheet_list(wb) +
                        ". Set the \"sheet\" option to one of these names or numbers.");
  if (!found->worksheet)
    throw FileError(codes::sheet_not_found.code,
                    "sheet \"" + found->name + "\" is a chart, not a worksheet",
                    "Its sheets are: " + sheet_list(wb) + ".");
  check_sheet_part(*found);
  return *found;
}

void check_sheet_part(const SheetEntry& sheet) {
  if (sheet.part.empty())
    throw FileError(codes::corrupt_file.code,
                    "sheet \"" + sheet.name + "\" has no part in the archive", kResaveHint);
}

std::string worksheet_names(const Workbook& wb) {
  std::string out;
  size_t n = 0;
  for (const auto& s : wb.sheets) {
    if (!s.worksheet) continue;
    if (n++ == 20) return out + ", ...";
    out += (out.empty() ? "\"" : ", \"") + s.name + "\"";
  }
  return out;
}

}  // namespace leadimport::xlsx
