// Excel numbers and dates as text, shared by the .xlsx and .xls readers.
//
// Excel keeps every number as an IEEE double and shows at most 15 significant
// digits; whether a number is a date is decided only by its cell's number
// format. These helpers turn both into the text a person sees, in a form the
// checks can parse: phones as plain digits, dates as ISO 8601.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leadimport::excel {

// How a number format shows a number.
enum class NumberKind : uint8_t {
  number,    // General, 0.00, @, currencies...
  date,      // has y/m/d tokens only: YYYY-MM-DD
  datetime,  // date and time tokens: YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS with a time part
  time,      // time of day: HH:MM:SS
  elapsed,   // [h]:mm:ss and the like: hours beyond 24 (36:00:00)
};

// The kind of a built-in format id (0-163) that the file does not define.
NumberKind builtin_number_kind(int id);

// The kind of a format code such as "yyyy\-mm\-dd" or "[Red]#,##0.00": looks
// for date/time tokens outside quotes, escapes and brackets, in the first
// section (up to the first ';').
NumberKind classify_format_code(std::string_view code);

// A number as Excel shows it in General format, minus the exponent for
// integral values: rounded to 15 significant digits, integral values without
// ".0" or exponent (14155551234, not 1.4155551234E10), others shortest
// round-trip (0.1, -2.5, 1e-07). Locale-independent.
std::string number_text(double v);

// Appends the date/time text of a serial day number for `kind` (not
// NumberKind::number). Returns false when the serial is outside Excel's date
// range (negative, or past 9999-12-31): the caller shows the number instead.
bool serial_to_text(double serial, NumberKind kind, bool date1904, std::string& out);

}  // namespace leadimport::excel
