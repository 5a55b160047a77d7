// A minimal, bounds-checked reader of OLE2 compound files (MS-CFB), the
// container of .xls workbooks and of encrypted .xlsx files: is the file
// encrypted, and its Workbook stream (read by xls_biff.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadimport::xls {

class CompoundFile {
 public:
  // `bytes` must outlive the object. Throws FileError("corrupt_file") when
  // the header, FAT or directory is malformed.
  explicit CompoundFile(std::string_view bytes);

  // True when a stream or storage of that name exists (ASCII, any case).
  bool has(std::string_view name) const;
  // The stream's bytes, or "" with found=false. Throws corrupt_file when its
  // sector chain is broken.
  std::string read(std::string_view name, bool& found) const;

 private:
  struct Entry {
    std::string name;  // ASCII-folded (other characters become '?')
    int type = 0;      // 1 storage, 2 stream, 5 root
    uint32_t start = 0;
    uint64_t size = 0;
  };
  std::string chain(const std::vector<uint32_t>& fat, uint32_t start, uint64_t size,
                    std::string_view data, size_t sector_size, size_t base) const;
  std::string_view bytes_;
  size_t sector_size_ = 512;
  uint32_t mini_cutoff_ = 4096;
  std::vector<uint32_t> fat_;
  std::vector<uint32_t> mini_fat_;
  std::vector<Entry> entries_;
};

// A fresh OLE2 file holding one stream, "Workbook" (FreeXL, the reader before
// issue 11, was given one instead of the user's file; tests build .xls files
// with it). The file is `head`,
// then the stream's bytes, then `padding` zero bytes (whole sectors; the
// stream is declared at least 4,096 bytes long, zeros included, to stay out
// of the mini stream).
struct SingleStreamFile {
  std::string head;
  size_t padding = 0;
};
SingleStreamFile single_stream_file(uint64_t stream_size);

}  // namespace leadimport::xls
