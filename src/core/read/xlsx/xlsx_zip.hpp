// The .xlsx zip container: opens the archive (a path or bytes in memory) with
// libzip and streams its parts, enforcing the zip-bomb limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/read/input.hpp"
#include "core/read/xlsx/xlsx_reader.hpp"

typedef struct zip zip_t;
typedef struct zip_file zip_file_t;

namespace leadimport::xlsx {

class Archive;

// One part (zip entry) being inflated. Every read counts the inflated bytes
// against the part's declared size, its compressed size times the ratio limit
// and the archive's total budget, so a lying header can't get past them.
class Part {
 public:
  ~Part();
  Part(const Part&) = delete;
  Part& operator=(const Part&) = delete;
  // Copies up to `cap` inflated bytes into `buf`; 0 at the end of the part.
  size_t read(char* buf, size_t cap);
  const std::string& name() const { return name_; }
  // What the zip header says the part inflates to (reads never exceed it).
  uint64_t declared_size() const { return declared_size_; }

 private:
  friend class Archive;
  Part(Archive& archive, zip_file_t* file, std::string name, uint64_t size, uint64_t comp_size);
  Archive& archive_;
  zip_file_t* file_;
  std::string name_;
  uint64_t declared_size_;
  uint64_t comp_size_;
  uint64_t inflated_ = 0;
};

class Archive {
 public:
  // Throws FileError: file_unreadable (path can't be opened), corrupt_file
  // (not a zip, truncated, inconsistent).
  Archive(const Input& in, const XlsxLimits& limits);
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Part names are case-insensitive in OPC; '/' also finds an entry stored
  // with backslash separators.
  bool has(const std::string& name) const;
  // Throws corrupt_file when the part is missing or can't be inflated, and
  // file_too_large when its declared sizes break the limits.
  std::unique_ptr<Part> open(const std::string& name);

  const XlsxLimits& limits() const { return limits_; }

 private:
  friend class Part;
  int64_t locate(const std::string& name) const;  // the entry's index, or -1
  zip_t* zip_ = nullptr;
  XlsxLimits limits_;
  uint64_t inflated_total_ = 0;  // over every part read so far
};

}  // namespace leadimport::xlsx
