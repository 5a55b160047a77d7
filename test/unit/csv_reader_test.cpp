// Unit tests of the streaming CSV reader and the byte sources.
#include "core/read/csv/csv_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/read/byte_source.hpp"

namespace leadimport {
namespace {

using Cells = std::vector<std::string>;

// Serves a string in pieces of at most `piece` bytes, so tests decide where
// the reader's chunk boundaries fall.
class PieceSource : public ByteSource {
 public:
  PieceSource(std::string text, size_t piece) : text_(std::move(text)), piece_(piece) {}
  size_t read(char* buf, size_t cap) override {
    size_t n = std::min({cap, piece_, text_.size() - pos_});
    text_.copy(buf, n, pos_);
    pos_ += n;
    return n;
  }

 private:
  std::string text_;
  size_t piece_;
  size_t pos_ = 0;
};

// A prefix, then `filler` forever (until `limit` bytes): counts what was read.
class EndlessSource : public ByteSource {
 public:
  EndlessSource(std::string prefix, char filler, size_t limit)
      : prefix_(std::move(prefix)), filler_(filler), limit_(limit) {}
  size_t read(char* buf, size_t cap) override {
    size_t n = 0;
    while (n < cap && served_ < limit_) {
      buf[n++] = served_ < prefix_.size() ? prefix_[served_] : filler_;
      ++served_;
    }
    return n;
  }
  size_t served() const { return served_; }

 private:
  std::string prefix_;
  char filler_;
  size_t limit_;
  size_t served_ = 0;
};

std::unique_ptr<ByteSource> memory(const std::string& text) {
  Input in;
  in.data = text.data();
  in.size = text.size();
  return open_bytes(in);
}

// Reads every row, reusing one Row as the pipeline does.
std::vector<Row> read_all(CsvReader& reader) {
  std::vector<Row> rows;
  Row row;
  while (reader.next(row)) rows.push_back(row);
  return rows;
}

std::vector<Row> read_all(const std::string& text, ReadOptions opts = {}) {
  CsvReader reader(memory(text), opts);
  return read_all(reader);
}

std::vector<Row> read_pieces(const std::string& text, size_t piece, ReadOptions opts = {}) {
  CsvReader reader(std::make_unique<PieceSource>(text, piece), opts);
  return read_all(reader);
}

// Runs `body` and returns the FileError it throws (fails the test otherwise).
FileError file_error(const std::function<void()>& body) {
  try {
    body();
  } catch (const FileError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a FileError";
  return FileError("none", "none");
}

FileError read_error(const std::string& text, ReadOptions opts = {}) {
  return file_error([&] { read_all(text, opts); });
}

void expect_rows(const std::vector<Row>& rows,
                 const std::vector<std::pair<int64_t, Cells>>& expected) {
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].number, expected[i].first) << "row index " << i;
    EXPECT_EQ(rows[i].cells, expected[i].second) << "row index " << i;
  }
}

// ---------------------------------------------------------------- parsing

TEST(CsvReader, SimpleRowsAreNumberedFromOne) {
  expect_rows(read_all("name,phone\nAnn,555\nBob,666\n"),
              {{1, {"name", "phone"}}, {2, {"Ann", "555"}}, {3, {"Bob", "666"}}});
}

TEST(CsvReader, QuotedFieldsKeepDelimitersQuotesAndLineBreaks) {
  expect_rows(read_all("\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\"\nx,\"\",z\n"),
              {{1, {"a,b", "say \"hi\"", "line1\nline2"}}, {2, {"x", "", "z"}}});
}

TEST(CsvReader, QuotedLineBreakDoesNotStartARow) {
  expect_rows(read_all("h1,h2\n\"a\nb\nc\",1\nd,2\n"),
              {{1, {"h1", "h2"}}, {2, {"a\nb\nc", "1"}}, {3, {"d", "2"}}});
}

TEST(CsvReader, CrLfLfAndLoneCrEndLines) {
  expect_rows(read_all("a,1\r\nb,2\nc,3\rd,4\r\n"),
              {{1, {"a", "1"}}, {2, {"b", "2"}}, {3, {"c", "3"}}, {4, {"d", "4"}}});
}

TEST(CsvReader, CrLfInsideQuotesIsKept) {
  expect_rows(read_all("\"a\r\nb\",c\r\nd,e\r\n"), {{1, {"a\r\nb", "c"}}, {2, {"d", "e"}}});
}

TEST(CsvReader, LastLineWithoutLineBreakCounts) {
  expect_rows(read_all("h\nlast"), {{1, {"h"}}, {2, {"last"}}});
  expect_rows(read_all("h\n\"quoted last\""), {{1, {"h"}}, {2, {"quoted last"}}});
  expect_rows(read_all("h\nx,"), {{1, {"h"}}, {2, {"x", ""}}});
}

TEST(CsvReader, BlankLinesCountInTheNumbering) {
  std::vector<Row> rows = read_all("h\n\nx\n\n\ny\n\n");
  expect_rows(rows, {{1, {"h"}}, {2, {}}, {3, {"x"}}, {4, {}}, {5, {}}, {6, {"y"}}, {7, {}}});
  EXPECT_TRUE(is_blank(rows[1]));
}

TEST(CsvReader, BlankLinesWithCrLfAndCrCountOncePerLine) {
  expect_rows(read_all("h\r\n\r\nx\r\n\r\n"), {{1, {"h"}}, {2, {}}, {3, {"x"}}, {4, {}}});
  expect_rows(read_all("h\r\rx\r"), {{1, {"h"}}, {2, {}}, {3, {"x"}}});
  // LF then CR is two line ends; CR CR LF is two as well.
  expect_rows(read_all("h\n\rx\r\r\ny"), {{1, {"h"}}, {2, {}}, {3, {"x"}}, {4, {}}, {5, {"y"}}});
}

TEST(CsvReader, BlankLinesAtTheStart) {
  expect_rows(read_all("\n\r\nh\nx"), {{1, {}}, {2, {}}, {3, {"h"}}, {4, {"x"}}});
}

TEST(CsvReader, QuotedLineBreaksThenBlankLinesAndMoreRows) {
  expect_rows(
      read_all("h,n\r\n\"a\r\n\r\nb\",1\r\n\r\n\"c\nd\",2\r\ne,3"),
      {{1, {"h", "n"}}, {2, {"a\r\n\r\nb", "1"}}, {3, {}}, {4, {"c\nd", "2"}}, {5, {"e", "3"}}});
}

TEST(CsvReader, RowOfEmptyCellsIsBlank) {
  std::vector<Row> rows = read_all("h,i\n,\n\"\",\"\"\n");
  expect_rows(rows, {{1, {"h", "i"}}, {2, {"", ""}}, {3, {"", ""}}});
  EXPECT_TRUE(is_blank(rows[1]));
  EXPECT_TRUE(is_blank(rows[2]));
}

TEST(CsvReader, RaggedRowsAreReturnedAsTheyAre) {
  expect_rows(read_all("a,b,c\n1\n1,2,3,4,5\n1,2\n"),
              {{1, {"a", "b", "c"}}, {2, {"1"}}, {3, {"1", "2", "3", "4", "5"}}, {4, {"1", "2"}}});
}

TEST(CsvReader, WhitespaceIsKept) {
  expect_rows(read_all(" a , b \t,\"  c  \",\t\n"), {{1, {" a ", " b \t", "  c  ", "\t"}}});
}

TEST(CsvReader, WhitespaceIsKeptWithTabDelimiter) {
  ReadOptions opts;
  opts.delimiter = '\t';
  expect_rows(read_all(" a \t\tb \n", opts), {{1, {" a ", "", "b "}}});
}

TEST(CsvReader, StrayQuoteInUnquotedFieldIsText) {
  expect_rows(read_all("name,height\nBob,5\" tall\nAl,6'2\"\n"),
              {{1, {"name", "height"}}, {2, {"Bob", "5\" tall"}}, {3, {"Al", "6'2\""}}});
}

TEST(CsvReader, EmptyInputHasNoRows) {
  EXPECT_TRUE(read_all("").empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
  Input in;  // no path, no data
  CsvReader reader(open_bytes(in), {});
  Row row;
  EXPECT_FALSE(reader.next(row));
  EXPECT_FALSE(reader.next(row));  // stays at the end
}

TEST(CsvReader, Utf8BomIsSkipped) {
  expect_rows(read_all("\xEF\xBB\xBFname,phone\r\nAnn,555\r\n"),
              {{1, {"name", "phone"}}, {2, {"Ann", "555"}}});
  // Only at the start: a BOM later is cell text (valid UTF-8, U+FEFF).
  expect_rows(read_all("a\n\xEF\xBB\xBF"
                       "b\n"),
              {{1, {"a"}},
               {2,
                {"\xEF\xBB\xBF"
                 "b"}}});
}

TEST(CsvReader, ReusedRowGetsExactCells) {
  CsvReader reader(memory("a,b,c,d\n\nx\n"), {});
  Row row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.cells.size(), 4u);
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.number, 2);
  EXPECT_TRUE(row.cells.empty());
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.cells, Cells{"x"});
  EXPECT_FALSE(reader.next(row));
}

// ------------------------------------------- text after a closing quote (issue 11)

// The quote ends the quoted part and the rest of the cell is literal text, as
// in Excel and Python's csv module (every expectation below is what
// csv.reader gives). libcsv's lenient mode went back inside the quotes, so
// every following line joined one cell until the next quote.
TEST(CsvQuotes, TextAfterAClosingQuoteEndsTheQuotedPart) {
  expect_rows(read_all("name,phone,company\n"
                       "Ann,+14155552671,\"ACME\" Inc\n"
                       "Bob,+14155552672,Beta\n"
                       "Cy,+14155552673,\"Gamma\"\n"
                       "Di,+14155552674,Delta\n"),
              {{1, {"name", "phone", "company"}},
               {2, {"Ann", "+14155552671", "ACME Inc"}},
               {3, {"Bob", "+14155552672", "Beta"}},
               {4, {"Cy", "+14155552673", "Gamma"}},
               {5, {"Di", "+14155552674", "Delta"}}});
}

TEST(CsvQuotes, MatchesPythonAfterAClosingQuote) {
  expect_rows(read_all("\"x\" ,y\n"), {{1, {"x ", "y"}}});
  expect_rows(read_all("\"a\"\"b\"c,d\n"), {{1, {"a\"bc", "d"}}});
  expect_rows(read_all("\"a\"b\"c,d\n"), {{1, {"ab\"c", "d"}}});
  expect_rows(read_all("\"\"x,y\n"), {{1, {"x", "y"}}});
  expect_rows(read_all("\"a\" \"b\",c\n"), {{1, {"a \"b\"", "c"}}});
  expect_rows(read_all("\"a\"  \n"), {{1, {"a  "}}});
  expect_rows(read_all("h,i\n\"a\"\tb,c\r\n\"d\"e\r\n"),
              {{1, {"h", "i"}}, {2, {"a\tb", "c"}}, {3, {"de"}}});
}

TEST(CsvQuotes, TextAfterAClosingQuoteAtTheEndOfTheFile) {
  // Was "row 2 has a quote that is never closed".
  expect_rows(read_all("h\n\"x\" y"), {{1, {"h"}}, {2, {"x y"}}});
  expect_rows(read_all("h\n\"x\"\"\" y"), {{1, {"h"}}, {2, {"x\" y"}}});
}

TEST(CsvQuotes, TextAfterAClosingQuoteSplitAnywhere) {
  const std::string tricky = "h,i\n\"a\" b,\"c\"d\"e\"\n\"f\"\"\" ,g\nx,\"y\"z";
  const std::vector<std::pair<int64_t, Cells>> expected = {
      {1, {"h", "i"}}, {2, {"a b", "cd\"e\""}}, {3, {"f\" ", "g"}}, {4, {"x", "yz"}}};
  expect_rows(read_all(tricky), expected);
  const int64_t filler_rows = 30000;  // past the first chunk: then every read is a boundary
  std::string filler;
  for (int64_t i = 0; i < filler_rows; ++i) filler += "filler,row\n";
  for (size_t piece : {1, 2, 3}) {
    std::vector<Row> rows = read_pieces(filler + tricky, piece);
    ASSERT_EQ(rows.size(), filler_rows + expected.size()) << "piece " << piece;
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_EQ(rows[filler_rows + i].cells, expected[i].second) << "piece " << piece;
  }
}

TEST(CsvQuotes, ManyStrayQuotesStayLinear) {
  // Each stray quote is one stop and restart of libcsv's strict mode: a cell
  // of them must not cost more than a pass.
  std::string cell(200000, '"');
  cell[0] = 'x';
  std::vector<Row> rows = read_all("h\n" + cell + "\n\"a\"" + cell + "\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].cells, Cells{cell});
  EXPECT_EQ(rows[2].cells, Cells{"a" + cell});
}

// What a reader reported, in order, and the rows it returned in between.
struct Warned {
  std::vector<ReadWarning> warnings;
  std::vector<Row> rows;
  std::vector<size_t> before_row;  // warnings[i] came before rows[before_row[i]]
};

Warned read_warned(const std::string& text, ReadOptions opts = {}, size_t piece = 0) {
  Warned out;
  opts.on_warning = [&](const ReadWarning& w) {
    out.warnings.push_back(w);
    out.before_row.push_back(out.rows.size());
  };
  CsvReader reader(piece ? std::unique_ptr<ByteSource>(std::make_unique<PieceSource>(text, piece))
                         : memory(text),
                   opts);
  Row row;
  while (reader.next(row)) out.rows.push_back(row);
  return out;
}

TEST(CsvWarnings, TextAfterAClosingQuoteIsReportedBeforeItsRow) {
  Warned w = read_warned("h,i\nx,y\n\"ACME\" Inc,z\n");
  ASSERT_EQ(w.warnings.size(), 1u);
  EXPECT_EQ(w.warnings[0].code, kWarningTextAfterQuote);
  EXPECT_EQ(w.warnings[0].row, 3);
  EXPECT_EQ(w.warnings[0].column, 1u);
  EXPECT_EQ(w.warnings[0].message,
            "row 3, column 1: text after a closing quote was kept as part of the cell");
  EXPECT_FALSE(w.warnings[0].hint.empty());
  EXPECT_EQ(w.before_row[0], 2u);  // after rows 1 and 2, before row 3
  // A doubled quote or a quote inside an unquoted cell is no warning.
  EXPECT_TRUE(read_warned("\"a\"\"b\",5\" tall\n").warnings.empty());
}

TEST(CsvWarnings, AFewOfEachCodeThenOneSummary) {
  std::string text = "h,i\n";
  for (int i = 0; i < 25; ++i) text += "\"a\"b,c\n";
  Warned w = read_warned(text);
  ASSERT_EQ(w.warnings.size(), 11u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(w.warnings[i].row, static_cast<int64_t>(i) + 2);
  EXPECT_EQ(w.warnings[10].row, 0);
  EXPECT_EQ(w.warnings[10].code, kWarningTextAfterQuote);
  EXPECT_EQ(w.warnings[10].message, "15 more cells had text after a closing quote");
  EXPECT_EQ(w.before_row[10], 26u);  // at the end
}

TEST(CsvWarnings, QueuedWarningsKeepRowOrderAcrossSlices) {
  std::string text = "h,i\n";
  for (int i = 2; i <= 40000; ++i)
    text += (i % 5000 == 0 ? "\"q\"x," : "a,") + std::to_string(i) + "\n";
  Warned w = read_warned(text, {}, 1000);
  ASSERT_EQ(w.warnings.size(), 8u);
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(w.warnings[i].row, static_cast<int64_t>(i + 1) * 5000);
    EXPECT_EQ(w.before_row[i], static_cast<size_t>(w.warnings[i].row) - 1);
    EXPECT_EQ(w.rows[w.before_row[i]].cells[0], "qx");
  }
}

// A quote that is never closed runs on until the next quote: the cell spans
// the rows after it. The rows are lost as rows, so the reader says so.
TEST(CsvWarnings, ACellSpanningManyMoreLinesThanAnyBeforeIt) {
  std::string text = "name,phone\nAnn,+14155552671\n\"Bob,+14155552672\n";
  for (int i = 3; i < 9; ++i)
    text += "Row" + std::to_string(i) + ",+1415555267" + std::to_string(i) + "\n";
  text += "\"Zed\",+14155552679\n";
  Warned w = read_warned(text);
  ASSERT_EQ(w.rows.size(), 3u);  // what Python reads as well
  ASSERT_EQ(w.warnings.size(), 2u);
  EXPECT_EQ(w.warnings[0].code, kWarningLongQuotedCell);
  EXPECT_EQ(w.warnings[0].row, 3);
  EXPECT_EQ(w.warnings[0].column, 1u);
  EXPECT_EQ(w.warnings[0].message,
            "row 3, column 1: a quoted cell spans 8 lines (no cell before it spans more than 1)");
  EXPECT_NE(w.warnings[0].hint.find("never closed"), std::string::npos);
  EXPECT_EQ(w.warnings[1].code, kWarningTextAfterQuote);  // the quote before Zed "closed" it
}

TEST(CsvWarnings, MultiLineCellsLikeTheOnesBeforeAreNoWarning) {
  // Addresses of 3 lines, then one of 6: within 4 times the most so far.
  std::string text = "name,address\n";
  text += "A,\"1 Main St\nSuite 2\nSpringfield\"\n";
  text += "B,\"2 Elm St\nFloor 3\nRoom 4\nBox 5\nWing 6\nShelbyville\"\n";
  text += "C,\"3 Oak St\nOgdenville\"\n";
  EXPECT_TRUE(read_warned(text).warnings.empty());
  // Five lines as the first multi-line cell is fine; six is not.
  EXPECT_TRUE(read_warned("h\n\"1\n2\n3\n4\n5\"\n").warnings.empty());
  Warned w = read_warned("h\n\"1\r\n2\r\n3\r4\n5\n6\"\n");
  ASSERT_EQ(w.warnings.size(), 1u);
  EXPECT_EQ(w.warnings[0].message,
            "row 2, column 1: a quoted cell spans 6 lines (no cell before it spans more than 1)");
}

TEST(CsvWarnings, LongCellCountedWithADecoderToo) {
  struct Identity : CellDecoder {
    void to_utf8(std::string&, int64_t) const override {}
  } decoder;
  ReadOptions opts;
  opts.decoder = &decoder;
  Warned w = read_warned("h\n\"1\n2\n3\n4\n5\n\xE9\"\n", opts);
  ASSERT_EQ(w.warnings.size(), 1u);
  EXPECT_EQ(w.warnings[0].code, kWarningLongQuotedCell);
}

TEST(CsvWarnings, NoCallbackNoWarnings) {
  // Nothing is built or queued; the rows are the same.
  expect_rows(read_all("\"a\"b\n"), {{1, {"ab"}}});
}

// ---------------------------------------------------------------- delimiter

class CsvDelimiterEach : public ::testing::TestWithParam<char> {};

TEST_P(CsvDelimiterEach, IsDetected) {
  char d = GetParam();
  std::string text = std::string("name") + d + "phone" + d + "city\n" + "Ann" + d + "555" + d +
                     "Oslo\n" + "Bob" + d + "666" + d + "Rome\n";
  CsvReader reader(memory(text), {});
  EXPECT_EQ(reader.delimiter(), d);  // known before the first row
  expect_rows(
      read_all(reader),
      {{1, {"name", "phone", "city"}}, {2, {"Ann", "555", "Oslo"}}, {3, {"Bob", "666", "Rome"}}});
}

INSTANTIATE_TEST_SUITE_P(CsvCandidates, CsvDelimiterEach, ::testing::Values(',', ';', '\t', '|'));

char detected(const std::string& text) {
  CsvReader reader(memory(text), {});
  return reader.delimiter();
}

TEST(CsvDelimiter, PrefersAConsistentCountOverTheHeaderCount) {
  // Comma: 2 on the header but 0 and 3 below; semicolon: 1 on every line.
  EXPECT_EQ(detected("a,b;c,d\n1;2\n3;4,5,6,7\n"), ';');
}

TEST(CsvDelimiter, DecimalCommasDoNotWin) {
  EXPECT_EQ(detected("name;amount\nAnn;1,5\nBob;2,75\n"), ';');
}

TEST(CsvDelimiter, HigherCountWinsAmongConsistentOnes) {
  EXPECT_EQ(detected("a;b,c,d\n1;2,3,4\n"), ',');
  EXPECT_EQ(detected("a|b|c,d\n1|2|3,4\n"), '|');
}

TEST(CsvDelimiter, HigherCountWinsWhenNoneIsConsistent) {
  EXPECT_EQ(detected("a;b;c|d\n1;2\n3|4|5\n"), ';');
}

TEST(CsvDelimiter, TiesGoInCandidateOrder) {
  EXPECT_EQ(detected("a,b;c\n1,2;3\n"), ',');
  EXPECT_EQ(detected("a|b;c\n1|2;3\n"), ';');
  EXPECT_EQ(detected("a|b\tc\n1|2\t3\n"), '\t');
}

TEST(CsvDelimiter, IgnoresCandidatesInsideQuotes) {
  EXPECT_EQ(detected("\"a;b;c\",d\n\"e;f\ng;h\",i\n"), ',');
}

TEST(CsvDelimiter, StrayQuoteDoesNotHideTheRest) {
  EXPECT_EQ(detected("name;height\nBob;5\" tall\nAl;6\nCy;7\n"), ';');
}

TEST(CsvDelimiter, IgnoresBlankLinesAndTheBom) {
  EXPECT_EQ(detected("\xEF\xBB\xBF"
                     "a;b\n\n1;2\r\n\r\n3;4"),
            ';');
}

// Issue 11: a title line above the header defeated detection (the file was
// read as one column).
TEST(CsvDelimiter, ATitleAboveTheHeaderIsSkipped) {
  std::vector<ReadWarning> seen;
  ReadOptions o;
  o.on_warning = [&](const ReadWarning& w) { seen.push_back(w); };
  CsvReader reader(memory("Leads export 2026-11-30\nphone;name\n1;Ann\n2;Bob\n"), o);
  EXPECT_EQ(reader.delimiter(), ';');
  expect_rows(read_all(reader), {{2, {"phone", "name"}}, {3, {"1", "Ann"}}, {4, {"2", "Bob"}}});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].code, kWarningTitleSkipped);
  EXPECT_EQ(seen[0].row, 1);
}

TEST(CsvDelimiter, CommentLinesBetweenRowsDoNotHideTheDelimiter) {
  // univocity's tsv/essential.tsv: a title with a comma, then a tab table
  // with comment lines; Python reads it as tab-separated.
  EXPECT_EQ(detected("A title, with a comma\nYear\tMake\tModel\n1997\tFord\tE350\n"
                     "# a comment\n1999\tChevy\tVenture\n1996\tJeep\tCherokee\n"),
            '\t');
}

TEST(CsvDelimiter, SingleColumnDefaultsToComma) {
  EXPECT_EQ(detected("phone\n555\n666\n"), ',');
  EXPECT_EQ(detected(""), ',');
}

TEST(CsvDelimiter, OnlyTheFirstTwentyLinesAreSampled) {
  // Semicolons are consistent on lines 1-20; line 21 would break that.
  std::string text = "a;b\n";
  for (int i = 0; i < 19; ++i) text += "1;2\n";
  text += "x;y;z;w,1,2,3,4,5,6,7\n";
  EXPECT_EQ(detected(text), ';');
}

TEST(CsvDelimiter, ForcedDelimiterIsUsed) {
  ReadOptions opts;
  opts.delimiter = ';';
  CsvReader reader(memory("a,b;c,d\n1,2;3,4\n"), opts);
  EXPECT_EQ(reader.delimiter(), ';');
  expect_rows(read_all(reader), {{1, {"a,b", "c,d"}}, {2, {"1,2", "3,4"}}});

  opts.delimiter = '|';
  expect_rows(read_all("a,b\n", opts), {{1, {"a,b"}}});
}

TEST(CsvDelimiter, QuoteOrLineBreakIsRefused) {
  ReadOptions opts;
  opts.delimiter = '"';
  EXPECT_THROW(CsvReader(memory("a"), opts), UsageError);
  opts.delimiter = '\n';
  EXPECT_THROW(CsvReader(memory("a"), opts), UsageError);
}

// ---------------------------------------------------------------- encoding

TEST(CsvEncoding, InvalidUtf8NamesRowColumnAndByte) {
  std::string text = "h1,h2,h3\n";
  for (int i = 2; i <= 6; ++i) text += "a,b,c\n";
  text += "Jos\xC3\xA9,ok,Ren\xE9\n";  // row 7: column 1 is UTF-8, column 3 Latin-1
  text += "x,y,z\n";
  CsvReader reader(memory(text), {});
  Row row;
  for (int i = 1; i <= 6; ++i) ASSERT_TRUE(reader.next(row));  // rows before it are fine
  FileError e = file_error([&] { reader.next(row); });
  EXPECT_EQ(e.code(), "invalid_encoding");
  EXPECT_STREQ(e.what(), "row 7 is not valid UTF-8 (byte 0xE9 in column 3)");
  EXPECT_EQ(e.hint(),
            "Set the \"encoding\" option to the file's encoding, for example {\"encoding\": "
            "\"WINDOWS1252\"}, or save the file as CSV UTF-8.");
}

TEST(CsvEncoding, InvalidUtf8RowCountsBlankAndMultilineRows) {
  FileError e = read_error("h\n\n\"a\nb\"\n\n\"x\xFFy\"\n");
  EXPECT_STREQ(e.what(), "row 5 is not valid UTF-8 (byte 0xFF in column 1)");
}

TEST(CsvEncoding, ValidUtf8IsAccepted) {
  const std::vector<std::string> good = {
      "caf\xC3\xA9",                                  // U+00E9
      "\xC2\x80",                                     // U+0080, smallest 2-byte
      "\xDF\xBF",                                     // U+07FF
      "\xE0\xA0\x80",                                 // U+0800, smallest 3-byte
      "\xE2\x82\xAC",                                 // U+20AC
      "\xED\x9F\xBF",                                 // U+D7FF, just below the surrogates
      "\xEE\x80\x80",                                 // U+E000, just above them
      "\xEF\xBF\xBF",                                 // U+FFFF
      "\xF0\x90\x80\x80",                             // U+10000, smallest 4-byte
      "\xF0\x9F\x98\x80",                             // U+1F600
      "\xF4\x8F\xBF\xBF",                             // U+10FFFF, the largest
      "0123456789abcdef\xC3\xA9xyz0123456789abcdef",  // across the 8-byte fast path
  };
  for (const std::string& cell : good) {
    std::vector<Row> rows = read_all("h\n" + cell + "\n");
    ASSERT_EQ(rows.size(), 2u) << cell;
    EXPECT_EQ(rows[1].cells, Cells{cell});
  }
}

TEST(CsvEncoding, StrictUtf8RejectsEveryIllFormedSequence) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"\x80", "0x80"},              // lone continuation byte
      {"\xBF", "0xBF"},              // lone continuation byte
      {"\xC0\xAF", "0xC0"},          // overlong '/'
      {"\xC1\xBF", "0xC1"},          // overlong
      {"\xE0\x80\xAF", "0xE0"},      // overlong 3-byte
      {"\xE0\x9F\xBF", "0xE0"},      // overlong 3-byte, upper edge
      {"\xF0\x80\x80\xAF", "0xF0"},  // overlong 4-byte
      {"\xF0\x8F\xBF\xBF", "0xF0"},  // overlong 4-byte, upper edge
      {"\xED\xA0\x80", "0xED"},      // U+D800 surrogate
      {"\xED\xBF\xBF", "0xED"},      // U+DFFF surrogate
      {"\xF4\x90\x80\x80", "0xF4"},  // U+110000
      {"\xF5\x80\x80\x80", "0xF5"},  // lead byte beyond U+10FFFF
      {"\xFF", "0xFF"},
      {"\xFE", "0xFE"},
      {"\xC3", "0xC3"},                  // truncated at the end of the cell
      {"\xE2\x82", "0xE2"},              // truncated
      {"\xF0\x9F\x98", "0xF0"},          // truncated
      {"\xC3x", "0xC3"},                 // continuation missing
      {"\xE2\x82x", "0xE2"},             // third byte missing
      {"\xF0\x9F\x98x", "0xF0"},         // fourth byte missing
      {"\xE9t\xE9", "0xE9"},             // Latin-1 "été"
      {"abcdefgh\xC3\xA9\x80", "0x80"},  // after valid text
  };
  for (const auto& [cell, byte] : bad) {
    FileError e = read_error("h,i\nok,\"" + cell + "\"\n");
    EXPECT_EQ(e.code(), "invalid_encoding") << byte;
    EXPECT_EQ(std::string(e.what()), "row 2 is not valid UTF-8 (byte " + byte + " in column 2)");
  }
}

TEST(CsvEncoding, NulByteFailsNamingTheRow) {
  FileError e = read_error(std::string("a,b\nc,d\0e\n", 11));
  EXPECT_EQ(e.code(), "invalid_encoding");
  EXPECT_STREQ(e.what(), "row 2 contains a NUL byte (column 2)");
  EXPECT_NE(e.hint().find("UTF-16"), std::string::npos);
  EXPECT_NE(e.hint().find("CSV UTF-8"), std::string::npos);
}

TEST(CsvEncoding, NulByteAfterNonAsciiIsFound) {
  FileError e = read_error(std::string("h\n\xC3\xA9\0\n", 6));
  EXPECT_STREQ(e.what(), "row 2 contains a NUL byte (column 1)");
}

TEST(CsvEncoding, Utf16WithoutBomShowsAsNulBytes) {
  FileError e = read_error(std::string("n\0a\0m\0e\0\n\0", 10));
  EXPECT_EQ(e.code(), "invalid_encoding");
  EXPECT_STREQ(e.what(), "row 1 contains a NUL byte (column 1)");
}

TEST(CsvEncoding, Utf16BomIsUnsupported) {
  for (std::string bom : {std::string("\xFF\xFE"), std::string("\xFE\xFF")}) {
    FileError e = file_error([&] { CsvReader reader(memory(bom + std::string("n\0a\0", 4)), {}); });
    EXPECT_EQ(e.code(), "unsupported_format");
    EXPECT_STREQ(e.what(), "the file is UTF-16 text, not UTF-8");
    EXPECT_NE(e.hint().find("CSV UTF-8"), std::string::npos);
  }
}

// Latin-1 to UTF-8, recording which cells it was asked to convert.
class Latin1Decoder : public CellDecoder {
 public:
  void to_utf8(std::string& cell, int64_t row) const override {
    calls.emplace_back(row, cell);
    std::string out;
    for (unsigned char c : cell) {
      if (c < 0x80) {
        out += static_cast<char>(c);
      } else {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
    cell = out;
  }
  mutable std::vector<std::pair<int64_t, std::string>> calls;
};

TEST(CsvEncoding, DecoderConvertsNonAsciiCellsOnly) {
  Latin1Decoder decoder;
  ReadOptions opts;
  opts.decoder = &decoder;
  expect_rows(read_all("name;city\n\nRen\xE9;Z\xFCrich\nBob;Oslo\n", opts),
              {{1, {"name", "city"}},
               {2, {}},
               {3, {"Ren\xC3\xA9", "Z\xC3\xBCrich"}},
               {4, {"Bob", "Oslo"}}});
  ASSERT_EQ(decoder.calls.size(), 2u);
  EXPECT_EQ(decoder.calls[0], std::make_pair(int64_t{3}, std::string("Ren\xE9")));
  EXPECT_EQ(decoder.calls[1], std::make_pair(int64_t{3}, std::string("Z\xFCrich")));
}

TEST(CsvEncoding, DecoderErrorsPropagate) {
  struct Failing : CellDecoder {
    void to_utf8(std::string&, int64_t row) const override {
      throw FileError("invalid_encoding", "row " + std::to_string(row) + " has a bad byte");
    }
  } decoder;
  ReadOptions opts;
  opts.decoder = &decoder;
  FileError e = read_error("h\nok\n\xE9\n", opts);
  EXPECT_STREQ(e.what(), "row 3 has a bad byte");
}

TEST(CsvEncoding, DecoderPathStillRejectsNul) {
  Latin1Decoder decoder;
  ReadOptions opts;
  opts.decoder = &decoder;
  FileError e = read_error(std::string("h\n\xE9\0\n", 5), opts);
  EXPECT_STREQ(e.what(), "row 2 contains a NUL byte (column 1)");
  EXPECT_TRUE(decoder.calls.empty());
}

// ---------------------------------------------------------------- limits

TEST(CsvLimits, UnclosedQuoteNamesTheRowWhereItOpened) {
  CsvReader reader(memory("h,i\nx,1\n\n\"abc,def\nmore,2\nrest,3\n"), {});
  Row row;
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(reader.next(row));
  FileError e = file_error([&] { reader.next(row); });
  EXPECT_EQ(e.code(), "malformed_csv");
  EXPECT_STREQ(e.what(), "row 4 has a quote that is never closed");
  EXPECT_FALSE(e.hint().empty());
  // The error sticks: the reader doesn't pretend the file ended well.
  EXPECT_THROW(reader.next(row), FileError);
}

TEST(CsvLimits, UnclosedQuoteAfterDoubledQuote) {
  EXPECT_STREQ(read_error("h\n\"ab\"\"").what(), "row 2 has a quote that is never closed");
  EXPECT_STREQ(read_error("h\nx,\"").what(), "row 2 has a quote that is never closed");
  // A closing quote right at the end of the file is fine.
  expect_rows(read_all("h\n\"ab\"\"c\""), {{1, {"h"}}, {2, {"ab\"c"}}});
}

TEST(CsvLimits, CellTooLargeNamesTheRow) {
  ReadOptions opts;
  opts.max_cell_bytes = 1000;
  std::string ok(1000, 'x');
  expect_rows(read_all("h\n" + ok + "\n\"" + ok + "\"\n", opts),
              {{1, {"h"}}, {2, {ok}}, {3, {ok}}});

  FileError e = read_error("h\n\n" + ok + "y\n", opts);
  EXPECT_EQ(e.code(), "cell_too_large");
  EXPECT_STREQ(e.what(), "row 3 has a cell longer than 1000 bytes");
  EXPECT_NE(e.hint().find("never closed"), std::string::npos);

  e = read_error("h\n\"" + ok + "y\"\n", opts);
  EXPECT_STREQ(e.what(), "row 2 has a cell longer than 1000 bytes");
}

TEST(CsvLimits, DefaultLimitIsOneMiB) {
  std::string ok(1 << 20, 'x');
  std::vector<Row> rows = read_all("h\n" + ok + "\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].cells[0].size(), ok.size());
  FileError e = read_error("h\nx,\"" + ok + "y\"\n");
  EXPECT_EQ(e.code(), "cell_too_large");
  EXPECT_STREQ(e.what(), "row 2 has a cell longer than 1 MiB");
}

TEST(CsvLimits, RunawayQuoteStopsReadingSoonAfterTheLimit) {
  // An unclosed quote followed by 256 MiB: the reader must give up near the
  // limit instead of buffering the rest of the file.
  auto source = std::make_unique<EndlessSource>("h\nok\n\"", 'x', size_t{256} << 20);
  EndlessSource* raw = source.get();
  CsvReader reader(std::move(source), {});
  Row row;
  ASSERT_TRUE(reader.next(row));
  ASSERT_TRUE(reader.next(row));
  FileError e = file_error([&] { reader.next(row); });
  EXPECT_EQ(e.code(), "cell_too_large");
  EXPECT_STREQ(e.what(), "row 3 has a cell longer than 1 MiB");
  EXPECT_LT(raw->served(), (size_t{1} << 20) + (size_t{512} << 10));
}

TEST(CsvLimits, RunawayUnquotedCellIsBoundedToo) {
  auto source = std::make_unique<EndlessSource>("h\n", 'x', size_t{64} << 20);
  EndlessSource* raw = source.get();
  CsvReader reader(std::move(source), {});
  FileError e = file_error([&] { read_all(reader); });
  EXPECT_STREQ(e.what(), "row 2 has a cell longer than 1 MiB");
  EXPECT_LT(raw->served(), (size_t{1} << 20) + (size_t{512} << 10));
}

// ---------------------------------------------------------------- sources

class CsvFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/csv_reader_test_XXXXXX";
    int fd = mkstemp(tmpl);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = tmpl;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void write(const std::string& text) {
    FILE* f = std::fopen(path_.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(text.data(), 1, text.size(), f), text.size());
    std::fclose(f);
  }
  std::string path_;
};

TEST_F(CsvFile, ReadsAFileOnDisk) {
  write("\xEF\xBB\xBFname;phone\r\n\"Ann\r\nLee\";555\r\n\r\nBob;666");
  Input in;
  in.path = path_;
  CsvReader reader(open_bytes(in), {});
  EXPECT_EQ(reader.delimiter(), ';');
  expect_rows(read_all(reader),
              {{1, {"name", "phone"}}, {2, {"Ann\r\nLee", "555"}}, {3, {}}, {4, {"Bob", "666"}}});
}

TEST_F(CsvFile, LargeFileOnDiskStreams) {
  std::string text = "id,note\n";
  for (int i = 2; i <= 50000; ++i)
    text += std::to_string(i) + ",\"n,\"\"" + std::to_string(i) + "\"\"\"\n";
  write(text);
  Input in;
  in.path = path_;
  CsvReader reader(open_bytes(in), {});
  Row row;
  int64_t expected = 0;
  while (reader.next(row)) {
    ++expected;
    ASSERT_EQ(row.number, expected);
    if (expected > 1) {
      ASSERT_EQ(row.cells[0], std::to_string(expected));
      ASSERT_EQ(row.cells[1], "n,\"" + std::to_string(expected) + "\"");
    }
  }
  EXPECT_EQ(expected, 50000);
}

TEST_F(CsvFile, MissingFileIsUnreadable) {
  Input in;
  in.path = path_ + ".missing";
  FileError e = file_error([&] { open_bytes(in); });
  EXPECT_EQ(e.code(), "file_unreadable");
  EXPECT_EQ(std::string(e.what()),
            "could not open file \"" + in.path + "\": No such file or directory");
  EXPECT_FALSE(e.hint().empty());
}

TEST(CsvSource, DirectoryIsNotARegularFile) {
  Input in;
  in.path = "/tmp";
  FileError e = file_error([&] { CsvReader reader(open_bytes(in), {}); });
  EXPECT_EQ(e.code(), "not_a_regular_file");
  EXPECT_EQ(std::string(e.what()), "\"/tmp\" is a directory");
}

TEST(CsvSource, MemorySourceServesBytesInPieces) {
  std::string text = "hello world";
  Input in;
  in.data = text.data();
  in.size = text.size();
  auto src = open_bytes(in);
  char buf[4];
  std::string got;
  size_t n;
  while ((n = src->read(buf, sizeof buf)) > 0) got.append(buf, n);
  EXPECT_EQ(got, text);
  EXPECT_EQ(src->read(buf, sizeof buf), 0u);
}

// ---------------------------------------------------------------- streaming

// Row i (2-based) of a generated file: quoted cells with CRLF, delimiters and
// doubled quotes, and every 1000th row blank.
Cells generated_row(int64_t i) {
  if (i % 1000 == 0) return {};
  std::string n = std::to_string(i);
  return {n, "Name " + n + "\r\nline 2, \"quoted\"", " +1 555 " + n + " ", "caf\xC3\xA9 " + n};
}

std::string csv_quote(const std::string& cell) {
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string generated_file(int64_t rows) {
  std::string text = "id,name,phone,city\r\n";
  for (int64_t i = 2; i <= rows; ++i) {
    Cells cells = generated_row(i);
    for (size_t k = 0; k < cells.size(); ++k) {
      if (k) text += ',';
      text += k == 1 ? csv_quote(cells[k]) : cells[k];
    }
    text += "\r\n";
  }
  return text;
}

void expect_generated(CsvReader& reader, int64_t rows) {
  Row row;
  ASSERT_TRUE(reader.next(row));
  EXPECT_EQ(row.cells, (Cells{"id", "name", "phone", "city"}));
  for (int64_t i = 2; i <= rows; ++i) {
    ASSERT_TRUE(reader.next(row)) << "row " << i;
    ASSERT_EQ(row.number, i);
    ASSERT_EQ(row.cells, generated_row(i)) << "row " << i;
  }
  EXPECT_FALSE(reader.next(row));
}

TEST(CsvStreaming, TwoHundredThousandRowsAcrossChunkBoundaries) {
  const int64_t rows = 200000;
  std::string text = generated_file(rows);
  ASSERT_GT(text.size(), size_t{8} << 20);  // many chunks
  // Odd-sized reads put boundaries inside quoted cells, CRLF pairs and
  // multi-byte characters.
  CsvReader reader(std::make_unique<PieceSource>(text, 4099), {});
  EXPECT_EQ(reader.delimiter(), ',');
  expect_generated(reader, rows);
}

TEST(CsvStreaming, EveryByteIsAChunkBoundary) {
  // After the first chunk, the source yields one byte per read: every
  // position past it is a boundary, including inside "" and \r\n.
  const int64_t rows = 6000;  // about 450 KiB, well past the first chunk
  std::string text = generated_file(rows);
  CsvReader reader(std::make_unique<PieceSource>(text, 1), {});
  expect_generated(reader, rows);
}

TEST(CsvStreaming, BlankLinesAndQuotedBreaksSplitAnywhere) {
  const std::string tricky = "h,n\r\n\r\n\"a\r\n\"\"b\"\"\",1\r\r\n\n\"\",\"\r\"\r\nx,\"y\"";
  const std::vector<std::pair<int64_t, Cells>> expected = {
      {1, {"h", "n"}}, {2, {}},         {3, {"a\r\n\"b\"", "1"}}, {4, {}},
      {5, {}},         {6, {"", "\r"}}, {7, {"x", "y"}}};
  expect_rows(read_all(tricky), expected);

  // The reader fills its first chunk completely, so the tricky part goes
  // after filler longer than any chunk; from there on each small read is a
  // boundary.
  const int64_t filler_rows = 40000;
  std::string filler;
  for (int64_t i = 0; i < filler_rows; ++i) filler += "filler,row\n";
  for (size_t piece : {1, 2, 3, 7}) {
    std::vector<Row> rows = read_pieces(filler + tricky, piece);
    ASSERT_EQ(rows.size(), filler_rows + expected.size()) << "piece " << piece;
    for (size_t i = 0; i < expected.size(); ++i) {
      const Row& row = rows[filler_rows + i];
      EXPECT_EQ(row.number, filler_rows + expected[i].first) << "piece " << piece;
      EXPECT_EQ(row.cells, expected[i].second) << "piece " << piece;
    }
  }
}

TEST(CsvStreaming, InvalidUtf8DeepInTheFileNamesTheRightRow) {
  std::string text = generated_file(150000);
  // Corrupt the é of row 123457.
  std::string needle = "caf\xC3\xA9 123457\r\n";
  size_t at = text.find(needle);
  ASSERT_NE(at, std::string::npos);
  text[at + 3] = '\xE9';
  text[at + 4] = ' ';
  FileError e = file_error([&] {
    CsvReader reader(std::make_unique<PieceSource>(text, 65537), {});
    read_all(reader);
  });
  EXPECT_STREQ(e.what(), "row 123457 is not valid UTF-8 (byte 0xE9 in column 4)");
}

}  // namespace
}  // namespace leadimport
