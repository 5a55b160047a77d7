// Streams a file's bytes in chunks, from disk or from memory, and opens
// server-side files safely (regular files only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/read/input.hpp"

namespace leadimport {

// Owns a file descriptor; closes it exactly once.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      UniqueFd gone(fd_);  // closes the old descriptor
      fd_ = other.release();
    }
    return *this;
  }
  int get() const { return fd_; }
  // Gives the descriptor up (to a library that closes it itself).
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

// Opens a server-side path for reading. Opened with O_NONBLOCK (a FIFO can't
// block the open) and checked with fstat on the open descriptor (no window
// between a check and the open): anything but a regular file - a device like
// /dev/zero, a FIFO, a directory, a socket - throws
// FileError("not_a_regular_file"); a path that can't be opened throws
// FileError("file_unreadable"). `size` receives the file's size.
UniqueFd open_regular_file(const std::string& path, uint64_t* size = nullptr);

// Reads up to `cap` bytes from `fd` (retrying EINTR); throws file_unreadable.
size_t read_fd(int fd, char* buf, size_t cap, const std::string& path);

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Copies up to `cap` bytes into `buf`; returns 0 at the end.
  virtual size_t read(char* buf, size_t cap) = 0;
};

// Throws FileError("file_unreadable") when the path can't be opened.
std::unique_ptr<ByteSource> open_bytes(const Input& in);

}  // namespace leadimport
