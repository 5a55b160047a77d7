// A hardened expat parser for the XML parts of an .xlsx.
//
// OOXML never needs a DOCTYPE, so any DOCTYPE or entity declaration is
// refused on sight: that stops entity expansion (billion laughs) and external
// entities before expat reads a single declaration. Handlers never throw
// (exceptions must not cross expat's C frames): they record a FileError with
// fail() and stop the parser; the error is thrown once expat has returned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.hpp"

typedef struct XML_ParserStruct* XML_Parser;

namespace leadimport::xlsx {

class Part;

// Attributes as expat gives them: name, value, name, value, ..., nullptr.
// Names keep their prefix ("r:id"); local() strips it.
std::string_view local(const char* name);
const char* attr(const char** attrs, std::string_view local_name);

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `name` is the element's local name (prefix stripped: <x:row> is "row").
  virtual void start(std::string_view name, const char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(const char* data, size_t len) = 0;
};

class XmlParser {
 public:
  XmlParser(Part& part, XmlHandler& handler, uint64_t max_token_bytes);
  ~XmlParser();
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  // Parses the whole part.
  void parse_all();
  // Parses until a handler calls suspend() (returns true) or the part ends
  // (returns false). Throws FileError.
  bool parse_some();

  // For handlers: stop with this error / pause after the current element.
  void fail(FileError error);
  void suspend();

 private:
  static void on_start(void* self, const char* name, const char** attrs);
  static void on_end(void* self, const char* name);
  static void on_text(void* self, const char* data, int len);
  static void on_doctype(void* self, const char*, const char*, const char*, int);
  static void on_entity(void* self, const char*, int, const char*, int, const char*, const char*,
                        const char*, const char*);
  static void on_other(void* self, const char*, const char*);
  static void on_comment(void* self, const char*);
  // Throws the recorded error, or expat's own with the part and line.
  [[noreturn]] void raise();
  uint64_t line() const;  // where expat stopped

  Part& part_;
  XmlHandler& handler_;
  XML_Parser parser_;
  uint64_t max_token_bytes_;
  uint64_t quiet_bytes_ = 0;  // fed since a handler last ran
  bool event_ = false;
  bool suspended_ = false;
  bool finished_ = false;
  std::optional<FileError> error_;
};

}  // namespace leadimport::xlsx
