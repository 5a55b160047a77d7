#include "core/report/error_report.hpp"

#include <nlohmann/json.hpp>

#include "core/map/header_names.hpp"

namespace leadimport {

ErrorReport::ErrorReport(std::vector<std::string> headers) : headers_(std::move(headers)) {
  for (const auto& h : headers_) csv_.cell(h);
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

void ErrorReport::add_row(int64_t row_number, const std::string& row_data_json,
                          const std::vector<Problem>& problems) {
  nlohmann::json data = nlohmann::json::parse(row_data_json, nullptr, false);
  // The cells by position; a row shorter than the header has empty cells.
  // Cells beyond the header have no column in the report: the extra_cells
  // problem quotes the first of them.
  for (size_t i = 0; i < headers_.size(); ++i) {
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
