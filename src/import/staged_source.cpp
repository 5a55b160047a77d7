#include <string>
#include <vector>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "import/staged_source.hpp"
#include "pg/spi.hpp"

extern "C" {
#include "access/relation.h"
#include "utils/rel.h"
}

namespace leadimport::pipeline {

namespace {

constexpr long kFetch = 2000;

class StagedSource : public RowSource {
 public:
  explicit StagedSource(Oid relid) { open(relid); }

  bool next(Row& row) override {
    if (!header_sent_) {
      header_sent_ = true;
      row.number = 1;
      row.cells = names_;
      return true;
    }
    if (pos_ >= buffer_.size()) {
      if (done_) return false;
      fetch();
      if (buffer_.empty()) return false;
    }
    row.number = ++number_;
    std::swap(row.cells, buffer_[pos_++]);
    return true;
  }

 private:
  // Reads the column names and opens the cursor.
  void open(Oid relid) {
    Portal portal = nullptr;
    int natts = 0;
    // Column names first, in plain C; copied into C++ afterwards.
    char** cols = nullptr;
    pg::guard([&] {
      Relation rel = relation_open(relid, AccessShareLock);
      TupleDesc desc = RelationGetDescr(rel);
      cols = (char**)palloc0(sizeof(char*) * (desc->natts + 1));
      for (int i = 0; i < desc->natts; i++) {
        Form_pg_attribute att = TupleDescAttr(desc, i);
        if (att->attisdropped) continue;
        cols[natts++] = pstrdup(NameStr(att->attname));
      }
      bool plain = rel->rd_rel->relkind == RELKIND_RELATION;
      relation_close(rel, AccessShareLock);
      // regclass output quotes and qualifies the name as needed.
      char* name = DatumGetCString(DirectFunctionCall1(regclassout, ObjectIdGetDatum(relid)));
      char* sql = psprintf("SELECT * FROM %s%s", name, plain ? " ORDER BY ctid" : "");
      portal = SPI_cursor_open_with_args(nullptr, sql, 0, nullptr, nullptr, nullptr, true, 0);
    });
    for (int i = 0; i < natts; i++) names_.push_back(cols[i]);
    portal_ = portal;
    if (names_.empty())
      throw FileError(codes::empty_file.code, "the staging table has no columns",
                      "Create the staging table with one text column per header of the file.");
  }

  // Copies the next rows out of SPI at once: the pipeline's own statements
  // replace SPI_tuptable between two calls of next().
  void fetch() {
    uint64_t n = 0;
    Portal portal = portal_;
    pg::guard([&] {
      SPI_cursor_fetch(portal, true, kFetch);
      n = SPI_processed;
    });
    buffer_.resize(n);
    for (uint64_t r = 0; r < n; r++) {
      buffer_[r].resize(names_.size());
      for (size_t c = 0; c < names_.size(); c++) {
        auto v = pg::result_text(r, static_cast<int>(c));
        buffer_[r][c] = v ? std::move(*v) : std::string();
      }
    }
    pg::free_result();
    pos_ = 0;
    if (n < static_cast<uint64_t>(kFetch)) done_ = true;
  }

  std::vector<std::string> names_;
  Portal portal_ = nullptr;
  bool header_sent_ = false;
  bool done_ = false;
  std::vector<std::vector<std::string>> buffer_;
  size_t pos_ = 0;
  int64_t number_ = 1;
};

}  // namespace

std::unique_ptr<RowSource> open_staged(Oid relid) { return std::make_unique<StagedSource>(relid); }

}  // namespace leadimport::pipeline
