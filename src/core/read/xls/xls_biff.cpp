#include "core/read/xls/xls_biff.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/read/xls/xls_numbers.hpp"

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
  kLabelSst = 0x00FD,
  kLabel = 0x0204,
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
constexpr size_t kFreeXlMaxXf = 8192;    // FreeXL's BIFF_MAX_XF
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
  size_t pos() const { return pos_; }
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

// FreeXL's own date formats (check_xf_datetime_58): these ids are dates to it
// whatever a FORMAT record says.
bool freexl_builtin_date(uint16_t id) { return (id >= 14 && id <= 22) || (id >= 45 && id <= 47); }

bool date_letter(char c) { return std::strchr("yYmMdDhHsS", c) != nullptr && c != 0; }

// Whether FreeXL could read this FORMAT record as a date format. FreeXL
// (check_format) counts y/m/d/h/s letters in the text it decodes, and reads
// as many characters as the record declares, past the record's end into
// whatever its buffer held before. So: any date letter among the bytes it
// reads (raw bytes: an ASCII letter in any encoding is that byte), or a text
// that runs past the record.
bool format_may_be_date(std::string_view d, bool biff8) {
  size_t begin, end;
  if (biff8) {  // ifmt, cch (u16), flags, [cRun u16], [cbExtRst u32], characters
    if (d.size() < 5) return true;
    auto flags = static_cast<unsigned char>(d[4]);
    begin = 5 + ((flags & 0x08) ? 2 : 0) + ((flags & 0x04) ? 4 : 0);
    end = begin + size_t{u16(d, 2)} * ((flags & 0x01) ? 2 : 1);
  } else {  // BIFF5 as FreeXL reads it: the length byte at 3 and the text from 3
    if (d.size() < 4) return true;
    begin = 3;
    end = begin + static_cast<unsigned char>(d[3]);
  }
  if (end > d.size()) return true;
  for (size_t i = begin; i < end; ++i)
    if (date_letter(d[i])) return true;
  return false;
}

// Number formats as both we and FreeXL see them. A format id may be defined
// more than once: FreeXL keeps the first definition it finds (anywhere in the
// stream), so kind() does too, and maybe_date() errs towards "date" whenever
// any definition could be one.
struct Formats {
  std::vector<uint16_t> xf_format;                  // XF index → format id, in stream order
  std::unordered_map<uint16_t, std::string> codes;  // format id → its first code (BIFF8)
  std::unordered_set<uint16_t> may_be_date;         // ids with a definition FreeXL may call a date

  void add_format(std::string_view d, bool biff8) {
    uint16_t id = u16(d, 0);
    if (format_may_be_date(d, biff8)) may_be_date.insert(id);
    if (biff8 && d.size() >= 5 && codes.size() < 65536 && !codes.count(id)) {
      std::string code;
      append_chars(code, d, 5, u16(d, 2), d[4] & 1);
      codes.emplace(id, std::move(code));
    }
  }

  excel::NumberKind kind(uint16_t xf) const {
    if (xf >= xf_format.size()) return excel::NumberKind::number;
    uint16_t id = xf_format[xf];
    auto it = codes.find(id);
    return it != codes.end() && !freexl_builtin_date(id) ? excel::classify_format_code(it->second)
                                                         : excel::builtin_number_kind(id);
  }
  // Whether FreeXL may treat the XF as a date: a superset of its rules
  // (check_xf_datetime_58), so a huge serial it would count day by day is
  // always caught.
  bool maybe_date(uint16_t xf) const {
    if (xf >= xf_format.size()) return false;  // FreeXL: not a date either
    uint16_t id = xf_format[xf];
    return freexl_builtin_date(id) || excel::builtin_number_kind(id) != excel::NumberKind::number ||
           may_be_date.count(id);
  }
};

std::string cell_name(uint32_t row, uint32_t col) {
  std::string s;
  for (uint32_t n = col + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), char('A' + (n - 1) % 26));
  return s + std::to_string(row + 1);
}

// What FreeXL is about to do with a workbook, judged from the same records:
// FreeXL walks the whole stream once (every substream, in order), learning XF
// and FORMAT records wherever they are, allocating rows x columns cells per
// sheet and turning date-formatted numbers into text a day at a time. This
// walk sees every record FreeXL sees (FreeXL may stop earlier, never later),
// so its checks hold whatever the records' order or repetition.
class FreeXlGuard {
 public:
  FreeXlGuard(const Formats& f, const std::unordered_map<size_t, std::string>& sheet_at, bool biff8,
              const BiffLimits& limits)
      : f_(f), sheet_at_(sheet_at), biff8_(biff8), limits_(limits) {}

  void walk(std::string_view stream) {
    Reader rd(stream);
    Record r;
    while (rd.next(r)) {
      interruption_point();
      std::string_view d = r.data;
      if (r.type == kBof) {  // a substream starts
        end_substream();
        auto it = sheet_at_.find(rd.pos() - 4 - d.size());
        sheet_ = it != sheet_at_.end() ? "sheet \"" + it->second + "\"" : "a sheet";
        continue;
      }
      switch (r.type) {
        case kEof:
          end_substream();
          break;
        case kDimensions:
          dimensions(d);
          break;
        case kNumber:
          date(u16(d, 4), f64(d, 6), u16(d, 0), u16(d, 2));
          cell(d);
          break;
        case kRk:
          date(u16(d, 4), rk(u32(d, 6)), u16(d, 0), u16(d, 2));
          cell(d);
          break;
        case kMulRk:
          // FreeXL's loop condition, to the byte (an odd length adds a cell).
          for (size_t at = 4, c = u16(d, 2); at + 6 < d.size(); at += 6, ++c)
            date(u16(d, at), rk(u32(d, at + 2)), u16(d, 0), static_cast<uint32_t>(c));
          cell(d);
          break;
        case kBoolErr:
        case kLabel:
        case kLabelSst:
          cell(d);
          break;
        default:
          break;
      }
    }
    end_substream();
  }

 private:
  // A sheet without DIMENSIONS gets (highest row + 1) x (highest column + 1)
  // cells from FreeXL, as its cells say.
  void cell(std::string_view d) {
    seen_cells_ = true;
    max_row_ = std::max<uint64_t>(max_row_, u16(d, 0));
    max_col_ = std::max<uint64_t>(max_col_, u16(d, 2));
  }

  void end_substream() {
    if (!has_dimensions_ && seen_cells_)
      allocate((max_row_ + 1) * (max_col_ + 1), max_row_ + 1, max_col_ + 1);
    has_dimensions_ = seen_cells_ = false;
    max_row_ = max_col_ = 0;
  }

  void dimensions(std::string_view d) {
    has_dimensions_ = true;
    // FreeXL's reading: BIFF8 rwMac (u32 at 4) and colMac (at 10); BIFF5
    // rwMac (u16 at 2) and colMac (at 6).
    uint64_t rows = biff8_ ? u32(d, 4) : u16(d, 2);
    uint64_t cols = biff8_ ? u16(d, 10) : u16(d, 6);
    if (rows > 65536 || cols > 256)
      throw FileError(codes::corrupt_file.code,
                      sheet_ + " claims " + std::to_string(rows) + " rows and " +
                          std::to_string(cols) + " columns, more than an .xls can hold",
                      kResaveHint);
    allocate(rows * cols, rows, cols);
  }

  // FreeXL allocates (and fills) 16 bytes per cell of every sheet, all at
  // open: the cells of all sheets together are bounded.
  void allocate(uint64_t cells, uint64_t rows, uint64_t cols) {
    total_cells_ += cells;
    if (total_cells_ <= limits_.max_cells) return;
    const char* hint =
        "Delete the unused rows and columns (and sheets), or save the sheet as .xlsx or CSV "
        "(UTF-8) and import that.";
    if (cells > limits_.max_cells)
      throw FileError(codes::file_too_large.code,
                      sheet_ + " spans " + std::to_string(rows) + " rows by " +
                          std::to_string(cols) + " columns, more than " +
                          std::to_string(limits_.max_cells) + " cells",
                      hint);
    throw FileError(codes::file_too_large.code,
                    "the workbook's sheets span more than " + std::to_string(limits_.max_cells) +
                        " cells together",
                    hint);
  }

  // FreeXL counts a date's days one by one (compute_date), up to 2^31 of
  // them: a date past 9999-12-31 is refused before it runs.
  void date(uint16_t xf, double v, uint32_t row, uint32_t col) const {
    if (v > kLastSerial && f_.maybe_date(xf))
      throw FileError(
          codes::corrupt_file.code,
          "cell " + cell_name(row, col) + " of " + sheet_ + " is a date past the year 9999",
          "Give that cell the General number format, or correct its value.");
  }

  const Formats& f_;
  const std::unordered_map<size_t, std::string>& sheet_at_;  // BOF offset → sheet name
  bool biff8_;
  const BiffLimits& limits_;
  std::string sheet_ = "a sheet";
  bool has_dimensions_ = false, seen_cells_ = false;
  uint64_t max_row_ = 0, max_col_ = 0;
  uint64_t total_cells_ = 0;
};

// Collects the values FreeXL drops or misreads (xls_biff.hpp) for one sheet.
void collect_values(std::string_view stream, size_t pos, const Formats& f, bool date1904,
                    BiffScan& out) {
  Reader rd(stream, pos);
  Record r;
  if (!rd.next(r) || r.type != kBof) return;  // FreeXL will complain in its own words
  int64_t pending = -1;                       // a string formula waiting for its STRING record
  while (rd.next(r) && r.type != kEof) {
    interruption_point();
    std::string_view d = r.data;
    uint32_t row = u16(d, 0), col = u16(d, 2);
    uint16_t xf = u16(d, 4);
    uint32_t key = row << 16 | col;
    switch (r.type) {
      case kBoolErr:
        if (d.size() >= 8)
          out.values[key] = d[7] ? "" : d[6] ? "TRUE" : "FALSE";  // errors (#N/A...) are empty
        break;
      case kFormula: {
        if (d.size() < 14) break;
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
  uint16_t version = u16(r.data, 0);
  out.biff8 = version == 0x0600;
  // FreeXL reads BIFF5 and BIFF8 streams and refuses any other BOF itself.
  if (!out.biff8 && version != 0x0500) return out;
  Formats formats;
  std::vector<std::pair<size_t, BiffSheet>> sheets;  // stream position of each sheet's BOF
  std::unordered_map<size_t, std::string> sheet_at;
  size_t xfs = 0;
  // First the definitions, from every substream as FreeXL takes them.
  while (rd.next(r)) {
    interruption_point();
    std::string_view d = r.data;
    if (r.type == kFilePass) {
      out.encrypted = true;  // everything after this record is ciphertext
      return out;
    }
    if (r.type == kDateMode) {
      out.date1904 = u16(d, 0) == 1;
    } else if (r.type == kXf) {
      // FreeXL keeps 8,192 XFs but goes on counting, and then reads an XF
      // index past its array: refuse what it can't hold.
      if (++xfs > kFreeXlMaxXf)
        throw FileError(codes::corrupt_file.code,
                        "the workbook defines more than " + std::to_string(kFreeXlMaxXf) +
                            " cell formats (XF records)",
                        kResaveHint);
      formats.xf_format.push_back(u16(d, 2));
    } else if (r.type == kFormat) {
      formats.add_format(d, out.biff8);
    } else if (r.type == kBoundSheet && out.biff8 && d.size() >= 8 && sheets.size() < 65536) {
      BiffSheet s;
      s.worksheet = d[5] == 0;  // 2 = chart, 6 = VBA module
      append_chars(s.name, d, 8, static_cast<unsigned char>(d[6]), d[7] & 1);
      sheet_at.emplace(u32(d, 0), s.name);
      sheets.emplace_back(u32(d, 0), s);
    }
  }
  // Then what FreeXL would do with the cells.
  FreeXlGuard(formats, sheet_at, out.biff8, limits).walk(stream);
  if (!out.biff8) return out;  // values are collected from BIFF8 only
  bool collected = false;
  for (const auto& [pos, sheet] : sheets) {
    out.sheets.push_back(sheet);
    if (!sheet.worksheet || pos >= stream.size()) continue;
    bool collect = !collected && !values_for.empty() && sheet.name == values_for;
    collected = collected || collect;
    if (collect) collect_values(stream, pos, formats, out.date1904, out);
  }
  return out;
}

}  // namespace leadimport::xls
