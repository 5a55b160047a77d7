#include "core/read/xls/xls_biff.hpp"
#include "core/text.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"

namespace leadimport::xls {

namespace {

enum : uint16_t {
  kFormula = 0x0006,
  kEof = 0x000A,
  kDateMode = 0x0022,
  kCodePage = 0x0042,
  kFilePass = 0x002F,
  kContinue = 0x003C,
  kBoundSheet = 0x0085,
  kMulRk = 0x00BD,
  kRString = 0x00D6,
  kXf = 0x00E0,
  kSst = 0x00FC,
  kLabelSst = 0x00FD,
  kNumber = 0x0203,
  kLabel = 0x0204,
  kBoolErr = 0x0205,
  kString = 0x0207,
  kRk = 0x027E,
  kFormat = 0x041E,
  kBof = 0x0809,
};

const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again.";

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

struct Record {
  uint16_t type = 0;
  size_t at = 0;  // the record's header's position in the stream
  std::string_view data;
};

class Reader {
 public:
  Reader(std::string_view s, size_t pos) : s_(s), pos_(pos) {}
  // The next record; false at the stream's end (or a record cut by it).
  bool next(Record& r) {
    if (pos_ > s_.size() || s_.size() - pos_ < 4) return false;
    size_t len = u16(s_, pos_ + 2);
    if (s_.size() - pos_ - 4 < len) return false;
    r.type = u16(s_, pos_);
    r.at = pos_;
    r.data = s_.substr(pos_ + 4, len);
    pos_ += 4 + len;
    return true;
  }
  bool next_is(uint16_t type) const { return s_.size() - pos_ >= 4 && u16(s_, pos_) == type; }

 private:
  std::string_view s_;
  size_t pos_;
};

const char* record_name(uint16_t type) {
  switch (type) {
    case kBof:
      return "BOF";
    case kBoundSheet:
      return "BOUNDSHEET";
    case kSst:
      return "SST";
    case kFormat:
      return "FORMAT";
    case kXf:
      return "XF";
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
    case kRString:
      return "RSTRING";
    case kLabelSst:
      return "LABELSST";
    case kFormula:
      return "FORMULA";
    case kString:
      return "STRING";
    default:
      return "BIFF";
  }
}

[[noreturn]] void damaged(const Record& r, const std::string& why) {
  throw FileError(codes::corrupt_file.code,
                  std::string("the workbook's ") + record_name(r.type) + " record at byte " +
                      std::to_string(r.at) + " is damaged (" + why + ")",
                  kResaveHint);
}

void need(const Record& r, size_t n) {
  if (r.data.size() < n) damaged(r, "it is shorter than its fields");
}

// Appends up to `cch` characters stored at `at` (UTF-16LE when `wide`, else
// one byte each: the low bytes of UTF-16, i.e. Latin-1); returns how many
// were there.
size_t append_chars(std::string& out, std::string_view b, size_t at, size_t cch, bool wide) {
  size_t n = 0;
  uint32_t high = 0;
  for (; n < cch; ++n) {
    if (at > b.size() || b.size() - at < (wide ? 2u : 1u)) break;
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

// A BIFF8 string (XLUnicodeString) whose length is `cch` and whose option
// byte is at `flags` in the record: its characters, then any rest in the
// CONTINUE records that follow (each starts with its own option byte).
// Formatting runs after the characters are not text. A string longer than
// its records is damaged.
std::string record_text(const Record& r, size_t flags, size_t cch, Reader& rd) {
  std::string out;
  if (flags >= r.data.size()) {
    if (cch == 0) return out;
    damaged(r, "it is shorter than its fields");
  }
  auto f = static_cast<unsigned char>(r.data[flags]);
  size_t begin = flags + 1 + ((f & 0x08) ? 2 : 0) + ((f & 0x04) ? 4 : 0);
  if (begin > r.data.size()) damaged(r, "it is shorter than its fields");
  size_t got = append_chars(out, r.data, begin, cch, f & 0x01);
  Record c;
  while (got < cch && rd.next_is(kContinue) && rd.next(c)) {
    interruption_point();
    if (c.data.empty()) continue;
    got += append_chars(out, c.data, 1, cch - got, c.data[0] & 0x01);
  }
  if (got < cch) damaged(r, "its text is longer than the record");
  return out;
}

// The SST record and its CONTINUE records as one sequence of bytes, where
// a string's characters cut by a record's end go on after an option byte.
class SstCursor {
 public:
  explicit SstCursor(std::vector<std::string_view> segs) : segs_(std::move(segs)) {}
  bool at_end() {
    while (seg_ < segs_.size() && at_ == segs_[seg_].size()) {
      ++seg_;
      at_ = 0;
    }
    return seg_ == segs_.size();
  }
  // Reads `n` bytes (a header field) into a little-endian number.
  bool read(size_t n, uint32_t& v) {
    v = 0;
    for (size_t i = 0; i < n; ++i) {
      if (at_end()) return false;
      v |= static_cast<uint32_t>(static_cast<unsigned char>(segs_[seg_][at_++])) << (8 * i);
    }
    return true;
  }
  bool skip(uint64_t n) {
    while (n > 0) {
      if (at_end()) return false;
      size_t step = static_cast<size_t>(std::min<uint64_t>(n, segs_[seg_].size() - at_));
      at_ += step;
      n -= step;
    }
    return true;
  }
  bool chars(size_t cch, bool wide, std::string& out) {
    size_t got = 0;
    while (got < cch) {
      if (at_ == segs_[seg_].size()) {  // cut: the rest after a new option byte
        if (seg_ + 1 >= segs_.size() || segs_[seg_ + 1].empty()) return false;
        ++seg_;
        wide = segs_[seg_][0] & 0x01;
        at_ = 1;
      }
      size_t n = append_chars(out, segs_[seg_], at_, cch - got, wide);
      if (n == 0) return false;  // half a wide character
      at_ += n * (wide ? 2 : 1);
      got += n;
    }
    return true;
  }

 private:
  std::vector<std::string_view> segs_;
  size_t seg_ = 0, at_ = 0;
};

// iconv's name for a BIFF code page, or "" when we know none.
std::string iconv_name(uint16_t cp) {
  switch (cp) {
    case 367:
      return "ASCII";
    case 932:
    case 936:
    case 949:
    case 950:
    case 1250:
    case 1251:
    case 1252:
    case 1253:
    case 1254:
    case 1255:
    case 1256:
    case 1257:
    case 1258:
      return "CP" + std::to_string(cp);
    case 1361:
      return "JOHAB";
    case 10000:
    case 32768:
      return "MACINTOSH";
    case 32769:
      return "CP1252";
    default:
      if ((cp >= 437 && cp <= 874) && cp != 720) return "CP" + std::to_string(cp);
      return "";
  }
}

bool double_byte(uint16_t cp) {
  return cp == 932 || cp == 936 || cp == 949 || cp == 950 || cp == 1361;
}

// A BIFF5 byte string of `cch` bytes whose length field is at `len_at` (1
// or 2 bytes) and whose bytes follow it: the raw bytes.
std::string_view record_bytes(const Record& r, size_t len_at, size_t len_size) {
  need(r, len_at + len_size);
  size_t cch = len_size == 1 ? static_cast<unsigned char>(r.data[len_at]) : u16(r.data, len_at);
  size_t begin = len_at + len_size;
  if (r.data.size() - begin < cch) damaged(r, "its text is longer than the record");
  return r.data.substr(begin, cch);
}

}  // namespace

BiffVersion biff_version(std::string_view stream) {
  uint16_t type = u16(stream, 0);
  if (stream.size() < 6) return BiffVersion::unknown;
  if (type == 0x0009 || type == 0x0209 || type == 0x0409) return BiffVersion::biff2_4;
  if (type != kBof) return BiffVersion::unknown;
  uint16_t version = u16(stream, 4);
  if (version == 0x0600) return BiffVersion::biff8;
  if (version == 0x0500) return BiffVersion::biff5;
  // Versions 0x0200-0x0400 in a BIFF5+ BOF record: BIFF2-4 sheets saved by
  // later Excel versions in its own workbook container.
  if (version >= 0x0200 && version <= 0x0400) return BiffVersion::biff2_4;
  return BiffVersion::unknown;
}

BiffBook::BiffBook(std::string_view stream, const BiffLimits& limits) : limits_(limits) {
  Reader rd(stream, 0);
  Record r;
  rd.next(r);  // the BOF: biff_version() has checked it
  biff5_ = u16(r.data, 0) == 0x0500;
  // id → code; the last definition wins. BIFF5 codes and sheet names are
  // decoded once the code page is known (after the loop).
  std::unordered_map<uint16_t, std::string> formats;
  std::vector<uint16_t> xf_formats;
  uint16_t code_page = 1252;
  bool ended = false;
  while (rd.next(r)) {
    interruption_point();
    std::string_view d = r.data;
    if (r.type == kEof) {
      ended = true;
      break;
    }
    switch (r.type) {
      case kFilePass:  // everything after this record is ciphertext
        throw FileError(codes::password_protected.code, "the workbook is password-protected",
                        "Remove the password (in Excel: File > Info > Protect Workbook > Encrypt "
                        "with Password, clear it), save, and import the file again.");
      case kDateMode:
        need(r, 2);
        date1904_ = u16(d, 0) == 1;
        break;
      case kCodePage:
        need(r, 2);
        code_page = u16(d, 0);
        break;
      case kXf:
        need(r, 4);
        if (xf_formats.size() >= limits_.max_xfs)
          throw FileError(codes::corrupt_file.code,
                          "the workbook defines more than " + std::to_string(limits_.max_xfs) +
                              " cell formats (XF records)",
                          kResaveHint);
        xf_formats.push_back(u16(d, 2));
        break;
      case kFormat:
        if (biff5_) {
          formats[u16(d, 0)] = std::string(record_bytes(r, 2, 1));
        } else {
          need(r, 5);
          formats[u16(d, 0)] = record_text(r, 4, u16(d, 2), rd);
        }
        break;
      case kBoundSheet: {
        need(r, biff5_ ? 7 : 8);
        BiffSheet s;
        s.offset = u32(d, 0);
        s.worksheet = d[5] == 0;
        size_t cch = static_cast<unsigned char>(d[6]);
        if (biff5_ ? d.size() - 7 < cch : append_chars(s.name, d, 8, cch, d[7] & 0x01) < cch)
          damaged(r, "the sheet's name is longer than the record");
        if (biff5_) s.name = d.substr(7, cch);  // decoded below
        sheets_.push_back(std::move(s));        // bounded: a record each
        break;
      }
      case kSst: {
        if (biff5_) break;  // BIFF8 only
        need(r, 8);
        std::vector<std::string_view> segs{d.substr(8)};
        Record c;
        while (rd.next_is(kContinue) && rd.next(c)) segs.push_back(c.data);
        SstCursor cur(std::move(segs));
        uint32_t declared = u32(d, 4);
        // The declared count can be wrong (some writers): the strings are
        // read as long as the records hold them.
        std::string s;
        for (uint32_t i = 0; i < declared && !cur.at_end(); ++i) {
          interruption_point();
          uint32_t cch = 0, opts = 0, runs = 0, ext = 0;
          bool ok = cur.read(2, cch) && cur.read(1, opts);
          ok = ok && (!(opts & 0x08) || cur.read(2, runs));
          ok = ok && (!(opts & 0x04) || cur.read(4, ext));
          s.clear();
          ok = ok && cur.chars(cch, opts & 0x01, s) && cur.skip(uint64_t{runs} * 4 + ext);
          if (!ok) damaged(r, "shared string " + std::to_string(i + 1) + " runs past its records");
          if (sst_ends_.size() >= limits_.max_strings ||
              sst_text_.size() + s.size() > limits_.max_string_bytes)
            throw FileError(codes::file_too_large.code,
                            "the workbook's shared strings exceed " +
                                std::to_string(limits_.max_strings) + " entries or " +
                                std::to_string(limits_.max_string_bytes >> 20) + " MiB",
                            "Save the sheet as CSV (UTF-8) and import that.");
          sst_text_ += s;
          sst_ends_.push_back(static_cast<uint32_t>(sst_text_.size()));
        }
        break;
      }
      default:
        break;
    }
  }
  if (!ended)
    throw FileError(codes::corrupt_file.code,
                    "the .xls workbook stream ends before its sheets (the file is truncated?)",
                    kResaveHint);
  if (biff5_) {
    set_code_page(code_page);
    // Names and format codes never fail the file: an unknown code page's
    // other bytes are U+FFFD there (format letters are ASCII).
    for (BiffSheet& s : sheets_) s.name = decode(s.name, true);
    for (auto& [id, code] : formats) code = decode(code, true);
  }
  // A cell's format: the file's own definition of the id, else the built-in.
  std::unordered_map<uint16_t, excel::NumberKind> kinds;
  for (const auto& [id, code] : formats) kinds[id] = excel::classify_format_code(code);
  xf_kinds_.reserve(xf_formats.size());
  for (uint16_t id : xf_formats) {
    auto it = kinds.find(id);
    xf_kinds_.push_back(it != kinds.end() ? it->second : excel::builtin_number_kind(id));
  }
}

void BiffBook::set_code_page(uint16_t code_page) {
  code_page_ = code_page;
  std::string name = iconv_name(code_page);
  if (name.empty()) return;
  if (double_byte(code_page)) {
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    if (cd != reinterpret_cast<iconv_t>(-1))
      iconv_ = std::shared_ptr<void>(cd, [](void* h) { iconv_close(static_cast<iconv_t>(h)); });
    return;
  }
  // A byte at a time, each flushed on its own: no byte waits to combine
  // with the next (glibc composes CP1258's tone marks otherwise).
  iconv_t cd = iconv_open("UTF-32LE", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return;
  byte_chars_.assign(256, 0);
  for (int b = 0; b < 256; ++b) {
    char in = static_cast<char>(b);
    char out[16];
    char* ip = &in;
    char* op = out;
    size_t il = 1, ol = sizeof out;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    if (iconv(cd, &ip, &il, &op, &ol) == static_cast<size_t>(-1)) continue;
    iconv(cd, nullptr, nullptr, &op, &ol);
    if (op - out >= 4) {
      uint32_t cp = 0;
      std::memcpy(&cp, out, 4);
      byte_chars_[b] = cp;
    }
  }
  iconv_close(cd);
}

std::string BiffBook::decode(std::string_view bytes, bool lenient) const {
  std::string out;
  if (!byte_chars_.empty()) {
    for (char c : bytes) {
      uint32_t cp = byte_chars_[static_cast<unsigned char>(c)];
      if (cp != 0)
        append_utf8(out, cp);
      else if (c != 0)
        append_utf8(out, 0xFFFD);
    }
    return out;
  }
  if (iconv_) {
    auto cd = static_cast<iconv_t>(iconv_.get());
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    std::string buf(bytes.size() * 4 + 16, '\0');
    char* ip = const_cast<char*>(bytes.data());
    size_t il = bytes.size();
    char* op = buf.data();
    size_t ol = buf.size();
    while (il > 0) {
      if (iconv(cd, &ip, &il, &op, &ol) != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) break;  // can't happen: 4 bytes out for each in
      ++ip;                       // a byte with no character (or a cut sequence): U+FFFD
      --il;
      if (ol < 3) break;
      std::memcpy(op, "\xEF\xBF\xBD", 3);
      op += 3;
      ol -= 3;
    }
    iconv(cd, nullptr, nullptr, &op, &ol);
    buf.resize(buf.size() - ol);
    return buf;
  }
  // A code page we can't convert: ASCII text is still ASCII.
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80 && lenient) {
      append_utf8(out, 0xFFFD);
      continue;
    }
    if (static_cast<unsigned char>(c) >= 0x80)
      throw FileError(codes::unsupported_format.code,
                      "the workbook's text is in code page " + std::to_string(code_page_) +
                          ", which leadimport does not convert",
                      "Open it in Excel or LibreOffice and save it as .xlsx (or CSV UTF-8), then "
                      "import that.");
    if (c != 0) out += c;
  }
  return out;
}

std::string_view BiffBook::shared(uint32_t index) const {
  uint32_t begin = index == 0 ? 0 : sst_ends_[index - 1];
  return std::string_view(sst_text_).substr(begin, sst_ends_[index] - begin);
}

SheetCells BiffBook::read_sheet(std::string_view stream, const BiffSheet& sheet,
                                size_t& budget) const {
  SheetCells out;
  Reader rd(stream, sheet.offset);
  Record r;
  if (!rd.next(r) || r.type != kBof)
    throw FileError(codes::corrupt_file.code,
                    "sheet \"" + sheet.name + "\" is not where the workbook says (byte " +
                        std::to_string(sheet.offset) + ")",
                    kResaveHint);
  auto add = [&](uint32_t row, uint32_t col, uint16_t xf, BiffCell::Type type) -> BiffCell& {
    if (out.cells.size() >= limits_.max_cells)
      throw FileError(codes::file_too_large.code,
                      "sheet \"" + sheet.name + "\" has more than " +
                          std::to_string(limits_.max_cells) + " cells",
                      "Save the sheet as CSV (UTF-8) and import that.");
    BiffCell& c = out.cells.emplace_back();
    c.pos = row << 16 | col;
    c.xf = xf;
    c.type = type;
    c.index = 0;
    return c;
  };
  auto add_text = [&](uint32_t row, uint32_t col, const std::string& s) {
    if (s.empty()) return;
    add(row, col, 0, BiffCell::text).index =
        static_cast<uint64_t>(out.text.size()) << 32 | s.size();
    out.text += s;
  };
  auto add_number = [&](uint32_t row, uint32_t col, uint16_t xf, double v) {
    if (std::isfinite(v)) add(row, col, xf, BiffCell::number).value = v;
  };
  int depth = 1;         // embedded charts are substreams inside the sheet's
  int64_t pending = -1;  // a string formula waiting for its STRING record
  bool ended = false;
  while (rd.next(r)) {
    interruption_point();
    // Sheets listed at nested or overlapping positions would walk the same
    // records again and again.
    if (budget < 4 + r.data.size())
      throw FileError(codes::corrupt_file.code,
                      "the workbook's sheets overlap in its stream (sheet \"" + sheet.name + "\")",
                      kResaveHint);
    budget -= 4 + r.data.size();
    if (r.type == kBof) {
      ++depth;
      continue;
    }
    if (r.type == kEof) {
      if (--depth == 0) {
        ended = true;
        break;
      }
      continue;
    }
    if (depth != 1) continue;  // a chart's own records (its cached series values)
    std::string_view d = r.data;
    uint32_t row = u16(d, 0), col = u16(d, 2);
    uint16_t xf = u16(d, 4);
    switch (r.type) {
      case kNumber:
        need(r, 14);
        add_number(row, col, xf, f64(d, 6));
        break;
      case kRk:
        need(r, 10);
        add_number(row, col, xf, rk(u32(d, 6)));
        break;
      case kMulRk:  // row, first column, (XF, RK) per cell, last column
        need(r, 6);
        if ((d.size() - 6) % 6 != 0) damaged(r, "its cells do not fill it");
        for (size_t at = 4; at + 6 <= d.size() - 2; at += 6, ++col) {
          if (col > 0xFFFF) damaged(r, "its cells run past the last column");
          add_number(row, col, u16(d, at), rk(u32(d, at + 2)));
        }
        break;
      case kLabelSst: {
        if (biff5_) break;  // BIFF8 only
        need(r, 10);
        uint32_t index = u32(d, 6);
        if (index >= sst_ends_.size())
          damaged(r, "shared string " + std::to_string(uint64_t{index} + 1) + " does not exist");
        if (!shared(index).empty()) add(row, col, xf, BiffCell::shared).index = index;
        break;
      }
      case kLabel:
      case kRString:  // rich text: its formatting runs follow the characters
        need(r, 8);
        add_text(row, col,
                 biff5_ ? decode(record_bytes(r, 6, 2)) : record_text(r, 8, u16(d, 6), rd));
        break;
      case kBoolErr:
        need(r, 8);
        if (d[7] == 0) add(row, col, xf, BiffCell::boolean).value = d[6] ? 1 : 0;
        break;  // an error (#N/A...) is an empty cell
      case kFormula:
        need(r, 20);
        pending = -1;
        if (u16(d, 12) != 0xFFFF) {
          add_number(row, col, xf, f64(d, 6));
        } else if (d[6] == 0) {  // text: in the STRING record that follows
          pending = row << 16 | col;
        } else if (d[6] == 1) {
          add(row, col, xf, BiffCell::boolean).value = d[8] ? 1 : 0;
        }  // 2 an error, 3 an empty string: empty cells
        break;
      case kString:
        if (pending < 0) break;
        need(r, 2);
        add_text(static_cast<uint32_t>(pending) >> 16, pending & 0xFFFF,
                 biff5_ ? decode(record_bytes(r, 0, 2)) : record_text(r, 2, u16(d, 0), rd));
        pending = -1;
        break;
      default:
        break;
    }
  }
  if (!ended)
    throw FileError(codes::corrupt_file.code,
                    "sheet \"" + sheet.name +
                        "\" ends before its last record (the file is "
                        "truncated?)",
                    kResaveHint);
  // Writers put cells in row order; a cell written twice keeps its last value.
  auto by_pos = [](const BiffCell& a, const BiffCell& b) { return a.pos < b.pos; };
  if (!std::is_sorted(out.cells.begin(), out.cells.end(), by_pos))
    std::stable_sort(out.cells.begin(), out.cells.end(), by_pos);
  size_t kept = 0;
  for (size_t i = 0; i < out.cells.size(); ++i) {
    if (kept > 0 && out.cells[kept - 1].pos == out.cells[i].pos)
      out.cells[kept - 1] = out.cells[i];
    else
      out.cells[kept++] = out.cells[i];
  }
  out.cells.resize(kept);
  return out;
}

void BiffBook::cell_text(const SheetCells& sheet, const BiffCell& cell, std::string& out) const {
  switch (cell.type) {
    case BiffCell::number: {
      excel::NumberKind kind =
          cell.xf < xf_kinds_.size() ? xf_kinds_[cell.xf] : excel::NumberKind::number;
      if (kind == excel::NumberKind::number ||
          !excel::serial_to_text(cell.value, kind, date1904_, out))
        out += excel::number_text(cell.value);
      break;
    }
    case BiffCell::shared:
      out += shared(static_cast<uint32_t>(cell.index));
      break;
    case BiffCell::text:
      out += std::string_view(sheet.text).substr(cell.index >> 32, cell.index & 0xFFFFFFFFu);
      break;
    case BiffCell::boolean:
      out += cell.value != 0 ? "TRUE" : "FALSE";
      break;
  }
}

}  // namespace leadimport::xls
