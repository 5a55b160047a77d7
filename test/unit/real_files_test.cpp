// The differential test of issue 11: real-world files from public test suites
// (test/fixtures/real/README.md lists each one, its source and licence), read
// through the import's own reader entry point and compared cell by cell with
// what independent readers (Python's csv, openpyxl, xlrd) found in them
// (<file>.expected.json, written by make_expected.py; the test never runs
// Python).
//
// A file on known_differences.txt is a difference someone is fixing: the test
// reports it as skipped, with its reason, while it still differs, and fails
// once it matches (so the list only ever shrinks). Every other file must
// match exactly.
#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/options.hpp"
#include "core/read/input.hpp"

namespace leadimport {
namespace {

namespace fs = std::filesystem;
using Cells = std::vector<std::string>;

const fs::path kDir = fs::path(FIXTURES_DIR) / "real";

std::string slurp(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

bool is_fixture(const fs::path& p) {
  std::string ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".csv" || ext == ".tsv" || ext == ".xlsx" || ext == ".xlsm" || ext == ".xls";
}

std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kDir, ec))
    if (e.is_regular_file() && is_fixture(e.path())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// known_differences.txt: "<file> <reason>" a line; '#' starts a comment.
std::map<std::string, std::string> known_differences() {
  std::map<std::string, std::string> known;
  std::istringstream in(slurp(kDir / "known_differences.txt"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find_first_of(" \t");
    std::string name = line.substr(0, space);
    std::string reason =
        space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
    known[name] = reason;
  }
  return known;
}

// The "encoding" option without PostgreSQL (the import uses pg::make_decoder):
// glibc's iconv, under the iconv names of the PostgreSQL encodings used here.
class IconvDecoder : public CellDecoder {
 public:
  explicit IconvDecoder(const std::string& pg_name) {
    static const std::map<std::string, std::string> names = {{"LATIN1", "ISO-8859-1"},
                                                             {"WIN1252", "CP1252"},
                                                             {"WINDOWS1252", "CP1252"},
                                                             {"ISO_8859_7", "ISO-8859-7"}};
    auto it = names.find(pg_name);
    if (it == names.end()) throw UsageError("the test knows no encoding \"" + pg_name + "\"");
    cd_ = iconv_open("UTF-8", it->second.c_str());
    if (cd_ == reinterpret_cast<iconv_t>(-1)) throw UsageError("iconv_open " + it->second);
  }
  ~IconvDecoder() override { iconv_close(cd_); }
  IconvDecoder(const IconvDecoder&) = delete;
  IconvDecoder& operator=(const IconvDecoder&) = delete;

  void to_utf8(std::string& cell, int64_t row) const override {
    std::string out(cell.size() * 4 + 4, '\0');
    char* in = cell.data();
    size_t in_left = cell.size();
    char* o = out.data();
    size_t out_left = out.size();
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);
    if (iconv(cd_, &in, &in_left, &o, &out_left) == static_cast<size_t>(-1))
      throw FileError("invalid_encoding", "row " + std::to_string(row) + ": not valid");
    out.resize(out.size() - out_left);
    cell = out;
  }

 private:
  iconv_t cd_;
};

// What leadimport read: rows by their number, or the error code.
struct Got {
  std::string error;  // the FileError's code; "" when the file was read
  std::string message;
  std::map<int64_t, Cells> rows;
};

// Reads a fixture as the import does (src/import/file_source.cpp): options
// parsed by the import's own parser, format detected from the name and bytes,
// the reader factory.
Got read_fixture(const std::string& name) {
  Got got;
  std::string options = "{}";
  if (fs::exists(kDir / (name + ".options.json"))) options = slurp(kDir / (name + ".options.json"));
  try {
    ImportOptions opts = parse_options(options);
    Input in;
    in.path = (kDir / name).string();
    in.file_name = name;
    Format f = detect_format(in, opts.format);
    std::unique_ptr<CellDecoder> decoder;
    if (f == Format::csv && !opts.encoding.empty() && opts.encoding != "UTF8")
      decoder = std::make_unique<IconvDecoder>(opts.encoding);
    ReadOptions ro;
    ro.delimiter = opts.delimiter;
    ro.sheet = opts.sheet;
    ro.decoder = decoder.get();
    auto rows = open_rows(in, f, ro);
    Row r;
    while (rows->next(r)) got.rows[r.number] = r.cells;
  } catch (const FileError& e) {
    got.error = e.code();
    got.message = e.what();
  } catch (const std::exception& e) {
    got.error = "exception";
    got.message = e.what();
  }
  return got;
}

std::string column_name(size_t index) {  // 0 → A, 26 → AA
  std::string s;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), char('A' + (n - 1) % 26));
  return s;
}

std::string json_text(const std::string& s) { return nlohmann::json(s).dump(); }

// Every difference between the expected JSON and what was read, one a line
// (at most `limit`, then a count).
std::vector<std::string> differences(const nlohmann::json& expected, const Got& got) {
  std::vector<std::string> out;
  if (expected.contains("error")) {
    std::string want = expected["error"];
    if (got.error != want)
      out.push_back("expected the error " + want + ", got " +
                    (got.error.empty() ? "rows" : got.error + " (" + got.message + ")"));
    return out;
  }
  if (!got.error.empty()) {
    out.push_back("expected rows, got the error " + got.error + " (" + got.message + ")");
    return out;
  }
  const auto& rows = expected["rows"];
  int64_t last = static_cast<int64_t>(rows.size());
  if (!got.rows.empty()) last = std::max(last, got.rows.rbegin()->first);
  static const Cells kNone;
  for (int64_t n = 1; n <= last; ++n) {
    Cells want = n <= static_cast<int64_t>(rows.size()) ? rows[n - 1].get<Cells>() : Cells{};
    auto it = got.rows.find(n);
    const Cells& have = it == got.rows.end() ? kNone : it->second;
    if (want == have) continue;
    size_t width = std::max(want.size(), have.size());
    for (size_t c = 0; c < width; ++c) {
      bool in_want = c < want.size(), in_have = c < have.size();
      if (in_want && in_have && want[c] == have[c]) continue;
      out.push_back("row " + std::to_string(n) + ", column " + std::to_string(c + 1) + " (" +
                    column_name(c) + "): expected " + (in_want ? json_text(want[c]) : "no cell") +
                    ", got " + (in_have ? json_text(have[c]) : "no cell"));
    }
  }
  return out;
}

std::string test_name(const std::string& file) {
  std::string s;
  for (char c : file) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s;
}

class RealFile : public ::testing::TestWithParam<std::string> {};

TEST_P(RealFile, MatchesIndependentReader) {
  const std::string name = GetParam();
  fs::path expected_path = kDir / (name + ".expected.json");
  ASSERT_TRUE(fs::exists(expected_path))
      << name << " has no expected cells: run test/fixtures/real/make_expected.py";
  nlohmann::json expected = nlohmann::json::parse(slurp(expected_path));
  std::vector<std::string> diffs = differences(expected, read_fixture(name));

  auto known = known_differences();
  auto k = known.find(name);
  std::string report;
  const size_t kShown = 20;
  for (size_t i = 0; i < diffs.size() && i < kShown; ++i) report += "\n  " + diffs[i];
  if (diffs.size() > kShown)
    report += "\n  ... " + std::to_string(diffs.size() - kShown) + " more differences";

  if (k != known.end()) {
    EXPECT_FALSE(diffs.empty()) << name << " now matches its expected cells: remove its line ("
                                << k->second << ") from test/fixtures/real/known_differences.txt";
    if (!diffs.empty()) GTEST_SKIP() << "known difference: " << k->second << report;
    return;
  }
  EXPECT_TRUE(diffs.empty()) << name << " differs from " << name << ".expected.json:" << report;
}

INSTANTIATE_TEST_SUITE_P(Corpus, RealFile, ::testing::ValuesIn(fixture_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return test_name(info.param);
                         });

// The corpus is there and every entry of the known list names a fixture.
TEST(RealFiles, CorpusAndKnownListAreConsistent) {
  auto names = fixture_names();
  EXPECT_GE(names.size(), 40u) << "test/fixtures/real/ lost its files";
  for (const auto& [name, reason] : known_differences()) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end())
        << "known_differences.txt names " << name << ", which is no fixture";
    EXPECT_FALSE(reason.empty()) << name << " is on known_differences.txt without a reason";
  }
}

}  // namespace
}  // namespace leadimport
