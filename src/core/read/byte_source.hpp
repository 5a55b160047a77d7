// Streams a file's bytes in chunks, from disk or from memory.
#pragma once

#include <cstddef>
#include <memory>

#include "core/read/input.hpp"

namespace leadimport {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Copies up to `cap` bytes into `buf`; returns 0 at the end.
  virtual size_t read(char* buf, size_t cap) = 0;
};

// Throws FileError("file_unreadable") when the path can't be opened.
std::unique_ptr<ByteSource> open_bytes(const Input& in);

}  // namespace leadimport
