// Streaming CSV reader on libcsv. The file is read in chunks and fed to libcsv
// in slices; rows completed by a slice wait in a small queue that next()
// drains, so memory stays bounded by one slice of rows plus one cell in
// progress (capped by max_cell_bytes), whatever the file size.
//
// Quotes are read as Excel and Python's csv module read them: a quote opens a
// quoted part only at the start of a cell, and after its closing quote the
// rest of the cell is literal text (`"ACME" Inc` -> `ACME Inc`). libcsv's
// lenient mode instead goes back inside the quotes there, so every following
// line joined one cell until the next quote (issue 11). Its strict mode stops
// at exactly the bytes where the two readings part; parse() resumes from
// there as Python would, so libcsv still does all the scanning.
#include "core/read/csv/csv_reader.hpp"

#include <csv.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
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
// At most this many one-cell lines above the header are taken as titles.
constexpr size_t kMaxTitleLines = 5;

// libcsv's parser states (csv.c keeps the names private; the values are stable
// since 1.0 and struct csv_parser is public).
constexpr int kFieldBegun = 2;
constexpr int kFieldMightHaveEnded = 3;  // a quote seen in a quoted cell

// Warnings of one code delivered one by one; the rest are counted and
// summarised at the end of the file.
constexpr size_t kWarningsPerCode = 10;
// A cell with more line breaks than kQuietBreaks, and more than
// kLongCellFactor times the most any earlier cell had, is reported as a
// likely runaway quote (csv_long_quoted_cell).
constexpr size_t kQuietBreaks = 4;
constexpr size_t kLongCellFactor = 4;

const char kCandidates[] = {',', ';', '\t', '|'};

const char* const kSaveAsUtf8Hint =
    "Save the file as CSV UTF-8 (in Excel: Save As, then \"CSV UTF-8 (Comma delimited)\").";

// Leading and trailing spaces are data here (the checks trim later); libcsv
// would drop them by default, and would eat tabs even when tab is the
// delimiter.
int no_space(unsigned char) { return 0; }

// 8 bytes at a time: true when every byte is in 0x20..0x7F (printable ASCII:
// no NUL, no line break, nothing to look at closer).
inline bool plain_word(const unsigned char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  constexpr uint64_t kSpaces = 0x2020202020202020ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  // (w - spaces) & ~w & highs is non-zero exactly when some byte is below
  // 0x20; w & highs when some byte is 0x80 or above.
  return ((w | ((w - kSpaces) & ~w)) & kHighs) == 0;
}

// The first byte that is a control character or non-ASCII, or n.
size_t first_special(const unsigned char* s, size_t n) {
  size_t i = 0;
  while (i + 8 <= n && plain_word(s + i)) i += 8;
  while (i < n && s[i] >= 0x20 && s[i] < 0x80) ++i;
  return i;
}

// 1 when s[i] ends a line: LF, or a CR not followed by LF.
inline size_t line_break_at(const unsigned char* s, size_t n, size_t i) {
  return s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'));
}

struct EncodingFault {
  size_t at = 0;     // byte offset in the cell
  bool nul = false;  // a NUL byte; otherwise invalid UTF-8 starting at `at`
};

// Strict UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above
// U+10FFFF, no truncated sequences. Also reports NUL bytes, which no
// PostgreSQL text value can hold, and adds the cell's line breaks to `breaks`.
std::optional<EncodingFault> check_utf8(const unsigned char* s, size_t n, size_t i,
                                        size_t& breaks) {
  while (i < n) {
    if (i + 8 <= n && plain_word(s + i)) {
      i += 8;
      continue;
    }
    unsigned char c = s[i];
    if (c == 0) return EncodingFault{i, true};
    if (c < 0x80) {
      breaks += line_break_at(s, n, i);
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

// What the first lines of the file say: the delimiter, and how many one-cell
// lines above the header are titles to skip.
struct Sniffed {
  char delimiter = ',';
  size_t titles = 0;
};

// The best candidate when lines[s] is the header: one that is on it with the
// same count on every following sampled line ("consistent"), then the higher
// count on it; ties go in the order , ; \t |. `forced` (a candidate's index)
// is the only one considered. k < 0: none is on the header.
struct Pick {
  int k = -1;
  bool consistent = false;
};

Pick pick_from(const std::vector<Counts>& lines, size_t s, int forced) {
  Pick best;
  int best_count = 0;
  for (size_t k = 0; k < sizeof kCandidates; ++k) {
    if (forced >= 0 && static_cast<int>(k) != forced) continue;
    int header = lines[s][k];
    if (header == 0) continue;
    bool consistent = std::all_of(lines.begin() + static_cast<std::ptrdiff_t>(s) + 1, lines.end(),
                                  [&](const Counts& l) { return l[k] == header; });
    if (best.k < 0 ||
        std::make_pair(consistent, header) > std::make_pair(best.consistent, best_count)) {
      best = {static_cast<int>(k), consistent};
      best_count = header;
    }
  }
  return best;
}

// When no candidate is consistent: the one whose most common count (above
// zero) is on more than half of the sampled lines, so comment lines, notes
// and a title between rows don't hide a tab-separated table (univocity's
// tsv/essential.tsv). -1: none; else `count` is that most common count.
int majority(const std::vector<Counts>& lines, int& count) {
  int best = -1;
  size_t best_lines = 0;
  for (size_t k = 0; k < sizeof kCandidates; ++k) {
    std::vector<int> counts;
    for (const Counts& l : lines)
      if (l[k] > 0) counts.push_back(l[k]);
    std::sort(counts.begin(), counts.end());
    size_t most = 0;
    int modal = 0;
    for (size_t i = 0, j = 0; i < counts.size(); i = j) {
      while (j < counts.size() && counts[j] == counts[i]) ++j;
      if (j - i > most) {
        most = j - i;
        modal = counts[i];
      }
    }
    if (2 * most > lines.size() && most > best_lines) {
      best = static_cast<int>(k);
      best_lines = most;
      count = modal;
    }
  }
  return best;
}

// The first line is the header when some candidate is consistent from it
// (the rule for every file before issue 11). Otherwise a title may stand
// above the header ("Leads export 2026-11-30", "# comment"): the header is
// the first of the next kMaxTitleLines lines from which a candidate is
// consistent over at least 3 lines (header and 2 rows), provided every line
// above it has none of that delimiter and fewer of any candidate than the
// header has, and the titles are fewer than the table's lines. Else the
// first line's best candidate, as before; a file with none of them is one
// column: `,`. `forced`: the delimiter given (an index in kCandidates, or -1
// for none or a delimiter that isn't a candidate, which finds no titles).
Sniffed sniff(const std::vector<Counts>& lines, int forced, char fallback) {
  if (lines.empty()) return {fallback, 0};
  Pick first = pick_from(lines, 0, forced);
  if (first.consistent) return {kCandidates[first.k], 0};
  for (size_t s = 1; s <= kMaxTitleLines && s + 3 <= lines.size() && s < lines.size() - s; ++s) {
    Pick p = pick_from(lines, s, forced);
    if (!p.consistent) continue;
    int header = lines[s][p.k];
    bool titles = std::all_of(
        lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(s), [&](const Counts& l) {
          return l[p.k] == 0 && *std::max_element(l.begin(), l.end()) < header;
        });
    if (!titles) break;  // lines with columns above it: not a title, a header problem
    return {kCandidates[p.k], s};
  }
  if (forced < 0) {
    int most = 0;
    int m = majority(lines, most);
    // Only when it makes more columns than the first line's own pick: a
    // decimal comma in every row of a ';' file must not win.
    if (m >= 0 && (first.k < 0 || most > lines[0][first.k])) return {kCandidates[m], 0};
  }
  return {first.k >= 0 && forced < 0 ? kCandidates[first.k] : fallback, 0};
}

Sniffed sniff_sample(const char* s, size_t n, bool complete, char forced) {
  std::vector<Counts> lines = count_candidates(s, n, complete);
  if (!forced) return sniff(lines, -1, ',');
  const char* hit = std::find(std::begin(kCandidates), std::end(kCandidates), forced);
  if (hit == std::end(kCandidates)) return {forced, 0};
  return sniff(lines, static_cast<int>(hit - std::begin(kCandidates)), forced);
}

// A cell's text for a message: at most 60 bytes, cut at a character boundary
// (cells are valid UTF-8 by then).
std::string excerpt(const std::string& cell) {
  constexpr size_t kMax = 60;
  if (cell.size() <= kMax) return cell;
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(cell[cut]) & 0xC0) == 0x80) --cut;
  return cell.substr(0, cut) + "...";
}

// Owns a libcsv parser.
struct Parser {
  csv_parser p;
  // Strict: libcsv stops where its lenient reading would differ from
  // Python's (see parse()).
  Parser() { csv_init(&p, CSV_REPALL_NL | CSV_STRICT); }
  ~Parser() { csv_free(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

}  // namespace

struct CsvReader::Impl {
  std::unique_ptr<ByteSource> bytes;
  ReadOptions opts;
  char delim = ',';
  size_t titles_left = 0;  // title lines above the header still to skip
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

  // Warnings (only when opts.on_warning is set). Those raised while parsing
  // wait in `queued` until their row is returned; `raised` counts every one
  // per code, delivered or not.
  enum Code { kTextAfterQuote, kLongQuotedCell, kTitleSkipped, kCodes };
  std::array<size_t, kCodes> raised{};
  std::vector<ReadWarning> queued;
  bool summarised = false;
  size_t most_breaks = 0;  // the most line breaks in one cell so far

  Impl(std::unique_ptr<ByteSource> b, const ReadOptions& o) : bytes(std::move(b)), opts(o) {
    chunk.resize(kChunkBytes);
    chunk_len = fill(chunk.data(), chunk.size());
    eof = chunk_len < chunk.size();
    skip_bom();
    Sniffed sniffed =
        sniff_sample(chunk.data() + chunk_pos, chunk_len - chunk_pos, eof, opts.delimiter);
    delim = sniffed.delimiter;
    titles_left = sniffed.titles;
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
    size_t done = 0;
    for (;;) {
      done += csv_parse(&parser.p, s + done, n - done, on_cell, on_row_end, this);
      if (callback_error) std::rethrow_exception(callback_error);
      if (done == n) break;
      // Otherwise libcsv couldn't grow its buffer, or strict mode stopped.
      if (csv_error(&parser.p) != CSV_EPARSE) throw std::bad_alloc();
      done += resume_after_strict_stop();
    }
    // The cell in progress sits in libcsv's buffer, beyond our callbacks'
    // reach. One byte of slack: a quoted cell's closing quote stays buffered
    // until the next byte shows it wasn't doubled. next() checks finished
    // cells exactly.
    if (parser.p.entry_pos > 0 && parser.p.entry_pos - 1 > opts.max_cell_bytes) {
      pending = cell_too_large(next_number, opts.max_cell_bytes);
      finished = true;
    }
  }

  // libcsv's strict mode stops before a byte it would read differently from
  // Python; this reads that byte Python's way and returns how many bytes it
  // consumed (0: libcsv parses the byte again). Only two stops are possible
  // with spaces counting as data (no_space):
  // - text after a closing quote: libcsv keeps the closing quote in its
  //   buffer until the next byte shows it wasn't doubled. Drop it and go on
  //   with an unquoted cell, where the byte is plain text.
  // - a quote inside an unquoted cell: text (lenient mode did the same).
  // A file of stray quotes stops here once per quote: still one pass.
  size_t resume_after_strict_stop() {
    csv_parser& p = parser.p;
    p.status = CSV_SUCCESS;
    if (p.pstate == kFieldMightHaveEnded && p.quoted && p.entry_pos > 0 && p.spaces == 0) {
      --p.entry_pos;
      p.pstate = kFieldBegun;
      p.quoted = 0;
      note_text_after_quote();
      return 0;
    }
    // libcsv grew its buffer before reading the byte, so there is room.
    if (p.pstate == kFieldBegun && !p.quoted && p.entry_pos < p.entry_size) {
      p.entry_buf[p.entry_pos++] = p.quote_char;
      return 1;
    }
    throw std::logic_error("libcsv stopped in an unexpected state");
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
  // Also counts each cell's line breaks (for csv_long_quoted_cell).
  void check_cells(Row& row) {
    for (size_t i = 0; i < row.cells.size(); ++i) {
      std::string& cell = row.cells[i];
      if (cell.size() > opts.max_cell_bytes) throw cell_too_large(row.number, opts.max_cell_bytes);
      const auto* s = reinterpret_cast<const unsigned char*>(cell.data());
      const size_t n = cell.size();
      size_t at = first_special(s, n);
      if (at == n) continue;  // printable ASCII: valid in every supported encoding
      size_t breaks = 0;
      if (opts.decoder) {
        // Every supported encoding keeps NUL, CR and LF as themselves.
        bool ascii = true;
        for (size_t k = at; k < n; ++k) {
          if (s[k] == 0) throw nul_byte(row.number, i + 1);
          ascii &= s[k] < 0x80;
          breaks += line_break_at(s, n, k);
        }
        if (!ascii) opts.decoder->to_utf8(cell, row.number);
      } else if (auto problem = check_utf8(s, n, at, breaks)) {
        if (problem->nul) throw nul_byte(row.number, i + 1);
        throw bad_utf8(row.number, i + 1, s[problem->at]);
      }
      if (breaks) note_line_breaks(row.number, i + 1, breaks);
    }
  }

  // --- warnings ---

  // Counts a warning of `code`; true when it is to be built and delivered.
  bool raise(Code code) { return opts.on_warning && raised[code]++ < kWarningsPerCode; }

  void note_text_after_quote() {
    if (!raise(kTextAfterQuote)) return;
    size_t column = cells_in_row + 1;
    queued.push_back(
        {next_number, column, kWarningTextAfterQuote,
         row_name(next_number) + ", column " + std::to_string(column) +
             ": text after a closing quote was kept as part of the cell",
         "A quoted cell ends at its closing quote: \"ACME\" Inc reads as ACME Inc. Check that "
         "cell; to keep quotes in a cell, quote the whole cell and double the quotes inside."});
  }

  // A cell spanning many more lines than any before it is most likely a quote
  // that was never closed: the lines after it, rows of the file, became that
  // one cell until a later quote closed it.
  void note_line_breaks(int64_t row, size_t column, size_t breaks) {
    bool long_cell = breaks > kQuietBreaks && breaks > kLongCellFactor * most_breaks;
    size_t before = most_breaks;
    most_breaks = std::max(most_breaks, breaks);
    if (!long_cell || !raise(kLongQuotedCell)) return;
    opts.on_warning({row, column, kWarningLongQuotedCell,
                     row_name(row) + ", column " + std::to_string(column) +
                         ": a quoted cell spans " + std::to_string(breaks + 1) +
                         " lines (no cell before it spans more than " + std::to_string(before + 1) +
                         ")",
                     "If a quote (\") in that cell is never closed, the lines after it were read "
                     "as part of the cell, not as rows: check that row's quotes."});
  }

  void note_title(const Row& row) {
    if (!raise(kTitleSkipped)) return;
    opts.on_warning({row.number, 0, kWarningTitleSkipped,
                     row_name(row.number) + " (\"" + excerpt(row.cells[0]) +
                         "\") was skipped: a title above the header",
                     "The first line with the file's delimiter (\"" + std::string(1, delim) +
                         "\") is the header. If the skipped line is data, add a header above it."});
  }

  // Delivers the queued warnings of the rows up to `row` (all: INT64_MAX).
  void deliver_queued(int64_t row) {
    size_t k = 0;
    while (k < queued.size() && queued[k].row <= row) opts.on_warning(queued[k++]);
    queued.erase(queued.begin(), queued.begin() + static_cast<std::ptrdiff_t>(k));
  }

  // At the end of the file: one line for each code with more than were
  // delivered.
  void summarise() {
    summarised = true;
    if (!opts.on_warning) return;
    deliver_queued(INT64_MAX);
    static const char* const kWhat[kCodes] = {"cells had text after a closing quote",
                                              "quoted cells span many lines",
                                              "titles were skipped"};
    static const char* const kName[kCodes] = {kWarningTextAfterQuote, kWarningLongQuotedCell,
                                              kWarningTitleSkipped};
    for (int c = 0; c < kCodes; ++c)
      if (raised[c] > kWarningsPerCode)
        opts.on_warning({0, 0, kName[c],
                         std::to_string(raised[c] - kWarningsPerCode) + " more " + kWhat[c], ""});
  }

  bool next(Row& row) {
    for (;;) {
      while (ready_pos == ready_count) {
        if (pending) throw *pending;
        if (finished) {
          if (!summarised) summarise();
          return false;
        }
        advance();
      }
      Row& slot = ready[ready_pos++];
      row.number = slot.number;
      row.cells.swap(slot.cells);
      check_cells(row);
      if (!queued.empty()) deliver_queued(row.number);
      if (titles_left > 0 && !is_blank(row)) {
        --titles_left;
        if (row.cells.size() == 1) {
          note_title(row);
          continue;
        }
        titles_left = 0;  // a line with columns: the header
      }
      return true;
    }
  }
};

CsvReader::CsvReader(std::unique_ptr<ByteSource> bytes, const ReadOptions& opts)
    : impl_(std::make_unique<Impl>(std::move(bytes), opts)) {}

CsvReader::~CsvReader() = default;

bool CsvReader::next(Row& row) { return impl_->next(row); }

char CsvReader::delimiter() const { return impl_->delim; }

}  // namespace leadimport
