#include "core/report/sample_file.hpp"

#include <algorithm>

#include "core/report/csv_writer.hpp"

namespace leadimport {

namespace {

// Fictional numbers (555-01xx in North America, Ofcom's drama range in the
// UK) that libphonenumber accepts as valid, so the template imports as is.
const char* const kPhones[] = {
    "+12025550101", "+12025550102", "+12025550103", "+12025550104", "+12025550105", "+12025550106",
    "+12025550107", "+12025550108", "+12025550109", "+12025550110", "+12025550111", "+12025550112",
    "+12025550113", "+12025550114", "+12025550115", "+12025550116", "+12025550117", "+12025550118",
    "+12025550119", "+12025550120", "+12025550121", "+12025550122"};

// The first `max` characters of an ASCII example.
std::string fit(std::string s, const VariableSpec& v) {
  if (v.max_length && static_cast<int>(s.size()) > *v.max_length) s.resize(*v.max_length);
  while (!s.empty() && s.back() == ' ') s.pop_back();  // "Ada Lovelace" cut to 4 is "Ada"
  return s;
}

std::string example_text(const VariableSpec& v, int row) {
  std::string n = v.name;
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::tolower(c); });
  const char* value = row == 0 ? "Example" : "Sample";
  if (n.find("email") != std::string::npos)
    value = row == 0 ? "ada@example.com" : "alan@example.com";
  else if (n.find("first") != std::string::npos)
    value = row == 0 ? "Ada" : "Alan";
  else if (n.find("last") != std::string::npos || n.find("surname") != std::string::npos)
    value = row == 0 ? "Lovelace" : "Turing";
  else if (n.find("name") != std::string::npos)
    value = row == 0 ? "Ada Lovelace" : "Alan Turing";
  else if (n.find("company") != std::string::npos)
    value = row == 0 ? "Analytical Engines Ltd" : "Bletchley Park";
  else if (n.find("city") != std::string::npos)
    value = row == 0 ? "London" : "Manchester";
  return fit(value, v);
}

std::string example(const VariableSpec& v, int row) {
  switch (v.type) {
    case VarType::number:
      return fit(row == 0 ? "42" : "7", v);
    case VarType::boolean: {
      std::string b = row == 0 ? "true" : "false";
      if (v.max_length && *v.max_length < static_cast<int>(b.size())) b = row == 0 ? "y" : "n";
      return b;
    }
    case VarType::text:
      break;
  }
  return example_text(v, row);
}

}  // namespace

std::string sample_file(const std::vector<VariableSpec>& vars, int secondary_contacts) {
  CsvWriter csv;
  csv.cell("phone_number");
  for (const auto& v : vars) csv.cell(v.name);
  for (int s = 1; s <= secondary_contacts; s++) {
    csv.cell("secondary_phone_" + std::to_string(s));
    for (const auto& v : vars) csv.cell("secondary_" + std::to_string(s) + "_" + v.name);
  }
  csv.end_row();
  int phone = 0;
  for (int row = 0; row < 2; row++) {
    csv.cell(kPhones[phone++]);
    for (const auto& v : vars) csv.cell(example(v, row));
    for (int s = 1; s <= secondary_contacts; s++) {
      csv.cell(kPhones[phone++]);
      for (const auto& v : vars) csv.cell(example(v, row));
    }
    csv.end_row();
  }
  return csv.take();
}

}  // namespace leadimport
