#include "import/file_source.hpp"

#include <memory>
#include <string>

#include "pg/encoding.hpp"

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
    auto out = std::make_unique<DecodedRows>();
    if (f == Format::csv) out->decoder = pg::make_decoder(opts.encoding);
    ro.decoder = out->decoder.get();
    out->rows = open_rows(in, f, ro);
    return out;
  };
}

}  // namespace leadimport::pipeline
