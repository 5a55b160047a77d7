// Header-name normalisation and the synonyms used to detect a mapping.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace leadimport {

// Lower-case ASCII letters and digits only: "Phone Number " -> "phonenumber",
// "Secondary_Phone-1" -> "secondaryphone1". Non-ASCII letters are kept as is.
std::string normalize_header(std::string_view header);

// True when the normalised header names a primary phone column.
bool is_phone_header(const std::string& normalized);

// Gives duplicate header names a suffix (" (2)", " (3)") and empty names
// "column_N", so every column has a unique key in row_data and mappings.
std::vector<std::string> unique_headers(const std::vector<std::string>& headers);

// The error report's own columns, in the order it writes them after the
// file's columns (report/error_report.cpp).
extern const std::array<const char*, 5> kReportColumns;

// True when `header` names one of kReportColumns (compared normalised): a
// corrected report is re-imported without them.
bool is_report_column(const std::string& header);

}  // namespace leadimport
