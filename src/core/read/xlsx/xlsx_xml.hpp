// A hardened expat parser for the XML parts of an .xlsx.
//
// OOXML never needs a DOCTYPE, so any DOCTYPE or entity declaration is
// refused on sight: that stops entity expansion (billion laughs) and external
// entities before expat reads a single declaration. Handlers never throw
// (exceptions must not cross expat's C frames): they record a FileError with
// fail() and stop the parser; the error is thrown once expat has returned.
//
// Elements are matched by namespace, not by local name alone: Excel 2010+
// writes extension elements with the same local names (<x15:workbookPr> next
// to <workbookPr>), and an extension's attributes must not be taken for the
// main element's. Handlers see only the elements of their part's vocabulary;
// a foreign element is skipped with everything inside it.
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

// The namespaces a part's elements are read in. Each accepts elements in no
// namespace too: hand-written parts without xmlns are read as they were meant.
enum class Vocabulary {
  spreadsheet,    // SpreadsheetML: transitional and strict (ISO 29500 strict) main namespaces
  relationships,  // OPC .rels parts (the same namespace in strict files)
};

// Names as expat gives them with namespace processing: "URI\x01local" for a
// name in a namespace, "local" for one in none. Attributes: name, value,
// name, value, ..., nullptr.
inline constexpr char kNamespaceSeparator = '\x01';  // XML 1.0 text can't hold it
std::string_view local(const char* name);
std::string_view namespace_of(const char* name);  // "" for none
// An attribute in no namespace (how SpreadsheetML's own attributes are
// written: <c r="A1" t="s">); a prefixed one with the same local name is
// someone else's.
const char* attr(const char** attrs, std::string_view local_name);
// r:id, the relationship id attribute, in the transitional or strict namespace.
const char* relationship_id(const char** attrs);

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `name` is the element's local name (<x:row> in the main namespace is "row").
  virtual void start(std::string_view name, const char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(const char* data, size_t len) = 0;
};

class XmlParser {
 public:
  XmlParser(Part& part, XmlHandler& handler, uint64_t max_token_bytes,
            Vocabulary vocabulary = Vocabulary::spreadsheet);
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
  bool ours(const char* name) const;
  uint64_t line() const;  // where expat stopped

  Part& part_;
  XmlHandler& handler_;
  XML_Parser parser_;
  uint64_t max_token_bytes_;
  Vocabulary vocabulary_;
  uint64_t foreign_depth_ = 0;  // > 0 inside an element of another namespace
  uint64_t quiet_bytes_ = 0;    // fed since a handler last ran
  bool event_ = false;
  bool suspended_ = false;
  bool finished_ = false;
  std::optional<FileError> error_;
};

}  // namespace leadimport::xlsx
