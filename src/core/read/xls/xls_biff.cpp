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
  kCodePage = 0x0042,
  kDateMode = 0x0022,
  kFilePass = 0x002F,
  kContinue = 0x003C,
  kBoundSheet = 0x0085,
  kSst = 0x00FC,
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
// single_stream_file declares the stream at least this long, zeros included:
// FreeXL reads a stream shorter than this as if zeros followed it.
constexpr size_t kFreeXlMinStream = 4096;
// FreeXL's record buffer: a longer record ends its reading (as EOF).
constexpr size_t kFreeXlMaxRecord = 8224;
constexpr uint32_t kFreeXlMaxSst = 1024 * 1024;  // more shared strings: FreeXL refuses
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

const char* record_name(uint16_t type) {
  switch (type) {
    case kBof:
      return "BOF";
    case kCodePage:
      return "CODEPAGE";
    case kDateMode:
      return "DATEMODE";
    case kBoundSheet:
      return "BOUNDSHEET";
    case kSst:
      return "SST";
    case kContinue:
      return "CONTINUE";
    case kFormat:
      return "FORMAT";
    case kXf:
      return "XF";
    case kDimensions:
      return "DIMENSIONS";
    case kNumber:
      return "NUMBER";
    case kRk:
      return "RK";
    case kMulRk:
      return "MULRK";
    case kBoolErr:
      return "BOOLERR";
    case kLabel:
      return "LABEL";
    case kLabelSst:
      return "LABELSST";
    default:
      return "BIFF";
  }
}

// FreeXL 1.0.6 copies each record into a fixed buffer and then trusts the
// lengths and offsets written inside it: a text length, a string's
// formatting runs, a record shorter than its fields. Bytes past the record's
// end are what earlier records left in the buffer; a length can send it far
// past the buffer itself (a heap overflow, or a wild pointer). This walk
// follows FreeXL's reading of every record, in every substream, as it would
// happen (for the shared strings, its exact position arithmetic), and
// refuses a record before FreeXL would read outside it. Records Excel,
// LibreOffice or xlwt write always hold what they declare.
class RecordCheck {
 public:
  explicit RecordCheck(bool biff8) : biff8_(biff8) {}

  // One record, `at` its offset in the stream. The first BOF has been read.
  void record(size_t at, uint16_t type, std::string_view d) {
    if (stopped_) return;
    at_ = at;
    type_ = type;
    // FreeXL's end of the stream: a zero record, or one longer than its buffer.
    if ((type == 0 && d.empty()) || d.size() > kFreeXlMaxRecord) {
      stopped_ = true;
      return;
    }
    if (type == kContinue) {  // continues the last record that wasn't one
      if (prev_ == kSst) sst(d);
      return;
    }
    prev_ = type;
    if (expect_bof_) {  // after an EOF FreeXL accepts only a BOF (else it stops)
      if (type != kBof) {
        stopped_ = true;
        return;
      }
      need(d, 4);
      expect_bof_ = false;
      return;
    }
    switch (type) {
      case kEof:
        expect_bof_ = true;
        break;
      case kSst:
        sst(d);
        break;
      case kCodePage:
      case kDateMode:
        need(d, 2);
        break;
      case kBoundSheet:
        boundsheet(d);
        break;
      case kDimensions:
        need(d, biff8_ ? 12 : 8);
        break;
      case kFormat:
        if (biff8_) {  // BIFF5: FreeXL reads at most 258 bytes, inside its buffer
          need(d, 5);
          text(d, 4, u16(d, 2), "its text is longer than the record");
        }
        break;
      case kXf:
        need(d, 4);
        break;
      case kNumber:
        need(d, 14);
        break;
      case kRk:
        need(d, 10);
        break;
      case kMulRk:
        need(d, 4);
        break;
      case kBoolErr:
        need(d, 7);
        break;
      case kLabelSst:
        if (biff8_) need(d, 10);
        break;
      case kLabel:
        need(d, 8);
        if (biff8_) {
          need(d, 9);
          text(d, 8, u16(d, 6), "its text is longer than the record");
        } else if (8 + size_t{u16(d, 6)} > d.size()) {
          damaged("its text is longer than the record");
        }
        break;
      default:
        break;
    }
  }

 private:
  [[noreturn]] void damaged(const std::string& why) const {
    throw FileError(codes::corrupt_file.code,
                    std::string("the workbook's ") + record_name(type_) + " record at byte " +
                        std::to_string(at_) + " is damaged (" + why + ")",
                    kResaveHint);
  }

  // FreeXL reads the record's first `n` bytes.
  void need(std::string_view d, size_t n) const {
    if (d.size() < n) damaged("it is shorter than its fields");
  }

  // A BIFF8 string's option byte at `flags`, then its optional run count
  // (0x08) and extension size (0x04): where its characters start.
  static size_t chars_at(std::string_view d, size_t flags) {
    auto f = static_cast<unsigned char>(d[flags]);
    return flags + 1 + ((f & 0x08) ? 2 : 0) + ((f & 0x04) ? 4 : 0);
  }

  // A BIFF8 string of `cch` characters whose option byte is at `flags`.
  // FreeXL refuses an empty one itself (after reading its options).
  void text(std::string_view d, size_t flags, size_t cch, const char* why) const {
    size_t begin = chars_at(d, flags);
    if (begin > d.size()) damaged("it is shorter than its fields");
    size_t width = (static_cast<unsigned char>(d[flags]) & 0x01) ? 2 : 1;
    if (cch * width > d.size() - begin) damaged(why);
  }

  void boundsheet(std::string_view d) {
    need(d, biff8_ ? 8 : 7);
    size_t cch = static_cast<unsigned char>(d[6]);  // 0: FreeXL refuses it
    // FreeXL: any option byte but 0 means two bytes a character.
    size_t bytes = biff8_ && d[7] != 0 ? 2 * cch : cch;
    if ((biff8_ ? 8 : 7) + bytes > d.size()) damaged("the sheet's name is longer than the record");
  }

  [[noreturn]] void sst_damaged() const {
    damaged("shared string " + std::to_string(sst_index_ + 1) + " runs past the record");
  }

  // FreeXL's parse_SST, position by position: the first SST record starts the
  // table; every later SST record and every CONTINUE after one goes on with
  // it (a string cut by a record's end, then the strings after it).
  void sst(std::string_view d) {
    const uint64_t size = d.size();
    uint64_t p = 0;
    if (!sst_started_) {
      need(d, 8);
      sst_started_ = true;
      sst_count_ = u32(d, 4);
      if (sst_count_ > kFreeXlMaxSst) {  // FreeXL refuses the file
        stopped_ = true;
        return;
      }
      p = 8;
    } else if (cut_len_ > 0) {
      // The rest of a cut string: an option byte, then its characters.
      if (size < 1) sst_damaged();
      bool wide = d[0] & 0x01;
      p = 1;
      uint64_t rest = cut_len_ - cut_done_;
      if (!wide && p + rest > size) {  // FreeXL checks this case itself
        stopped_ = true;
        return;
      }
      if (wide && p + 2 * rest > size) sst_damaged();
      p += wide ? 2 * rest : rest;
      p += cut_skip_;
      // FreeXL keeps what overflows this record as the next string's skip
      // (sic: not the skip at the next record's start).
      cut_skip_ = p >= size ? static_cast<uint32_t>(p - size) : 0;
      next_skip_ = 0;
      cut_len_ = cut_done_ = 0;
      ++sst_index_;
    }
    for (; sst_index_ < sst_count_; ++sst_index_) {
      // FreeXL's end-of-record test compares the position cut to 32 bits.
      if (static_cast<uint32_t>(p) >= size) return;
      if (p >= size) sst_damaged();
      p += next_skip_;  // formatting runs that spilled over from the last record
      if (p + 3 > size) sst_damaged();
      size_t flags = static_cast<size_t>(p + 2);
      auto f = static_cast<unsigned char>(d[flags]);
      uint64_t begin = chars_at(d, flags);
      if (begin > size) sst_damaged();
      uint32_t runs = (f & 0x08) ? u16(d, flags + 1) : 0;
      uint32_t ext = (f & 0x04) ? u32(d, flags + 1 + ((f & 0x08) ? 2 : 0)) : 0;
      uint32_t len = u16(d, static_cast<size_t>(p));
      bool wide = f & 0x01;
      p = begin;
      cut_skip_ = ext + runs * 4;  // 32-bit arithmetic, as FreeXL's
      next_skip_ = 0;
      cut_done_ = 0;
      cut_len_ = len;
      uint64_t required = wide ? 2 * uint64_t{len} : len;
      uint64_t available = size - p;
      if (required > available) {  // the string goes on in the next record
        cut_done_ = static_cast<uint32_t>(wide ? available / 2 : available);
        return;
      }
      if (len == 0) {  // FreeXL refuses the file
        stopped_ = true;
        return;
      }
      p += required + cut_skip_;
      next_skip_ = p >= size ? static_cast<uint32_t>(p - size) : 0;
      cut_len_ = cut_done_ = cut_skip_ = 0;
    }
  }

  bool biff8_;
  bool stopped_ = false;     // FreeXL has stopped reading by now
  bool expect_bof_ = false;  // after an EOF
  uint16_t prev_ = kBof;     // the last record that wasn't a CONTINUE
  size_t at_ = 0;
  uint16_t type_ = 0;
  // FreeXL's shared-string state.
  bool sst_started_ = false;
  uint32_t sst_count_ = 0, sst_index_ = 0;
  uint32_t cut_len_ = 0, cut_done_ = 0;  // a string cut by a record's end
  uint32_t cut_skip_ = 0;                // bytes after the current string (runs, extension)
  uint32_t next_skip_ = 0;               // of those, bytes spilled into the next record
};

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
      if (r.type == kBof) {
        // A substream starts at a BOF after an EOF; FreeXL ignores a BOF
        // inside a substream (an embedded chart's), so its cells and the
        // ones around them fill one sheet.
        if (!in_substream_) {
          in_substream_ = true;
          end_substream();
          size_t at = rd.pos() - 4 - d.size();
          auto it = sheet_at_.find(at);
          sheet_ = it != sheet_at_.end() ? "sheet \"" + it->second + "\"" : "a sheet";
          // FreeXL's active sheet: the first one listed at this offset (the
          // stream's own first BOF selects none).
          if (!first_bof_) {
            active_ = -1;
            for (size_t i = 0; i < fx_sheets_.size() && active_ < 0; ++i)
              if (fx_sheets_[i].offset == at) active_ = static_cast<int64_t>(i);
          }
          first_bof_ = false;
        }
        continue;
      }
      switch (r.type) {
        case kBoundSheet:
          fx_sheets_.push_back(FxSheet{u32(d, 0)});
          break;
        case kEof:
          in_substream_ = false;
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
    reallocations();
  }

 private:
  // A sheet without DIMENSIONS gets (highest row + 1) x (highest column + 1)
  // cells from FreeXL, as its cells say.
  void cell(std::string_view d) {
    seen_cells_ = true;
    max_row_ = std::max<uint64_t>(max_row_, u16(d, 0));
    max_col_ = std::max<uint64_t>(max_col_, u16(d, 2));
    if (active_ >= 0 && !fx_sheets_[active_].declared) {
      FxSheet& s = fx_sheets_[active_];
      s.rows = std::max<uint64_t>(s.rows, u16(d, 0));
      s.cols = std::max<uint64_t>(s.cols, u16(d, 2));
    }
  }

  // After its first pass FreeXL sizes every sheet that had no DIMENSIONS
  // (highest row and column + 1; a sheet whose substream never came, 1 x 1)
  // and then allocates, for each of them, the cells of whichever sheet was
  // active last (sic), the earlier allocation leaked: N such sheets (chart
  // sheets, or BOUNDSHEETs pointing nowhere) allocate that sheet N times.
  void reallocations() {
    for (FxSheet& s : fx_sheets_) {
      if (s.declared) continue;
      s.rows += 1;
      s.cols += 1;
      s.declared = true;
      if (active_ < 0) return;  // FreeXL fails here (no active sheet)
      const FxSheet& a = fx_sheets_[active_];
      allocate(a.rows * a.cols, a.rows, a.cols);
    }
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
    if (active_ >= 0) {
      FxSheet& s = fx_sheets_[active_];
      s.rows = rows;
      s.cols = cols;
      s.declared = true;
    }
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
  bool in_substream_ = false;  // the stream's first BOF is read as one too
  // FreeXL's sheets (BOUNDSHEET order) and its active one (-1: none).
  struct FxSheet {
    uint32_t offset = 0;
    uint64_t rows = 0, cols = 0;
    bool declared = false;  // sized: DIMENSIONS, or after the first pass
  };
  std::vector<FxSheet> fx_sheets_;
  int64_t active_ = -1;
  bool first_bof_ = true;
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
  // The stream as FreeXL reads it: a short one ends in zeros (a record cut
  // by the stream's end is whole to FreeXL, zeros included).
  std::string padded;
  if (stream.size() < kFreeXlMinStream) {
    padded.assign(stream);
    padded.resize(kFreeXlMinStream, '\0');
    stream = padded;
  }
  Reader rd(stream);
  Record r;
  if (!rd.next(r) || r.type != kBof) return out;
  uint16_t version = u16(r.data, 0);
  out.biff8 = version == 0x0600;
  // FreeXL reads BIFF5 and BIFF8 streams and refuses any other BOF itself.
  if (!out.biff8 && version != 0x0500) return out;
  RecordCheck check(out.biff8);
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
    check.record(rd.pos() - 4 - d.size(), r.type, d);
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
