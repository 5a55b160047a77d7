#include "import/file_source.hpp"

#include <memory>
#include <string>

#include "pg/encoding.hpp"
#include "pg/function.hpp"

namespace leadimport::pipeline {

namespace {

// A reader together with the decoder it borrows.
struct DecodedRows : RowSource {
  std::unique_ptr<CellDecoder> decoder;
  std::unique_ptr<RowSource> rows;
  bool next(Row& r) override { return rows->next(r); }
};

}  // namespace

SourceOpener file_opener(Input in, const ImportOptions& opts) {
  return [in = std::move(in), opts](std::string& format) -> std::unique_ptr<RowSource> {
    Format f = detect_format(in, opts.format);
    format = format_name(f);
    ReadOptions ro;
    ro.delimiter = opts.delimiter;
    ro.sheet = opts.sheet;
    // What a reader noticed without failing the file (text after a closing
    // quote, a cell spanning many lines, a title skipped) reaches the caller
    // as a WARNING; a background import's goes to the server log. A reader
    // sends a few of each kind, then one count.
    ro.on_warning = [](const ReadWarning& w) { pg::warning(w.message, w.hint); };
    auto out = std::make_unique<DecodedRows>();
    if (f == Format::csv) out->decoder = pg::make_decoder(opts.encoding);
    ro.decoder = out->decoder.get();
    out->rows = open_rows(in, f, ro);
    return out;
  };
}

}  // namespace leadimport::pipeline
