#include <string>
#include <vector>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "pg/encoding.hpp"
#include "pg/guard.hpp"

extern "C" {
#include "catalog/namespace.h"
}

namespace leadimport::pg {

namespace {

class PgDecoder : public CellDecoder {
 public:
  PgDecoder(int encoding, Oid proc, std::string name)
      : encoding_(encoding), proc_(proc), name_(std::move(name)) {}

  void to_utf8(std::string& cell, int64_t row) const override {
    if (cell.find('\0') != std::string::npos)
      throw FileError(codes::invalid_encoding.code,
                      "row " + std::to_string(row) + " contains a NUL byte",
                      "The file may be UTF-16 or binary; save it as CSV UTF-8.");
    int len = static_cast<int>(cell.size());
    out_.resize(static_cast<size_t>(len) * MAX_CONVERSION_GROWTH + 1);
    int valid = 0, converted = 0;
    int enc = encoding_;
    Oid proc = proc_;
    unsigned char* src = reinterpret_cast<unsigned char*>(cell.data());
    unsigned char* dst = reinterpret_cast<unsigned char*>(out_.data());
    int dstlen = static_cast<int>(out_.size());
    guard([&] {
      valid = pg_encoding_verifymbstr(enc, reinterpret_cast<const char*>(src), len);
      if (valid == len)
        converted = pg_do_encoding_conversion_buf(proc, enc, PG_UTF8, src, len, dst, dstlen, true);
    });
    if (valid != len || converted != len)
      throw FileError(
          codes::invalid_encoding.code,
          "row " + std::to_string(row) + " has a byte sequence that is not valid " + name_,
          "Check the \"encoding\" option: the file may be in another encoding.");
    cell.assign(out_.c_str());
  }

 private:
  int encoding_;
  Oid proc_;
  std::string name_;
  mutable std::string out_;  // reused between cells
};

}  // namespace

std::unique_ptr<CellDecoder> make_decoder(const std::string& name) {
  if (name.empty()) return nullptr;
  int enc = -1;
  Oid proc = InvalidOid;
  const char* cname = name.c_str();
  guard([&] { enc = pg_char_to_encoding(cname); });
  if (enc < 0)
    throw UsageError("unknown encoding \"" + name + "\"",
                     "Use a PostgreSQL encoding name such as UTF8, WINDOWS1252 or LATIN1.");
  if (enc == PG_UTF8 || enc == PG_SQL_ASCII) return nullptr;
  guard([&] { proc = FindDefaultConversionProc(enc, PG_UTF8); });
  if (!OidIsValid(proc))
    throw UsageError("no conversion from encoding \"" + name + "\" to UTF8",
                     "Save the file as CSV UTF-8.");
  const char* canonical = nullptr;
  guard([&] { canonical = pg_encoding_to_char(enc); });
  return std::make_unique<PgDecoder>(enc, proc, canonical);
}

}  // namespace leadimport::pg
