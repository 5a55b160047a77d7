#include "core/read/xlsx/xlsx_xml.hpp"

#include <expat.h>

#include <cstring>

#include "core/error_codes.hpp"
#include "core/interrupt.hpp"
#include "core/read/xlsx/xlsx_zip.hpp"

namespace leadimport::xlsx {

namespace {

constexpr int kChunk = 64 * 1024;  // inflated bytes fed to expat at a time
const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again as .xlsx.";

constexpr std::string_view kMainTransitional =
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kMainStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main";
constexpr std::string_view kPackageRels =
    "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr std::string_view kRelsTransitional =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view kRelsStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships";

}  // namespace

std::string_view local(const char* name) {
  const char* sep = std::strrchr(name, kNamespaceSeparator);
  return sep ? std::string_view(sep + 1) : std::string_view(name);
}

std::string_view namespace_of(const char* name) {
  const char* sep = std::strrchr(name, kNamespaceSeparator);
  return sep ? std::string_view(name, static_cast<size_t>(sep - name)) : std::string_view();
}

const char* attr(const char** attrs, std::string_view local_name) {
  for (size_t i = 0; attrs[i]; i += 2)
    if (attrs[i] == local_name) return attrs[i + 1];
  return nullptr;
}

const char* relationship_id(const char** attrs) {
  for (size_t i = 0; attrs[i]; i += 2) {
    std::string_view ns = namespace_of(attrs[i]);
    if (local(attrs[i]) == "id" && (ns == kRelsTransitional || ns == kRelsStrict))
      return attrs[i + 1];
  }
  return nullptr;
}

XmlParser::XmlParser(Part& part, XmlHandler& handler, uint64_t max_token_bytes,
                     Vocabulary vocabulary)
    : part_(part),
      handler_(handler),
      parser_(XML_ParserCreateNS(nullptr, kNamespaceSeparator)),
      max_token_bytes_(max_token_bytes),
      vocabulary_(vocabulary) {
  if (!parser_)
    throw FileError(codes::file_too_large.code, "out of memory while reading " + part.name(),
                    kResaveHint);
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, on_start, on_end);
  XML_SetCharacterDataHandler(parser_, on_text);
  XML_SetStartDoctypeDeclHandler(parser_, on_doctype);
  XML_SetEntityDeclHandler(parser_, on_entity);
  XML_SetProcessingInstructionHandler(parser_, on_other);
  XML_SetCommentHandler(parser_, on_comment);
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlParser::~XmlParser() { XML_ParserFree(parser_); }

void XmlParser::fail(FileError error) {
  if (!error_) error_ = std::move(error);
  XML_StopParser(parser_, XML_FALSE);
}

void XmlParser::suspend() { XML_StopParser(parser_, XML_TRUE); }

bool XmlParser::ours(const char* name) const {
  std::string_view ns = namespace_of(name);
  if (ns.empty()) return true;
  if (vocabulary_ == Vocabulary::relationships) return ns == kPackageRels;
  return ns == kMainTransitional || ns == kMainStrict;
}

void XmlParser::on_start(void* self, const char* name, const char** attrs) {
  auto* p = static_cast<XmlParser*>(self);
  p->event_ = true;
  // Depth is bounded by the part's size (and expat's own nesting stack).
  if (p->foreign_depth_ > 0 || !p->ours(name)) {
    ++p->foreign_depth_;
    return;
  }
  p->handler_.start(local(name), attrs);
}

void XmlParser::on_end(void* self, const char* name) {
  auto* p = static_cast<XmlParser*>(self);
  p->event_ = true;
  if (p->foreign_depth_ > 0) {
    --p->foreign_depth_;
    return;
  }
  p->handler_.end(local(name));
}

void XmlParser::on_text(void* self, const char* data, int len) {
  auto* p = static_cast<XmlParser*>(self);
  p->event_ = true;
  if (p->foreign_depth_ == 0) p->handler_.text(data, static_cast<size_t>(len));
}

void XmlParser::on_doctype(void* self, const char*, const char*, const char*, int) {
  auto* p = static_cast<XmlParser*>(self);
  p->fail(FileError(codes::corrupt_file.code,
                    "the workbook part " + p->part_.name() +
                        " contains a DOCTYPE declaration, which .xlsx files never have: it "
                        "could expand entities (billion laughs) or read external files",
                    kResaveHint));
}

void XmlParser::on_entity(void* self, const char*, int, const char*, int, const char*, const char*,
                          const char*, const char*) {
  auto* p = static_cast<XmlParser*>(self);
  p->fail(FileError(codes::corrupt_file.code,
                    "the workbook part " + p->part_.name() + " declares XML entities",
                    kResaveHint));
}

void XmlParser::on_other(void* self, const char*, const char*) {
  static_cast<XmlParser*>(self)->event_ = true;
}

void XmlParser::on_comment(void* self, const char*) {
  static_cast<XmlParser*>(self)->event_ = true;
}

// Debian 13's expat deprecates XML_GetCurrentLineNumber for a 64-bit one that
// Debian 12's 2.5 lacks; XML_ATTR_DEPRECATED came with the 64-bit functions.
uint64_t XmlParser::line() const {
#ifdef XML_ATTR_DEPRECATED
  return XML_GetCurrentLineNumber64(parser_);
#else
  return XML_GetCurrentLineNumber(parser_);
#endif
}

void XmlParser::raise() {
  if (error_) throw *error_;
  XML_Error code = XML_GetErrorCode(parser_);
  if (code == XML_ERROR_NO_MEMORY)
    throw FileError(codes::file_too_large.code, "out of memory while reading " + part_.name(),
                    kResaveHint);
  throw FileError(codes::corrupt_file.code,
                  "the workbook part " + part_.name() + " is not well-formed XML (line " +
                      std::to_string(line()) + ": " + XML_ErrorString(code) + ")",
                  kResaveHint);
}

void XmlParser::parse_all() {
  while (parse_some()) {
  }
}

bool XmlParser::parse_some() {
  interruption_point();  // per row of a sheet; Part::read checks per chunk
  if (finished_) return false;
  if (suspended_) {
    suspended_ = false;
    XML_Status st = XML_ResumeParser(parser_);
    if (st == XML_STATUS_ERROR) raise();
    if (st == XML_STATUS_SUSPENDED) {
      suspended_ = true;
      return true;
    }
    XML_ParsingStatus status;
    XML_GetParsingStatus(parser_, &status);
    if (status.parsing == XML_FINISHED) {
      finished_ = true;
      return false;
    }
  }
  for (;;) {
    // Inflate straight into expat's buffer: no copy, and a suspended parse
    // keeps its unparsed bytes there.
    void* buf = XML_GetBuffer(parser_, kChunk);
    if (!buf) raise();
    size_t n = part_.read(static_cast<char*>(buf), kChunk);
    event_ = false;
    XML_Status st = XML_ParseBuffer(parser_, static_cast<int>(n), n == 0);
    if (st == XML_STATUS_ERROR) raise();
    // Expat holds an unfinished token (a tag, a comment) in memory whole; no
    // handler running for this long means one is absurdly large.
    quiet_bytes_ = event_ ? 0 : quiet_bytes_ + n;
    if (quiet_bytes_ > max_token_bytes_)
      throw FileError(codes::corrupt_file.code,
                      "the workbook part " + part_.name() + " has an XML tag larger than " +
                          std::to_string(max_token_bytes_ >> 20) + " MiB",
                      kResaveHint);
    if (st == XML_STATUS_SUSPENDED) {
      suspended_ = true;
      return true;
    }
    if (n == 0) {
      finished_ = true;
      return false;
    }
  }
}

}  // namespace leadimport::xlsx
