// Header-name normalisation and the phone synonyms. Detection compares
// normalised names only, so "Phone Number", "phone_number" and "PHONE-NUMBER"
// are one name.
#include "core/map/header_names.hpp"

#include <array>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/interrupt.hpp"
#include "core/text.hpp"

namespace leadimport {

namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string normalize_header(std::string_view header) {
  std::string out;
  out.reserve(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    unsigned char c = header[i];
    if (c == 0xC2 && i + 1 < header.size() && static_cast<unsigned char>(header[i + 1]) == 0xA0) {
      ++i;  // U+00A0 is a space, not a letter: drop it like the ASCII one
    } else if (c >= 0x80) {
      out.push_back(static_cast<char>(c));  // part of a UTF-8 letter: keep it whole
    } else if (is_ascii_alnum(c)) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
  }
  return out;
}

// English words first, then other languages' as exports in them name the
// column (German, Spanish and Portuguese, French "Téléphone", Spanish "Teléfono";
// normalize_header keeps non-ASCII letters as they are).
bool is_phone_header(const std::string& normalized) {
  static const std::set<std::string> synonyms = {
      "phone",
      "phonenumber",
      "phoneno",
      "phonenr",
      "phone1",
      "phonenumber1",
      "telephone",
      "telephonenumber",
      "telephoneno",
      "tel",
      "telno",
      "telnumber",
      "tel1",
      "mobile",
      "mobilenumber",
      "mobileno",
      "mobilephone",
      "mobilephonenumber",
      "mobile1",
      "cell",
      "cellphone",
      "cellnumber",
      "cellphonenumber",
      "cell1",
      "number",
      "contactnumber",
      "contactphone",
      "primaryphone",
      "primarynumber",
      "primaryphonenumber",
      "msisdn",
      "e164",
      "handy",
      "mobil",
      "telefon",
      "telefono",
      "telephonemobile",
      "whatsapp",
      "whatsappnumber",
      "telefonnummer",
      "handynummer",
      "mobilnummer",
      "celular",
      "t\xC3\xA9l\xC3\xA9phone",
      "tel\xC3\xA9"
      "fono",
  };
  return synonyms.count(normalized) > 0;
}

std::vector<std::string> unique_headers(const std::vector<std::string>& headers) {
  std::vector<std::string> trimmed;
  trimmed.reserve(headers.size());
  // Whitespace that spreadsheets leave around header names: ASCII blanks, the
  // no-break space (U+00A0) and a stray byte order mark (U+FEFF).
  for (const auto& h : headers) trimmed.emplace_back(trim(h, Blanks::header));

  // Every name that appears in the file is reserved first, so a generated
  // "Name (2)" never collides with a real "Name (2)" further right.
  std::unordered_set<std::string> taken(trimmed.begin(), trimmed.end());
  std::unordered_set<std::string> emitted;
  // The next suffix to try for each repeated name: probing always from 2
  // made 16,000 equal headers quadratic. Each probe moves it on for good, so
  // all the renaming is linear in the number of headers.
  std::unordered_map<std::string, int> next_suffix;
  std::vector<std::string> out;
  out.reserve(trimmed.size());
  for (size_t i = 0; i < trimmed.size(); ++i) {
    interruption_point();
    std::string name = trimmed[i];
    if (name.empty()) {
      name = "column_" + std::to_string(i + 1);
      if (taken.insert(name).second) {
        emitted.insert(name);
        out.push_back(std::move(name));
        continue;
      }
    } else if (emitted.insert(name).second) {
      out.push_back(std::move(name));
      continue;
    }
    int& k = next_suffix.try_emplace(name, 2).first->second;
    for (;; ++k) {
      interruption_point();
      std::string candidate = name + " (" + std::to_string(k) + ")";
      if (taken.insert(candidate).second) {
        emitted.insert(candidate);
        out.push_back(std::move(candidate));
        ++k;
        break;
      }
    }
  }
  return out;
}

const std::array<const char*, 5> kReportColumns = {"error_row", "error_column", "error_code",
                                                   "error_message", "how_to_fix"};

bool is_report_column(const std::string& header) {
  static const std::vector<std::string> normalized = [] {
    std::vector<std::string> out;
    for (const char* c : kReportColumns) out.push_back(normalize_header(c));
    return out;
  }();
  const std::string n = normalize_header(header);
  for (const std::string& c : normalized) {
    if (n == c) return true;
  }
  return false;
}

}  // namespace leadimport
