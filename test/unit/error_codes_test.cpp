// The registry of error codes (src/core/error_codes.hpp) against the README's
// "Error codes" tables: both name exactly the same row and file codes, with the
// same meaning.
#include "core/error_codes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace leadimport;

namespace {

// One table row of the README: its codes (more than one when the row reads
// "`a` / `b`") and its meaning column, backticks removed.
struct ReadmeRow {
  std::vector<std::string> codes;
  std::string meaning;
};

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string without_backticks(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '`'), s.end());
  return s;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  std::getline(in, cell, '|');  // before the first '|'
  while (std::getline(in, cell, '|')) out.push_back(trim(cell));
  if (!out.empty() && out.back().empty()) out.pop_back();  // after the last '|'
  return out;
}

std::vector<std::string> backticked(const std::string& cell) {
  std::vector<std::string> out;
  for (size_t at = cell.find('`'); at != std::string::npos;) {
    size_t end = cell.find('`', at + 1);
    if (end == std::string::npos) break;
    out.push_back(cell.substr(at + 1, end - at - 1));
    at = cell.find('`', end + 1);
  }
  return out;
}

// The README's "## Error codes" section: the table after the paragraph that
// starts with "Row errors" and the one after "File errors".
std::map<ErrorKind, std::vector<ReadmeRow>> readme_tables() {
  std::ifstream file(README_PATH);
  EXPECT_TRUE(file) << "can't open " << README_PATH;
  std::map<ErrorKind, std::vector<ReadmeRow>> tables;
  std::string line;
  bool in_section = false;
  const ErrorKind* kind = nullptr;
  static constexpr ErrorKind kRow = ErrorKind::row, kFile = ErrorKind::file;
  while (std::getline(file, line)) {
    if (line.rfind("## ", 0) == 0) {
      in_section = line == "## Error codes";
      kind = nullptr;
      continue;
    }
    if (!in_section) continue;
    if (line.rfind("Row errors", 0) == 0) {
      kind = &kRow;
    } else if (line.rfind("File errors", 0) == 0) {
      kind = &kFile;
    } else if (kind && line.rfind("|", 0) == 0) {
      std::vector<std::string> row = cells(line);
      if (row.size() < 2 || row[0] == "code" || row[0].rfind("---", 0) == 0) continue;
      tables[*kind].push_back(ReadmeRow{backticked(row[0]), without_backticks(row[1])});
    } else if (kind && !trim(line).empty() && !tables[*kind].empty()) {
      kind = nullptr;  // the table ended
    }
  }
  return tables;
}

std::set<std::string> registry_codes(ErrorKind kind) {
  std::set<std::string> out;
  for (const ErrorCode* e : kErrorCodes)
    if (e->kind == kind) out.insert(e->code);
  return out;
}

std::set<std::string> readme_codes(const std::vector<ReadmeRow>& rows) {
  std::set<std::string> out;
  for (const ReadmeRow& r : rows) out.insert(r.codes.begin(), r.codes.end());
  return out;
}

std::string missing(const std::set<std::string>& from, const std::set<std::string>& in) {
  std::string out;
  for (const std::string& c : from)
    if (!in.count(c)) out += (out.empty() ? "" : ", ") + c;
  return out;
}

}  // namespace

TEST(ErrorCodes, ConstantsCarryTheirOwnName) {
  static_assert(std::string_view(codes::phone_missing.code) == "phone_missing");
  static_assert(codes::phone_missing.kind == ErrorKind::row);
  static_assert(codes::corrupt_file.kind == ErrorKind::file);
  EXPECT_EQ(find_error_code("duplicate_in_file"), &codes::duplicate_in_file);
  EXPECT_EQ(find_error_code("role_not_allowed"), &codes::role_not_allowed);
  EXPECT_EQ(find_error_code("no_such_code"), nullptr);
}

TEST(ErrorCodes, EveryCodeIsUniqueWithAMeaning) {
  std::set<std::string> seen;
  for (const ErrorCode* e : kErrorCodes) {
    std::string code = e->code;
    EXPECT_TRUE(seen.insert(code).second) << code << " is listed twice";
    EXPECT_FALSE(code.empty());
    EXPECT_EQ(code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string::npos) << code;
    EXPECT_STRNE(e->meaning, "") << code;
    ASSERT_NE(e->hint, nullptr) << code;
    std::string hint = e->hint;
    if (!hint.empty()) {
      EXPECT_EQ(hint.back(), '.') << code << ": a hint is a sentence";
    }
  }
  EXPECT_EQ(registry_codes(ErrorKind::row).size(), 17u);
  EXPECT_EQ(registry_codes(ErrorKind::file).size(), 22u);
}

TEST(ErrorCodes, ReadmeListsExactlyTheRegistrysCodes) {
  auto tables = readme_tables();
  for (ErrorKind kind : {ErrorKind::row, ErrorKind::file}) {
    const char* name = kind == ErrorKind::row ? "Row errors" : "File errors";
    ASSERT_FALSE(tables[kind].empty()) << "README.md has no \"" << name << "\" table";
    std::set<std::string> readme = readme_codes(tables[kind]);
    std::set<std::string> registry = registry_codes(kind);
    EXPECT_EQ(missing(registry, readme), "")
        << "in src/core/error_codes.hpp but not in README.md's " << name << " table";
    EXPECT_EQ(missing(readme, registry), "")
        << "in README.md's " << name << " table but not (as that kind) in src/core/error_codes.hpp";
  }
}

TEST(ErrorCodes, ReadmeGivesTheRegistrysMeanings) {
  auto tables = readme_tables();
  size_t compared = 0;
  for (const auto& [kind, rows] : tables) {
    for (const ReadmeRow& row : rows) {
      // "`phone_too_short` / `phone_too_long` | too few / too many digits"
      // shares one meaning between two codes: not comparable one by one.
      if (row.codes.size() != 1) continue;
      const ErrorCode* e = find_error_code(row.codes[0]);
      if (!e) continue;  // reported by ReadmeListsExactlyTheRegistrysCodes
      EXPECT_EQ(row.meaning, e->meaning) << row.codes[0];
      ++compared;
    }
  }
  EXPECT_GE(compared, 30u);
}
