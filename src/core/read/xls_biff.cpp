#include "core/read/xls_biff.hpp"
#include "core/read/text.hpp"

#include <cstring>
#include <unordered_map>

#include "core/errors.hpp"
#include "core/read/xls_numbers.hpp"

namespace leadimport::xls {

namespace {

enum : uint16_t {
  kFormula = 0x0006,
  kEof = 0x000A,
  kDateMode = 0x0022,
  kFilePass = 0x002F,
  kContinue = 0x003C,
  kBoundSheet = 0x0085,
  kMulRk = 0x00BD,
  kXf = 0x00E0,
  kDimensions = 0x0200,
  kNumber = 0x0203,
  kBoolErr = 0x0205,
  kString = 0x0207,
  kRk = 0x027E,
  kFormat = 0x041E,
  kBof = 0x0809,
};

constexpr double kLastSerial = 2958465;  // 9999-12-31
const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again.";

struct Record {
  uint16_t type = 0;
  std::string_view data;
};

uint16_t u16(std::string_view b, size_t at) {
  if (at + 2 > b.size()) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(b.data() + at);
  return static_cast<uint16_t>(p[0] | p[1] << 8);
}

uint32_t u32(std::string_view b, size_t at) {
  return u16(b, at) | static_cast<uint32_t>(u16(b, at + 2)) << 16;
}

double f64(std::string_view b, size_t at) {
  uint64_t bits = u32(b, at) | static_cast<uint64_t>(u32(b, at + 4)) << 32;
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// An RK number: a 30-bit integer or the top 30 bits of a double, maybe /100.
double rk(uint32_t v) {
  double d;
  if (v & 2) {
    d = static_cast<double>(static_cast<int32_t>(v) >> 2);
  } else {
    uint64_t bits = static_cast<uint64_t>(v & 0xFFFFFFFCu) << 32;
    std::memcpy(&d, &bits, sizeof d);
  }
  return (v & 1) ? d / 100 : d;
}

class Reader {
 public:
  explicit Reader(std::string_view s, size_t pos = 0) : s_(s), pos_(pos) {}
  bool next(Record& r) {
    if (pos_ + 4 > s_.size()) return false;
    r.type = u16(s_, pos_);
    size_t len = u16(s_, pos_ + 2);
    if (pos_ + 4 + len > s_.size()) return false;  // a truncated last record: stop
    r.data = s_.substr(pos_ + 4, len);
    pos_ += 4 + len;
    return true;
  }
  // The next record without consuming it.
  bool peek(Record& r) {
    size_t keep = pos_;
    bool ok = next(r);
    pos_ = keep;
    return ok;
  }

 private:
  std::string_view s_;
  size_t pos_;
};

// Appends up to `cch` characters stored at `at` (UTF-16LE when `wide`, else
// one byte each, Latin-1); returns how many were there.
size_t append_chars(std::string& out, std::string_view b, size_t at, size_t cch, bool wide) {
  size_t n = 0;
  uint32_t high = 0;
  for (; n < cch; ++n) {
    if (at + (wide ? 2 : 1) > b.size()) break;
    uint32_t u = wide ? u16(b, at) : static_cast<unsigned char>(b[at]);
    at += wide ? 2 : 1;
    if (u >= 0xD800 && u <= 0xDBFF) {
      high = u;
      continue;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
      if (high) append_utf8(out, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
      high = 0;
      continue;
    }
    high = 0;
    if (u != 0) append_utf8(out, u);
  }
  return n;
}

struct Formats {
  std::vector<uint16_t> xf_format;                  // XF index → format id
  std::unordered_map<uint16_t, std::string> codes;  // format id → code (FORMAT records)
  excel::NumberKind kind(uint16_t xf) const {
    if (xf >= xf_format.size()) return excel::NumberKind::number;
    auto it = codes.find(xf_format[xf]);
    return it != codes.end() ? excel::classify_format_code(it->second)
                             : excel::builtin_number_kind(xf_format[xf]);
  }
  // Whether FreeXL may treat the XF as a date: a superset of its rules (it
  // calls a custom format a date on letters alone).
  bool maybe_date(uint16_t xf) const {
    if (xf >= xf_format.size()) return false;
    auto it = codes.find(xf_format[xf]);
    if (it == codes.end())
      return excel::builtin_number_kind(xf_format[xf]) != excel::NumberKind::number;
    return it->second.find_first_of("yYmMdDhHsS") != std::string::npos;
  }
};

std::string cell_name(uint32_t row, uint32_t col) {
  std::string s;
  for (uint32_t n = col + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), char('A' + (n - 1) % 26));
  return s + std::to_string(row + 1);
}

void check_date(const Formats& f, const BiffSheet& sheet, uint16_t xf, double v, uint32_t row,
                uint32_t col) {
  if (v > kLastSerial && f.maybe_date(xf))
    throw FileError("corrupt_file",
                    "cell " + cell_name(row, col) + " of sheet \"" + sheet.name +
                        "\" is a date past the year 9999",
                    "Give that cell the General number format, or correct its value.");
}

void scan_sheet(std::string_view stream, size_t pos, const BiffSheet& sheet, const Formats& f,
                bool date1904, bool collect, const BiffLimits& limits, BiffScan& out) {
  Reader rd(stream, pos);
  Record r;
  if (!rd.next(r) || r.type != kBof) return;  // FreeXL will complain in its own words
  int64_t pending = -1;                       // a string formula waiting for its STRING record
  while (rd.next(r) && r.type != kEof) {
    std::string_view d = r.data;
    uint32_t row = u16(d, 0), col = u16(d, 2);
    uint16_t xf = u16(d, 4);
    uint32_t key = row << 16 | col;
    switch (r.type) {
      case kDimensions: {
        uint64_t rows = u32(d, 4), cols = u16(d, 10);
        if (rows > 65536 || cols > 256)
          throw FileError("corrupt_file",
                          "sheet \"" + sheet.name + "\" claims " + std::to_string(rows) +
                              " rows and " + std::to_string(cols) +
                              " columns, more than an .xls can hold",
                          kResaveHint);
        if (rows * cols > limits.max_cells)
          throw FileError("file_too_large",
                          "sheet \"" + sheet.name + "\" spans " + std::to_string(rows) +
                              " rows by " + std::to_string(cols) + " columns, more than " +
                              std::to_string(limits.max_cells) + " cells",
                          "Delete the unused rows and columns, or save the sheet as .xlsx or "
                          "CSV (UTF-8) and import that.");
        break;
      }
      case kNumber:
        check_date(f, sheet, xf, f64(d, 6), row, col);
        break;
      case kRk:
        check_date(f, sheet, xf, rk(u32(d, 6)), row, col);
        break;
      case kMulRk:
        for (size_t at = 4, c = col; at + 8 <= d.size(); at += 6, ++c)  // colLast ends it
          check_date(f, sheet, u16(d, at), rk(u32(d, at + 2)), row, static_cast<uint32_t>(c));
        break;
      case kBoolErr:
        if (collect && d.size() >= 8)
          out.values[key] = d[7] ? "" : d[6] ? "TRUE" : "FALSE";  // errors (#N/A...) are empty
        break;
      case kFormula: {
        if (!collect || d.size() < 14) break;
        pending = -1;
        if (u16(d, 12) != 0xFFFF) {  // a number
          double v = f64(d, 6);
          std::string text;
          excel::NumberKind kind = f.kind(xf);
          if (kind == excel::NumberKind::number || !excel::serial_to_text(v, kind, date1904, text))
            text = excel::number_text(v);
          out.values[key] = text;
        } else if (d[6] == 0) {
          pending = key;  // the text follows in a STRING record
        } else if (d[6] == 1) {
          out.values[key] = d[8] ? "TRUE" : "FALSE";
        } else {
          out.values[key] = "";  // an error, or an empty string
        }
        break;
      }
      case kString: {
        if (pending < 0) break;
        size_t cch = u16(d, 0);
        std::string text;
        size_t got = append_chars(text, d, 3, cch, d.size() > 2 && (d[2] & 1));
        // A long text goes on in CONTINUE records, each with its own flag byte.
        Record c;
        while (got < cch && rd.peek(c) && c.type == kContinue) {
          rd.next(c);
          got += append_chars(text, c.data, 1, cch - got, !c.data.empty() && (c.data[0] & 1));
        }
        out.values[static_cast<uint32_t>(pending)] = std::move(text);
        pending = -1;
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace

BiffScan scan_biff(std::string_view stream, const std::string& values_for,
                   const BiffLimits& limits) {
  BiffScan out;
  Reader rd(stream);
  Record r;
  if (!rd.next(r) || r.type != kBof) return out;
  out.biff8 = u16(r.data, 0) == 0x0600;
  Formats formats;
  std::vector<std::pair<size_t, BiffSheet>> sheets;  // stream position of each sheet's BOF
  while (rd.next(r) && r.type != kEof) {
    std::string_view d = r.data;
    if (r.type == kFilePass) {
      out.encrypted = true;  // everything after this record is ciphertext
      return out;
    }
    if (!out.biff8) continue;
    if (r.type == kDateMode) {
      out.date1904 = u16(d, 0) == 1;
    } else if (r.type == kXf && formats.xf_format.size() < 65536) {
      formats.xf_format.push_back(u16(d, 2));
    } else if (r.type == kFormat && d.size() >= 5 && formats.codes.size() < 65536) {
      std::string code;
      append_chars(code, d, 5, u16(d, 2), d[4] & 1);
      formats.codes[u16(d, 0)] = std::move(code);
    } else if (r.type == kBoundSheet && d.size() >= 8 && sheets.size() < 65536) {
      BiffSheet s;
      s.worksheet = d[5] == 0;  // 2 = chart, 6 = VBA module
      append_chars(s.name, d, 8, static_cast<unsigned char>(d[6]), d[7] & 1);
      sheets.emplace_back(u32(d, 0), s);
    }
  }
  bool collected = false;
  for (const auto& [pos, sheet] : sheets) {
    out.sheets.push_back(sheet);
    if (!sheet.worksheet || pos >= stream.size()) continue;
    bool collect = !collected && !values_for.empty() && sheet.name == values_for;
    collected = collected || collect;
    scan_sheet(stream, pos, sheet, formats, out.date1904, collect, limits, out);
  }
  return out;
}

}  // namespace leadimport::xls
