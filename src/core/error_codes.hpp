// Every error code leadimport writes, in one list: the row codes of
// leadimport.import_errors.code (a row is reported, the import goes on) and the
// file codes of leadimport.imports.error_code (a FileError, or the worker's
// own verdict: the import is failed and imports nothing).
//
// Code writes a code through its constant, codes::phone_missing.code, never as
// a string literal, so a misspelt code does not compile. Each entry carries the
// meaning the README's "Error codes" tables give (test/unit/error_codes_test.cpp
// checks that those tables list exactly these codes, with these meanings) and,
// where every place that reports the code gives the same hint, that hint. A
// message names the data (a row, a value, a column) and is built where the
// problem is found; so is a hint that names data.
#pragma once

#include <string_view>

namespace leadimport {

enum class ErrorKind {
  row,   // leadimport.import_errors.code: one row is rejected
  file,  // leadimport.imports.error_code: the import fails as a whole
};

struct ErrorCode {
  const char* code;  // the stable name, e.g. "phone_missing"
  ErrorKind kind;
  const char* meaning;  // what it means, as the README's table says it
  const char* hint;     // the hint every report of it carries, or "" when it names data
};

// X(name, kind, meaning, fixed hint) for every code, in the README's order.
// Adding a code: add it here and to the README's table (the unit test fails
// until both agree).
#define LEADIMPORT_ERROR_CODES(X)                                                                \
  /* Row errors */                                                                               \
  X(phone_missing, row, "the phone cell is empty",                                               \
    "Fill in the phone number, with its country code (e.g. +14155551234).")                      \
  X(phone_not_a_number, row, "the cell has no phone number in it",                               \
    "Write only the phone number in the cell, with its country code (e.g. +14155551234); "       \
    "put notes in another column.")                                                              \
  X(phone_missing_country_code, row, "international format, no +/00, not recoverable",           \
    "Write it as +<country code> followed by the number (e.g. +14155551234), or set "            \
    "{\"phone_format\": \"national\", \"country\": \"US\"} to read numbers without a "           \
    "country code as that country's numbers.")                                                   \
  X(phone_invalid_country_code, row, "unknown country code after +",                             \
    "Check the digits after the +: they must start with a country calling code, such as "        \
    "1 (US, Canada), 44 (United Kingdom) or 49 (Germany).")                                      \
  X(phone_too_short, row, "too few digits",                                                      \
    "Check for missing digits; a number needs its area code (and, in international "             \
    "format, its country code).")                                                                \
  X(phone_too_long, row, "too many digits",                                                      \
    "Check for extra digits, or for more than one number in the cell.")                          \
  X(phone_invalid, row, "parses, but is not a valid number of its region",                       \
    "Check the number for a typo: its area code or length does not match the "                   \
    "country's numbering plan.")                                                                 \
  X(duplicate_in_file, row, "the number appears in an earlier accepted row",                     \
    "Remove one of the two rows, or correct the number if it is a typo.")                        \
  X(duplicate_in_campaign, row, "the campaign already has a lead with this number",              \
    "Remove the row: the campaign already calls this number.")                                   \
  X(required_missing, row, "a required variable is empty and has no default", "")                \
  X(invalid_number, row, "a number variable that does not parse", "")                            \
  X(invalid_boolean, row, "a boolean variable that does not parse", "")                          \
  X(too_long, row, "more characters than max_length", "")                                        \
  X(secondary_phone_missing, row,                                                                \
    "a secondary contact's variable has a value but its phone is empty", "")                     \
  X(secondary_same_as_primary, row, "a secondary number equals the primary", "")                 \
  X(secondary_duplicate, row, "two secondary contacts of the row share a number", "")            \
  X(extra_cells, row, "a non-empty cell beyond the header's columns",                            \
    "Remove the extra cells or add a header for them.")                                          \
  /* File errors */                                                                              \
  X(empty_file, file, "no header row", "")                                                       \
  X(no_data_rows, file, "a header but no data rows", "Add the leads below the header row.")      \
  X(no_phone_column, file, "no column could be the phone number",                                \
    "Name the phone column \"phone_number\", or pass {\"mapping\": "                             \
    "{\"phone_number\": \"<header>\"}} in the options.")                                         \
  X(mapping_column_missing, file, "the mapping names a column the file does not have",           \
    "Use the file's header names in the mapping, exactly as they appear in the "                 \
    "header row, or leave the mapping out to have it detected.")                                 \
  X(required_column_missing, file, "a required variable has no column and no default", "")       \
  X(secondary_columns_unused, file,                                                              \
    "the header has more secondary contacts than an explicit secondary_contacts", "")            \
  X(invalid_encoding, file, "not valid UTF-8 (or the given encoding); names the first bad row",  \
    "")                                                                                          \
  X(malformed_csv, file, "a quote that is never closed (names the row)",                         \
    "Check that row for a stray \" character: a quoted cell must end with a quote, "             \
    "and quotes inside it must be doubled (\"\").")                                              \
  X(cell_too_large, file, "a cell over 1 MiB (usually an unclosed quote)", "")                   \
  X(unsupported_format, file, "not CSV/xlsx/xls, a name/contents mismatch, UTF-16 text", "")     \
  X(corrupt_file, file,                                                                          \
    "a truncated or damaged workbook, XML with a DOCTYPE (entity expansion), an .xls with "      \
    "more than 8,192 cell formats (XF)",                                                         \
    "")                                                                                          \
  X(file_too_large, file,                                                                        \
    "a workbook over the inflation limits (zip bomb), an .xls over 32 MiB or 4 Mi cells, "       \
    "shared strings over 64 MiB or 4 Mi entries",                                                \
    "")                                                                                          \
  X(row_too_large, file, "a row with more than 16 MiB of text, any format",                      \
    "Shorten the row's cells, or remove columns from the file.")                                 \
  X(too_many_columns, file,                                                                      \
    "a row with more than 16,384 cells (Excel's limit), any format — in CSV usually a run of " \
    "stray delimiters",                                                                          \
    "")                                                                                          \
  X(not_a_regular_file, file, "import_file of a directory, device (/dev/zero), FIFO or socket",  \
    "Give the path of a regular file (CSV, .xlsx or .xls), not a directory, "                    \
    "device or pipe.")                                                                           \
  X(password_protected, file, "an encrypted workbook", "")                                       \
  X(sheet_not_found, file, "the sheet option names no sheet (the hint lists them)", "")          \
  X(file_unreadable, file, "the server could not read the file", "")                             \
  X(rows_invalid, file, "ignore_errors is false and some rows are bad", "")                      \
  X(worker_error, file, "a background import stopped on an ERROR (the message says which)",      \
    "Fix what the message names (a privilege, a row-level security policy or a trigger on "      \
    "leadimport.leads, say), then import the file again.")                                       \
  X(interrupted, file, "a background import's worker crashed 3 times",                           \
    "Import the file again; if it fails the same way, report it.")                               \
  X(role_not_allowed, file,                                                                      \
    "the role that queued a background import was dropped or renamed, lost LOGIN, or lost "      \
    "pg_read_server_files for a server file",                                                    \
    "")

// One constant per code: codes::phone_missing, codes::corrupt_file, ...
namespace codes {
#define LEADIMPORT_ERROR_CODE_CONSTANT(name, kind, meaning, hint) \
  inline constexpr ErrorCode name{#name, ErrorKind::kind, meaning, hint};
LEADIMPORT_ERROR_CODES(LEADIMPORT_ERROR_CODE_CONSTANT)
#undef LEADIMPORT_ERROR_CODE_CONSTANT
}  // namespace codes

// All of them, row codes first, in the README's order.
inline constexpr const ErrorCode* kErrorCodes[] = {
#define LEADIMPORT_ERROR_CODE_ADDRESS(name, kind, meaning, hint) &codes::name,
    LEADIMPORT_ERROR_CODES(LEADIMPORT_ERROR_CODE_ADDRESS)
#undef LEADIMPORT_ERROR_CODE_ADDRESS
};

// The entry of `code`, or nullptr when leadimport has no such code.
inline const ErrorCode* find_error_code(std::string_view code) {
  for (const ErrorCode* e : kErrorCodes)
    if (code == e->code) return e;
  return nullptr;
}

}  // namespace leadimport
