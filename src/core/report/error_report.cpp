#include "core/report/error_report.hpp"

#include <nlohmann/json.hpp>

#include <unordered_set>

#include "core/map/header_names.hpp"

namespace leadimport {

std::vector<std::string> report_cell_columns(const std::vector<std::string>& headers,
                                             size_t widest_row) {
  std::vector<std::string> out = headers;
  if (widest_row <= headers.size()) return out;
  std::unordered_set<std::string> taken(headers.begin(), headers.end());
  out.reserve(widest_row);
  for (size_t i = headers.size(); i < widest_row; ++i) {
    std::string base = "column_" + std::to_string(i + 1);
    std::string name = base;
    // A file whose header already says "column_7": a suffix. Each name
    // taken fails one probe at most, so all the probes stay linear.
    for (int k = 2; !taken.insert(name).second; ++k) name = base + " (" + std::to_string(k) + ")";
    out.push_back(std::move(name));
  }
  return out;
}

ErrorReport::ErrorReport(std::vector<std::string> headers, size_t widest_row) {
  std::vector<std::string> columns = report_cell_columns(headers, widest_row);
  width_ = columns.size();
  for (const auto& h : columns) csv_.cell(h);
  for (const char* h : kReportColumns) csv_.cell(h);
  csv_.end_row();
}

namespace {
std::string join(const std::vector<Problem>& ps, std::string Problem::*field, const char* sep) {
  std::string out;
  for (const auto& p : ps) {
    const std::string& v = p.*field;
    if (v.empty()) continue;
    if (!out.empty()) out += sep;
    out += v;
  }
  return out;
}
}  // namespace

void ErrorReport::add_file_error(const std::string& code, const std::string& message,
                                 const std::string& hint) {
  for (size_t i = 0; i < width_; ++i) csv_.cell("");
  csv_.cell("");  // error_row: the file as a whole (the message names a row where it can)
  csv_.cell("");  // error_column
  csv_.cell(code);
  csv_.cell(message);
  csv_.cell(hint);
  csv_.end_row();
}

void ErrorReport::add_row(int64_t row_number, const std::string& row_data_json,
                          const std::vector<Problem>& problems) {
  nlohmann::json data = nlohmann::json::parse(row_data_json, nullptr, false);
  // The cells by position, those beyond the header too; a row shorter than
  // the report's columns has empty cells.
  for (size_t i = 0; i < width_; ++i) {
    if (data.is_array() && i < data.size() && data[i].is_string())
      csv_.cell(data[i].get_ref<const std::string&>());
    else
      csv_.cell("");
  }
  csv_.cell(std::to_string(row_number));
  csv_.cell(join(problems, &Problem::column, "; "));
  csv_.cell(join(problems, &Problem::code, "; "));
  csv_.cell(join(problems, &Problem::message, "; "));
  csv_.cell(join(problems, &Problem::hint, " "));
  csv_.end_row();
}

}  // namespace leadimport
