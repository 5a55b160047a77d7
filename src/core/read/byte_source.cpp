// File- and memory-backed byte sources for the readers.
#include "core/read/byte_source.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "core/errors.hpp"

namespace leadimport {

namespace {

const char* const kUnreadableHint =
    "Check the path and that the PostgreSQL server process can read the file.";

// Owns a file descriptor; closes it exactly once.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd& operator=(UniqueFd&&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

class FileSource : public ByteSource {
 public:
  FileSource(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}

  size_t read(char* buf, size_t cap) override {
    for (;;) {
      ssize_t n = ::read(fd_.get(), buf, cap);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno == EINTR) continue;
      // EISDIR lands here too: open(2) accepts a directory, read(2) refuses it.
      throw FileError("file_unreadable",
                      "could not read file \"" + path_ + "\": " + std::strerror(errno),
                      kUnreadableHint);
    }
  }

 private:
  UniqueFd fd_;
  std::string path_;
};

// Serves bytes the caller keeps alive (import_data's bytea); nothing is copied
// up front.
class MemorySource : public ByteSource {
 public:
  MemorySource(const char* data, size_t size) : data_(data), left_(data ? size : 0) {}

  size_t read(char* buf, size_t cap) override {
    size_t n = std::min(cap, left_);
    if (n == 0) return 0;
    std::memcpy(buf, data_, n);
    data_ += n;
    left_ -= n;
    return n;
  }

 private:
  const char* data_;
  size_t left_;
};

}  // namespace

std::unique_ptr<ByteSource> open_bytes(const Input& in) {
  if (in.path.empty()) return std::make_unique<MemorySource>(in.data, in.size);

  int fd;
  do {
    fd = ::open(in.path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0)
    throw FileError("file_unreadable",
                    "could not open file \"" + in.path + "\": " + std::strerror(errno),
                    kUnreadableHint);
  // Own the descriptor before anything else can throw, so it never leaks.
  UniqueFd owned(fd);
  return std::make_unique<FileSource>(std::move(owned), in.path);
}

}  // namespace leadimport
