// One row against the mapping: every problem is collected (a person fixing the
// error report wants all of them at once), and the lead's JSON is written
// straight into the caller's reused buffers.
#include "core/check/row_check.hpp"

#include "core/error_codes.hpp"
#include "core/map/header_names.hpp"
#include "core/text.hpp"

namespace leadimport {

namespace {

// Columns that are not assistant variables (the seeds' secondary_1_role) are
// kept as text with no limit.
const VariableSpec kPlainText{};

const std::string kNoColumn;

// The error report writes a formula-like cell as '=x so that a spreadsheet
// does not run it; the apostrophe is not part of the data.
bool is_neutralised_formula(std::string_view s) {
  if (s.size() < 2 || s[0] != '\'') return false;
  char c = s[1];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// A cell as the checks see it: trimmed, without the report's apostrophe; a
// column beyond the row's cells (or no column) is empty.
std::string_view cell(const Row& row, int column) {
  if (column < 0 || static_cast<size_t>(column) >= row.cells.size()) return {};
  std::string_view s = trim(row.cells[static_cast<size_t>(column)]);
  if (is_neutralised_formula(s)) s = trim(s.substr(1));
  return s;
}

void add(CheckedRow& out, const std::string& column, std::string code, std::string message,
         std::string hint) {
  out.problems.push_back(Problem{column, std::move(code), std::move(message), std::move(hint)});
}

void add(CheckedRow& out, const std::string& column, const CellProblem& p) {
  out.problems.push_back(Problem{column, p.code, p.message, p.hint});
}

void add(CheckedRow& out, const std::string& column, const PhoneVerdict& v) {
  out.problems.push_back(Problem{column, v.error_code, v.message, v.hint});
}

// Appends "name":value to the JSON object being built in `json` (whose "{" is
// already written), or reports why the value can't go there; the hint calls
// the cell `label` (default: the variable's name).
std::optional<CellProblem> append_member(std::string& json, const ResolvedField& field,
                                         std::string_view value, std::string_view label = {}) {
  size_t mark = json.size();
  if (json.back() != '{') json += ',';
  append_json_string(json, field.name);
  json += ':';
  auto problem = append_value(field.spec ? *field.spec : kPlainText, value, json, label);
  if (problem) json.resize(mark);
  return problem;
}

std::string contact_name(size_t position) {
  return "secondary contact " + std::to_string(position);
}

}  // namespace

RowChecker::RowChecker(const ResolvedMapping& mapping, const PhoneChecker& phones)
    : mapping_(mapping), phones_(phones) {
  report_column_.reserve(mapping_.headers.size());
  for (const std::string& h : mapping_.headers) report_column_.push_back(is_report_column(h));
}

bool RowChecker::blank(const Row& row) const {
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (i < report_column_.size() && report_column_[i]) continue;
    if (!trim(row.cells[i]).empty()) return false;
  }
  return true;
}

bool is_blank_row(const Row& row) {
  for (const auto& c : row.cells)
    if (!trim(c).empty()) return false;
  return true;
}

namespace {
// A header name inside a message: a 1 MiB header cell must not make every
// error row's message 1 MiB (the column_name keeps the name whole).
std::string in_message(const std::string& header) {
  constexpr size_t kMax = 80;
  if (header.size() <= kMax) return header;
  size_t cut = kMax - 3;
  while (cut > 0 && (static_cast<unsigned char>(header[cut]) & 0xC0) == 0x80) --cut;
  return header.substr(0, cut) + "...";
}
}  // namespace

const std::string& RowChecker::header(int column) const {
  if (column < 0 || static_cast<size_t>(column) >= mapping_.headers.size()) return kNoColumn;
  return mapping_.headers[static_cast<size_t>(column)];
}

void RowChecker::check(const Row& row, CheckedRow& out) const {
  out.clear();
  check_primary(row, out);
  for (size_t i = 0; i < mapping_.secondary.size(); ++i) check_contact(row, i, out);
  check_extra_cells(row, out);
}

void RowChecker::check_primary(const Row& row, CheckedRow& out) const {
  phones_.check(cell(row, mapping_.phone_column), verdict_, PhoneChecker::Detail::e164);
  if (verdict_.valid)
    out.e164 = verdict_.e164;
  else
    add(out, header(mapping_.phone_column), verdict_);

  out.variables_json += '{';
  for (const ResolvedField& field : mapping_.fields) {
    std::string_view value = cell(row, field.column);
    // The assistant's default fills an empty cell before the required check.
    if (value.empty() && field.spec && field.spec->default_value)
      value = trim(*field.spec->default_value);
    const std::string& column = field.column >= 0 ? header(field.column) : field.name;
    if (value.empty()) {
      if (field.spec && field.spec->required)
        add(out, column, codes::required_missing.code, field.name + " is required",
            "Fill in " + field.name + ", or give the variable a default value.");
      continue;
    }
    if (auto problem = append_member(out.variables_json, field, value)) add(out, column, *problem);
  }
  out.variables_json += '}';
}

void RowChecker::check_contact(const Row& row, size_t index, CheckedRow& out) const {
  const ResolvedContact& contact = mapping_.secondary[index];
  const size_t position = index + 1;
  const std::string& phone_header = header(contact.phone_column);
  std::string_view phone = cell(row, contact.phone_column);

  if (phone.empty()) {
    // No phone and no other cell: the contact is simply absent. Other cells
    // without a phone would be lost data, so they are a row error.
    for (const ResolvedField& field : contact.fields) {
      if (cell(row, field.column).empty()) continue;
      std::string fill = phone_header.empty() ? "the phone number of " + contact_name(position)
                                              : in_message(phone_header);
      add(out, header(field.column), codes::secondary_phone_missing.code,
          in_message(header(field.column)) + " has a value but " + contact_name(position) +
              " has no phone number",
          "Fill in " + fill + ", or clear the other cells of " + contact_name(position) + ".");
      break;
    }
    return;
  }

  phones_.check(phone, verdict_, PhoneChecker::Detail::e164);
  bool usable = verdict_.valid;
  if (!usable) {
    add(out, phone_header, verdict_);
  } else if (verdict_.e164 == out.e164) {
    usable = false;
    add(out, phone_header, codes::secondary_same_as_primary.code,
        in_message(phone_header) + " has the same number as the primary phone (" + verdict_.e164 +
            ")",
        "Give " + contact_name(position) +
            " a number of its own: a secondary number must differ from the primary one.");
  } else {
    for (const CheckedContact& earlier : out.contacts) {
      if (earlier.e164 != verdict_.e164) continue;
      usable = false;
      const std::string& other = header(mapping_.secondary[earlier.position - 1].phone_column);
      add(out, phone_header, codes::secondary_duplicate.code,
          in_message(phone_header) + " has the same number as " + in_message(other) + " (" +
              verdict_.e164 + ")",
          "Give each contact of the row a number of its own: correct " + in_message(phone_header) +
              " or clear it.");
      break;
    }
  }

  // Variables are checked even when the phone is wrong, to report everything
  // at once. required and defaults belong to the primary contact only.
  CheckedContact checked;
  checked.position = static_cast<int>(position);
  checked.variables_json += '{';
  // Hints name the contact's column (secondary_1_age), not the variable
  // (age), which is the primary contact's column.
  for (const ResolvedField& field : contact.fields) {
    std::string_view value = cell(row, field.column);
    if (value.empty()) continue;
    const std::string& column = header(field.column);
    if (auto problem = append_member(checked.variables_json, field, value, in_message(column)))
      add(out, column, *problem);
  }
  checked.variables_json += '}';
  if (usable) {
    checked.e164 = verdict_.e164;
    out.contacts.push_back(std::move(checked));
  }
}

void RowChecker::check_extra_cells(const Row& row, CheckedRow& out) const {
  const size_t width = mapping_.headers.size();
  for (size_t i = width; i < row.cells.size(); ++i) {
    std::string_view value = trim(row.cells[i]);
    if (value.empty()) continue;
    // One problem for the row: the first stray cell shows where to look.
    add(out, kNoColumn, codes::extra_cells.code,
        "row has a value in column " + std::to_string(i + 1) + " (" + quote_value(value) +
            ") but the header has " + std::to_string(width) + (width == 1 ? " column" : " columns"),
        codes::extra_cells.hint);
    return;
  }
}

std::string row_to_json(const Row& row) {
  size_t n = row.cells.size();
  while (n > 0 && row.cells[n - 1].empty()) --n;
  size_t bytes = 2;
  for (size_t i = 0; i < n; ++i) bytes += row.cells[i].size() + 3;
  std::string json;
  json.reserve(bytes);
  json += '[';
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) json += ',';
    append_json_string(json, row.cells[i]);
  }
  json += ']';
  return json;
}

}  // namespace leadimport
