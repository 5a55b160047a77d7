// Streaming CSV reader on libcsv. The file is read in chunks and fed to libcsv
// in slices; rows completed by a slice wait in a small queue that next()
// drains, so memory stays bounded by one slice of rows plus one cell in
// progress (capped by max_cell_bytes), whatever the file size.
#include "core/read/csv/csv_reader.hpp"

#include <csv.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/read/input.hpp"

namespace leadimport {

namespace {

constexpr size_t kChunkBytes = 256 * 1024;  // read from the source at a time
// Fed to libcsv between two checks of the cell in progress: bounds how far a
// runaway cell (an unclosed quote) can grow past max_cell_bytes.
constexpr size_t kSliceBytes = 64 * 1024;
// libcsv grows its field buffer linearly by this much; its default (128
// bytes) would mean thousands of reallocs for a long cell.
constexpr size_t kParserBlockBytes = 64 * 1024;
constexpr size_t kDetectLines = 20;

// libcsv's parser states (csv.c keeps the names private; the values are stable
// since 1.0 and struct csv_parser is public).
constexpr int kFieldBegun = 2;

const char kCandidates[] = {',', ';', '\t', '|'};

const char* const kSaveAsUtf8Hint =
    "Save the file as CSV UTF-8 (in Excel: Save As, then \"CSV UTF-8 (Comma delimited)\").";

// Leading and trailing spaces are data here (the checks trim later); libcsv
// would drop them by default, and would eat tabs even when tab is the
// delimiter.
int no_space(unsigned char) { return 0; }

// 8 bytes at a time: true when every byte is in 0x01..0x7F (ASCII, no NUL).
inline bool plain_ascii_word(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  // (w - ones) & ~w & highs is non-zero exactly when some byte is 0x00.
  return ((w | ((w - kOnes) & ~w)) & kHighs) == 0;
}

// The first byte that is NUL or non-ASCII, or n.
size_t first_special(const unsigned char* s, size_t n) {
  size_t i = 0;
  while (i + 8 <= n && plain_ascii_word(s + i)) i += 8;
  while (i < n && s[i] != 0 && s[i] < 0x80) ++i;
  return i;
}

struct EncodingFault {
  size_t at = 0;     // byte offset in the cell
  bool nul = false;  // a NUL byte; otherwise invalid UTF-8 starting at `at`
};

// Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above
// U+10FFFF, no truncated sequences. Also reports NUL bytes, which no
// PostgreSQL text value can hold.
std::optional<EncodingFault> check_utf8(const unsigned char* s, size_t n, size_t i) {
  while (i < n) {
    if (i + 8 <= n && plain_ascii_word(s + i)) {
      i += 8;
      continue;
    }
    unsigned char c = s[i];
    if (c == 0) return EncodingFault{i, true};
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c < 0xC2) {
      return EncodingFault{i, false};  // a continuation byte, or an overlong lead
    } else if (c < 0xE0) {
      len = 2;
    } else if (c < 0xF0) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // UTF-16 surrogates
    } else if (c < 0xF5) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return EncodingFault{i, false};
    }
    if (n - i < len || s[i + 1] < lo || s[i + 1] > hi) return EncodingFault{i, false};
    for (size_t k = 2; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return EncodingFault{i, false};
    i += len;
  }
  return std::nullopt;
}

std::string row_name(int64_t row) { return "row " + std::to_string(row); }

FileError cell_too_large(int64_t row, size_t limit) {
  return FileError(codes::cell_too_large.code,
                   row_name(row) + " has a cell longer than " + size_text(limit),
                   "This usually means a quote (\") is opened and never closed, so the rest of "
                   "the file runs into one cell: check that row. Otherwise shorten the cell.");
}

FileError unclosed_quote(int64_t row) {
  return FileError(codes::malformed_csv.code, row_name(row) + " has a quote that is never closed",
                   codes::malformed_csv.hint);
}

FileError nul_byte(int64_t row, size_t column) {
  return FileError(
      codes::invalid_encoding.code,
      row_name(row) + " contains a NUL byte (column " + std::to_string(column) + ")",
      "The file may be UTF-16 or binary rather than text. " + std::string(kSaveAsUtf8Hint));
}

FileError bad_utf8(int64_t row, size_t column, unsigned char byte) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string hex = {kHex[byte >> 4], kHex[byte & 0xF]};
  return FileError(codes::invalid_encoding.code,
                   row_name(row) + " is not valid UTF-8 (byte 0x" + hex + " in column " +
                       std::to_string(column) + ")",
                   "Set the \"encoding\" option to the file's encoding, for example "
                   "{\"encoding\": \"WINDOWS1252\"}, or save the file as CSV UTF-8.");
}

// Per-candidate delimiter counts on one line of the sample.
using Counts = std::array<int, sizeof kCandidates>;

// Splits the sample into its first lines (outside quotes) and counts each
// candidate on each non-blank line. A quote opens only at the start of a field
// (after a line start or any candidate), so `5" tall` doesn't swallow the
// sample. `complete`: the sample is the whole file, so its last line counts
// even without a line break.
std::vector<Counts> count_candidates(const char* s, size_t n, bool complete) {
  std::vector<Counts> lines;
  Counts cur{};
  bool content = false, field_start = true, in_quotes = false;
  for (size_t i = 0; i < n && lines.size() < kDetectLines; ++i) {
    char c = s[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < n && s[i + 1] == '"')
          ++i;
        else
          in_quotes = false;
      }
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < n && s[i + 1] == '\n') ++i;
      if (content) lines.push_back(cur);
      cur = Counts{};
      content = false;
      field_start = true;
      continue;
    }
    content = true;
    if (c == '"' && field_start) {
      in_quotes = true;
      field_start = false;
      continue;
    }
    const char* hit = std::find(std::begin(kCandidates), std::end(kCandidates), c);
    field_start = hit != std::end(kCandidates);
    if (field_start) ++cur[hit - std::begin(kCandidates)];
  }
  if (content && complete && lines.size() < kDetectLines) lines.push_back(cur);
  return lines;
}

// Prefers a candidate that is on the header line with the same count on every
// following sampled line, then the higher count on the header line; ties go
// in the order , ; \t |. A file with none of them is one column: `,`.
char detect_delimiter(const char* s, size_t n, bool complete) {
  std::vector<Counts> lines = count_candidates(s, n, complete);
  if (lines.empty()) return ',';
  int best = -1;
  std::pair<bool, int> best_key{false, 0};
  for (size_t k = 0; k < sizeof kCandidates; ++k) {
    int header = lines[0][k];
    if (header == 0) continue;
    bool consistent = std::all_of(lines.begin() + 1, lines.end(),
                                  [&](const Counts& l) { return l[k] == header; });
    std::pair<bool, int> key{consistent, header};
    if (best < 0 || key > best_key) {
      best = static_cast<int>(k);
      best_key = key;
    }
  }
  return best < 0 ? ',' : kCandidates[best];
}

// Owns a libcsv parser.
struct Parser {
  csv_parser p;
  Parser() { csv_init(&p, CSV_REPALL_NL); }
  ~Parser() { csv_free(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

}  // namespace

struct CsvReader::Impl {
  std::unique_ptr<ByteSource> bytes;
  ReadOptions opts;
  char delim = ',';
  Parser parser;

  std::vector<char> chunk;
  size_t chunk_pos = 0, chunk_len = 0;
  bool eof = false;       // the source returned 0
  bool finished = false;  // nothing more will be queued

  // Rows completed but not yet returned are ready[pos, count); ready[count] is
  // the row being built. Slots (and their strings) are reused, and next()
  // swaps with the caller's Row, so a caller that reuses its Row recycles its
  // buffers back into the queue.
  std::vector<Row> ready = std::vector<Row>(1);
  size_t ready_pos = 0, ready_count = 0;
  size_t cells_in_row = 0;  // cells so far in ready[ready_count]
  size_t row_bytes = 0;     // their bytes
  int64_t next_number = 1;  // the spreadsheet number of the row being built
  // libcsv reports the CR and the LF of a CRLF as two row ends (CSV_REPALL_NL
  // is what makes it report blank lines at all); an LF right after a CR ends
  // nothing.
  bool after_cr = false;

  std::exception_ptr callback_error;  // callbacks must not throw through C
  std::optional<FileError> pending;   // thrown once the rows before it are returned

  Impl(std::unique_ptr<ByteSource> b, const ReadOptions& o) : bytes(std::move(b)), opts(o) {
    chunk.resize(kChunkBytes);
    chunk_len = fill(chunk.data(), chunk.size());
    eof = chunk_len < chunk.size();
    skip_bom();
    delim = opts.delimiter ? opts.delimiter
                           : detect_delimiter(chunk.data() + chunk_pos, chunk_len - chunk_pos, eof);
    if (delim == '"' || delim == '\r' || delim == '\n')
      throw UsageError("the CSV delimiter cannot be a quote or a line break");
    csv_set_delim(&parser.p, static_cast<unsigned char>(delim));
    csv_set_space_func(&parser.p, no_space);
    csv_set_blk_size(&parser.p, kParserBlockBytes);
  }

  // The first chunk is filled completely (sources may return short reads) so
  // the BOM and the delimiter sample see as much as possible.
  size_t fill(char* buf, size_t cap) {
    size_t got = 0;
    while (got < cap) {
      size_t n = bytes->read(buf + got, cap - got);
      if (n == 0) break;
      got += n;
    }
    return got;
  }

  void skip_bom() {
    std::string_view head(chunk.data(), chunk_len);
    if (has_utf16_bom(head))
      throw FileError(codes::unsupported_format.code, "the file is UTF-16 text, not UTF-8",
                      kSaveAsUtf8Hint);
    if (head.substr(0, 3) == "\xEF\xBB\xBF") chunk_pos = 3;
  }

  // --- libcsv callbacks (in file order) ---

  static void on_cell(void* s, size_t len, void* self) {
    auto* impl = static_cast<Impl*>(self);
    if (impl->callback_error) return;  // the file has failed: the rest of the slice is moot
    try {
      impl->add_cell(static_cast<const char*>(s), len);
    } catch (...) {
      if (!impl->callback_error) impl->callback_error = std::current_exception();
    }
  }

  static void on_row_end(int c, void* self) {
    auto* impl = static_cast<Impl*>(self);
    if (impl->callback_error) return;
    try {
      impl->end_row(c);
    } catch (...) {
      if (!impl->callback_error) impl->callback_error = std::current_exception();
    }
  }

  void add_cell(const char* s, size_t len) {
    after_cr = false;
    std::vector<std::string>& cells = ready[ready_count].cells;
    if (len == 0) s = "";  // libcsv passes its (possibly unallocated) buffer
    // One row of a million delimiters would otherwise hold a million strings.
    if (cells_in_row >= opts.max_columns) throw too_many_columns(next_number, opts.max_columns);
    row_bytes += len;
    if (row_bytes > opts.max_row_bytes) throw row_too_large(next_number, opts.max_row_bytes);
    if (cells_in_row < cells.size())
      cells[cells_in_row].assign(s, len);  // keeps the string's capacity
    else
      cells.emplace_back(s, len);
    ++cells_in_row;
  }

  void end_row(int c) {
    if (c == '\n' && after_cr) {
      after_cr = false;
      return;
    }
    after_cr = c == '\r';
    interruption_point();  // per row (libcsv's callbacks catch what it throws)
    Row& row = ready[ready_count];
    row.cells.resize(cells_in_row);  // a blank line has no cells
    row.number = next_number++;
    cells_in_row = 0;
    row_bytes = 0;
    if (++ready_count == ready.size()) ready.emplace_back();
  }

  // --- feeding libcsv ---

  void parse(const char* s, size_t n) {
    size_t done = csv_parse(&parser.p, s, n, on_cell, on_row_end, this);
    if (callback_error) std::rethrow_exception(callback_error);
    if (done < n) throw std::bad_alloc();  // libcsv stops only when it can't grow its buffer
    // The cell in progress sits in libcsv's buffer, beyond our callbacks'
    // reach. One byte of slack: a quoted cell's closing quote stays buffered
    // until the next byte shows it wasn't doubled. next() checks finished
    // cells exactly.
    if (parser.p.entry_pos > 0 && parser.p.entry_pos - 1 > opts.max_cell_bytes) {
      pending = cell_too_large(next_number, opts.max_cell_bytes);
      finished = true;
    }
  }

  void finish() {
    finished = true;
    if (parser.p.pstate == kFieldBegun && parser.p.quoted) {
      pending = unclosed_quote(next_number);
      return;
    }
    csv_fini(&parser.p, on_cell, on_row_end, this);  // a last line without a line break
    if (callback_error) std::rethrow_exception(callback_error);
  }

  // Parses one more slice (reading a chunk when needed), or finishes.
  void advance() {
    interruption_point();  // per slice, however few rows it ends
    if (ready_count > 0) {
      // Everything queued was returned: the row in progress moves to slot 0.
      std::swap(ready[0], ready[ready_count]);
      ready_count = ready_pos = 0;
    }
    if (chunk_pos == chunk_len) {
      chunk_pos = chunk_len = 0;
      if (!eof) chunk_len = bytes->read(chunk.data(), chunk.size());
      if (chunk_len == 0) {
        eof = true;
        finish();
        return;
      }
    }
    size_t n = std::min(kSliceBytes, chunk_len - chunk_pos);
    parse(chunk.data() + chunk_pos, n);
    chunk_pos += n;
  }

  // Size, NUL, encoding: the first bad cell fails the file, naming its row.
  void check_cells(Row& row) const {
    for (size_t i = 0; i < row.cells.size(); ++i) {
      std::string& cell = row.cells[i];
      if (cell.size() > opts.max_cell_bytes) throw cell_too_large(row.number, opts.max_cell_bytes);
      const auto* s = reinterpret_cast<const unsigned char*>(cell.data());
      size_t at = first_special(s, cell.size());
      if (at == cell.size()) continue;  // plain ASCII: valid in every supported encoding
      if (opts.decoder) {
        if (std::memchr(s + at, 0, cell.size() - at)) throw nul_byte(row.number, i + 1);
        opts.decoder->to_utf8(cell, row.number);
        continue;
      }
      if (auto problem = check_utf8(s, cell.size(), at)) {
        if (problem->nul) throw nul_byte(row.number, i + 1);
        throw bad_utf8(row.number, i + 1, s[problem->at]);
      }
    }
  }

  bool next(Row& row) {
    while (ready_pos == ready_count) {
      if (pending) throw *pending;
      if (finished) return false;
      advance();
    }
    Row& slot = ready[ready_pos++];
    row.number = slot.number;
    row.cells.swap(slot.cells);
    check_cells(row);
    return true;
  }
};

CsvReader::CsvReader(std::unique_ptr<ByteSource> bytes, const ReadOptions& opts)
    : impl_(std::make_unique<Impl>(std::move(bytes), opts)) {}

CsvReader::~CsvReader() = default;

bool CsvReader::next(Row& row) { return impl_->next(row); }

char CsvReader::delimiter() const { return impl_->delim; }

}  // namespace leadimport
