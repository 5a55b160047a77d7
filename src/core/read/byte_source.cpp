// File- and memory-backed byte sources for the readers.
#include "core/read/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"

namespace leadimport {

namespace {

const char* const kUnreadableHint =
    "Check the path and that the PostgreSQL server process can read the file.";

class FileSource : public ByteSource {
 public:
  FileSource(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}

  size_t read(char* buf, size_t cap) override {
    interruption_point();  // once per chunk: every reader's loop passes here
    return read_fd(fd_.get(), buf, cap, path_);
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
    interruption_point();
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

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

UniqueFd open_regular_file(const std::string& path, uint64_t* size) {
  int fd;
  do {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0)
    throw FileError(codes::file_unreadable.code,
                    "could not open file \"" + path + "\": " + std::strerror(errno),
                    kUnreadableHint);
  // Own the descriptor before anything else can throw, so it never leaks.
  UniqueFd owned(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0)
    throw FileError(codes::file_unreadable.code,
                    "could not read file \"" + path + "\": " + std::strerror(errno),
                    kUnreadableHint);
  // The open descriptor is what gets read, so what it is can't change after
  // this check. Devices never end (/dev/zero) and FIFOs wait for a writer.
  if (!S_ISREG(st.st_mode))
    throw FileError(codes::not_a_regular_file.code, "\"" + path + "\" is " + kind_of(st.st_mode),
                    codes::not_a_regular_file.hint);
  // Reads of a regular file never block; clear the flag all the same.
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  if (size) *size = static_cast<uint64_t>(st.st_size);
  return owned;
}

size_t read_fd(int fd, char* buf, size_t cap, const std::string& path) {
  for (;;) {
    ssize_t n = ::read(fd, buf, cap);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    throw FileError(codes::file_unreadable.code,
                    "could not read file \"" + path + "\": " + std::strerror(errno),
                    kUnreadableHint);
  }
}

std::unique_ptr<ByteSource> open_bytes(const Input& in) {
  if (in.path.empty()) return std::make_unique<MemorySource>(in.data, in.size);
  return std::make_unique<FileSource>(open_regular_file(in.path), in.path);
}

}  // namespace leadimport
