#include "core/read/xlsx/xlsx_zip.hpp"

#include <zip.h>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"
#include "core/read/byte_source.hpp"

namespace leadimport::xlsx {

namespace {

const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again as .xlsx.";
const char* kTooLargeHint =
    "Split the sheet into smaller files, or export it as CSV (UTF-8) and import that.";

std::string mib(uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

[[noreturn]] void too_large(const std::string& part, const std::string& why) {
  throw FileError(codes::file_too_large.code, "the workbook part " + part + " " + why,
                  kTooLargeHint);
}

}  // namespace

Archive::Archive(const Input& in, const XlsxLimits& limits) : limits_(limits) {
  zip_error_t err;
  zip_error_init(&err);
  // ZIP_CHECKCONS: also compare every local header with the central
  // directory, so a file patched to hide a bomb is refused up front.
  const int flags = ZIP_RDONLY | ZIP_CHECKCONS;
  if (!in.path.empty()) {
    // Our own descriptor, checked to be a regular file: zip_open(path) would
    // open a FIFO (and block) or a device itself.
    UniqueFd fd = open_regular_file(in.path);
    int code = 0;
    zip_ = zip_fdopen(fd.get(), ZIP_CHECKCONS, &code);  // read-only by nature
    if (zip_)
      fd.release();  // libzip closes it now; on failure it stays ours
    else
      zip_error_init_with_code(&err, code);
  } else {
    zip_source_t* src = zip_source_buffer_create(in.data, in.size, 0, &err);
    if (src) {
      zip_ = zip_open_from_source(src, flags, &err);
      if (!zip_) zip_source_free(src);  // zip_open_from_source took it only on success
    }
  }
  if (zip_) return;
  int code = zip_error_code_zip(&err);
  std::string why = zip_error_strerror(&err);
  zip_error_fini(&err);
#ifdef ZIP_ER_TRUNCATED_ZIP
  // libzip 1.10+ (Debian 13) says this of what 1.7 (Debian 12) called "Not a
  // zip archive": the same words on every system.
  if (code == ZIP_ER_TRUNCATED_ZIP) why = "Not a zip archive";
#endif
  if (code == ZIP_ER_NOENT || code == ZIP_ER_OPEN)
    throw FileError(codes::file_unreadable.code, "could not open file \"" + in.path + "\": " + why,
                    "Check the path and that the server can read it.");
  if (code == ZIP_ER_MEMORY)
    throw FileError(codes::file_too_large.code, "out of memory while opening the .xlsx archive",
                    kTooLargeHint);
  throw FileError(codes::corrupt_file.code,
                  "the .xlsx file is not a valid zip archive (truncated or damaged: " + why + ")",
                  kResaveHint);
}

Archive::~Archive() {
  if (zip_) zip_discard(zip_);  // read-only: nothing to write back
}

int64_t Archive::locate(const std::string& name) const {
  zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
  if (index >= 0 || name.find('/') == std::string::npos) return index;
  // Some writers store entries with Windows separators ("xl\workbook.xml");
  // OPC part names use '/', so the same part is found either way.
  std::string windows = name;
  for (char& c : windows)
    if (c == '/') c = '\\';
  return zip_name_locate(zip_, windows.c_str(), ZIP_FL_NOCASE);
}

bool Archive::has(const std::string& name) const { return locate(name) >= 0; }

std::unique_ptr<Part> Archive::open(const std::string& name) {
  zip_int64_t index = locate(name);
  if (index < 0)
    throw FileError(codes::corrupt_file.code,
                    "the workbook has no part " + name + " (it is damaged)", kResaveHint);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
      !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_COMP_SIZE))
    throw FileError(codes::corrupt_file.code, "the workbook part " + name + " can't be read",
                    kResaveHint);
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    throw FileError(codes::password_protected.code, "the workbook part " + name + " is encrypted",
                    "Remove the password (in Excel: File > Info > Protect Workbook), save, and "
                    "import again.");
  // The declared sizes first: an honest bomb is refused before any inflating.
  if (st.size > limits_.max_inflated_bytes)
    too_large(name, "inflates to " + mib(st.size) + ", more than the limit of " +
                        mib(limits_.max_inflated_bytes));
  if (st.size > limits_.ratio_grace_bytes &&
      st.size / (st.comp_size ? st.comp_size : 1) > limits_.max_compression_ratio)
    too_large(name, "is compressed more than " + std::to_string(limits_.max_compression_ratio) +
                        ":1 (" + std::to_string(st.comp_size) + " bytes inflate to " +
                        std::to_string(st.size) + "): a zip bomb?");
  zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
  if (!f)
    throw FileError(codes::corrupt_file.code,
                    "the workbook part " + name + " can't be inflated: " + zip_strerror(zip_),
                    kResaveHint);
  return std::unique_ptr<Part>(new Part(*this, f, name, st.size, st.comp_size));
}

Part::Part(Archive& archive, zip_file_t* file, std::string name, uint64_t size, uint64_t comp_size)
    : archive_(archive),
      file_(file),
      name_(std::move(name)),
      declared_size_(size),
      comp_size_(comp_size) {}

Part::~Part() { zip_fclose(file_); }

size_t Part::read(char* buf, size_t cap) {
  interruption_point();  // per inflated chunk (64 KiB): bombs and long sheets stop on cancel
  zip_int64_t n = zip_fread(file_, buf, cap);
  if (n < 0)
    throw FileError(codes::corrupt_file.code,
                    "the workbook part " + name_ + " is damaged: " + zip_file_strerror(file_),
                    kResaveHint);
  const XlsxLimits& lim = archive_.limits_;
  inflated_ += static_cast<uint64_t>(n);
  archive_.inflated_total_ += static_cast<uint64_t>(n);
  // Declared sizes can lie: enforce the limits on what really comes out.
  if (inflated_ > declared_size_)
    throw FileError(codes::corrupt_file.code,
                    "the workbook part " + name_ + " inflates to more than the " +
                        std::to_string(declared_size_) +
                        " bytes its zip header declares (a disguised zip bomb?)",
                    kResaveHint);
  if (archive_.inflated_total_ > lim.max_inflated_bytes)
    throw FileError(
        codes::file_too_large.code,
        "the workbook inflates to more than the limit of " + mib(lim.max_inflated_bytes),
        kTooLargeHint);
  if (inflated_ > lim.ratio_grace_bytes &&
      inflated_ / (comp_size_ ? comp_size_ : 1) > lim.max_compression_ratio)
    too_large(name_, "is compressed more than " + std::to_string(lim.max_compression_ratio) +
                         ":1: a zip bomb?");
  return static_cast<size_t>(n);
}

}  // namespace leadimport::xlsx
