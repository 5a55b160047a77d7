// Header-name normalisation and the phone synonyms. Detection compares
// normalised names only, so "Phone Number", "phone_number" and "PHONE-NUMBER"
// are one name.
#include "core/map/header_names.hpp"

#include <array>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/interrupt.hpp"

namespace leadimport {

namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Whitespace that spreadsheets leave around header names: ASCII blanks, the
// no-break space (U+00A0) and a stray byte order mark (U+FEFF).
size_t leading_space(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
      i += 1;
    } else if (s.compare(i, 2, "\xC2\xA0") == 0) {
      i += 2;
    } else if (s.compare(i, 3, "\xEF\xBB\xBF") == 0) {
      i += 3;
    } else {
      break;
    }
  }
  return i;
}

size_t trailing_space(std::string_view s) {
  size_t n = 0;
  while (n < s.size()) {
    std::string_view rest = s.substr(0, s.size() - n);
    unsigned char c = rest.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
      n += 1;
    } else if (rest.size() >= 2 && rest.substr(rest.size() - 2) == "\xC2\xA0") {
      n += 2;
    } else if (rest.size() >= 3 && rest.substr(rest.size() - 3) == "\xEF\xBB\xBF") {
      n += 3;
    } else {
      break;
    }
  }
  return n;
}

std::string trim_header(std::string_view s) {
  size_t lead = leading_space(s);
  s.remove_prefix(lead);
  s.remove_suffix(trailing_space(s));
  return std::string(s);
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
  };
  return synonyms.count(normalized) > 0;
}

std::vector<std::string> unique_headers(const std::vector<std::string>& headers) {
  std::vector<std::string> trimmed;
  trimmed.reserve(headers.size());
  for (const auto& h : headers) trimmed.push_back(trim_header(h));

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

bool is_report_column(const std::string& header) {
  static const std::array<const char*, 5> report_columns = {"errorrow", "errorcolumn", "errorcode",
                                                            "errormessage", "howtofix"};
  const std::string n = normalize_header(header);
  for (const char* c : report_columns) {
    if (n == c) return true;
  }
  return false;
}

}  // namespace leadimport
