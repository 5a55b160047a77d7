#include "core/read/xlsx/xlsx_strings.hpp"
#include "core/text.hpp"

#include <algorithm>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/read/xlsx/xlsx_reader.hpp"
#include "core/read/xlsx/xlsx_xml.hpp"
#include "core/read/xlsx/xlsx_zip.hpp"

namespace leadimport::xlsx {

namespace {

int hex4(const std::string& s, size_t at) {
  int v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    char c = s[i];
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// The code unit of an _xHHHH_ escape at `at`, or -1.
int escape_at(const std::string& s, size_t at) {
  if (at + 7 > s.size() || s[at] != '_' || s[at + 1] != 'x' || s[at + 6] != '_') return -1;
  return hex4(s, at + 2);
}

}  // namespace

void decode_escapes(std::string& s) {
  if (s.find("_x") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    int u = escape_at(s, i);
    if (u < 0) {
      out += s[i++];
      continue;
    }
    i += 7;
    uint32_t cp = static_cast<uint32_t>(u);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      int lo = escape_at(s, i);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(lo) - 0xDC00);
        i += 7;
      } else {
        continue;  // lone high surrogate
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      continue;  // lone low surrogate
    }
    if (cp != 0) append_utf8(out, cp);
  }
  s.swap(out);
}

bool SharedStrings::oversized(size_t i) const {
  return std::binary_search(oversized_.begin(), oversized_.end(), i);
}

class SharedStringsHandler : public XmlHandler {
 public:
  SharedStringsHandler(SharedStrings& sst, const XlsxLimits& limits, size_t max_cell_bytes)
      : sst_(sst), limits_(limits), max_cell_bytes_(max_cell_bytes) {}
  XmlParser* parser = nullptr;

  void start(std::string_view name, const char**) override {
    if (name == "si") {
      in_si_ = true;
      too_long_ = false;
      buf_.clear();
    } else if (name == "rPh") {
      in_rph_ = true;  // phonetic reading of Japanese text: not part of the value
    } else if (name == "t" && in_si_ && !in_rph_) {
      capture_ = true;
    }
  }

  void end(std::string_view name) override {
    if (name == "t") {
      capture_ = false;
    } else if (name == "rPh") {
      in_rph_ = false;
    } else if (name == "si") {
      in_si_ = false;
      finish();
    }
  }

  void text(const char* data, size_t len) override {
    if (!capture_ || too_long_) return;
    buf_.append(data, len);
    // Escapes only shrink the text, so the raw length bounds the buffer early.
    if (buf_.size() > max_cell_bytes_ * 7 + 64) {  // 7: "_x000D_" decodes to 1 byte
      too_long_ = true;
      buf_.clear();
    }
  }

 private:
  void finish() {
    if (sst_.ends_.size() >= limits_.max_shared_strings) {
      parser->fail(FileError(codes::file_too_large.code,
                             "the workbook has more than " +
                                 std::to_string(limits_.max_shared_strings) + " shared strings",
                             "Split the sheet into smaller files, or export it as CSV (UTF-8)."));
      return;
    }
    decode_escapes(buf_);
    if (too_long_ || buf_.size() > max_cell_bytes_) {
      sst_.oversized_.push_back(sst_.ends_.size());
      buf_.clear();
    }
    if (sst_.text_.size() + buf_.size() > limits_.max_shared_string_bytes) {
      parser->fail(FileError(codes::file_too_large.code,
                             "the workbook's shared strings hold more than " +
                                 std::to_string(limits_.max_shared_string_bytes >> 20) +
                                 " MiB of text",
                             "Split the sheet into smaller files, or export it as CSV (UTF-8)."));
      return;
    }
    sst_.text_ += buf_;
    sst_.ends_.push_back(sst_.text_.size());
  }

  SharedStrings& sst_;
  const XlsxLimits& limits_;
  size_t max_cell_bytes_;
  std::string buf_;
  bool in_si_ = false, in_rph_ = false, capture_ = false, too_long_ = false;
};

SharedStrings::SharedStrings(Archive& archive, const std::string& part, size_t max_cell_bytes) {
  if (part.empty() || !archive.has(part)) return;
  SharedStringsHandler h(*this, archive.limits(), max_cell_bytes);
  auto in = archive.open(part);
  // The text is never longer than the XML it comes from: reserving that much
  // (at most the limit) spares the doubling copies of a growing string, which
  // would briefly hold three times the table. Untouched pages cost nothing.
  text_.reserve(std::min(in->declared_size(), archive.limits().max_shared_string_bytes));
  XmlParser p(*in, h, archive.limits().max_xml_token_bytes);
  h.parser = &p;
  p.parse_all();
  text_.shrink_to_fit();
  ends_.shrink_to_fit();
}

}  // namespace leadimport::xlsx
