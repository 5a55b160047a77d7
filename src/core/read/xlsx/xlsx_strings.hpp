// Cell text in an .xlsx: the shared strings table (xl/sharedStrings.xml),
// held in memory in one buffer, and the _xHHHH_ escapes OOXML uses for
// characters XML can't carry.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadimport {
struct XlsxLimits;
}

namespace leadimport::xlsx {

class Archive;

// Decodes _xHHHH_ escapes in place: "a_x000D_b" is "a\rb", "_x005F_x000D_"
// is the literal "_x000D_". UTF-16 surrogate pairs are joined; NUL and lone
// surrogates are dropped (PostgreSQL text can't hold NUL).
void decode_escapes(std::string& s);

class SharedStrings {
 public:
  SharedStrings() = default;
  // Loads the table; an empty `part` means the workbook has none. A string
  // longer than max_cell_bytes is kept as "oversized" and fails only the cell
  // that uses it. Throws file_too_large past the limits on total text and count.
  SharedStrings(Archive& archive, const std::string& part, size_t max_cell_bytes);

  size_t size() const { return ends_.size(); }
  std::string_view at(size_t i) const {
    size_t begin = i ? ends_[i - 1] : 0;
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  bool oversized(size_t i) const;

 private:
  friend class SharedStringsHandler;
  std::string text_;                 // every string, back to back
  std::vector<uint64_t> ends_;       // end offset of each string in text_
  std::vector<uint64_t> oversized_;  // indexes, ascending
};

}  // namespace leadimport::xlsx
