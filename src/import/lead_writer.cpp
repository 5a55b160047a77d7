#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/dedupe/seen_phones.hpp"
#include "import/lead_writer.hpp"
#include "pg/arrays.hpp"
#include "pg/as_owner.hpp"
#include "pg/citus.hpp"
#include "pg/copy_in.hpp"
#include "pg/sequence.hpp"
#include "pg/spi.hpp"
#include "pg/sql_error.hpp"

namespace leadimport::pipeline {

namespace {
// On Citus (issue 12) a transaction may not touch a shard through the
// connection of one role after another role's connection wrote to it
// ("cannot perform query on placements that were modified in this
// transaction by a different user"), and an import writes its bookkeeping
// (imports, import_errors: the same shard) as their owner. So there the
// campaign's leads and contacts are read and written as the owner too, once
// the caller's own privileges for exactly those reads and writes were
// checked (this function, once per import): what PostgreSQL checks on one
// server, where they run as the caller. Leads and contacts have no
// row-level security.
void check_citus_caller() {
  Oid role = pg::calling_role();
  if (pg::exec(
          "SELECT t.tab, t.priv FROM (VALUES"
          " ('leads', 'campaign_id', 'INSERT'), ('leads', 'phone_number', 'INSERT'),"
          " ('leads', 'variables', 'INSERT'), ('leads', 'import_id', 'INSERT'),"
          " ('leads', 'source_row', 'INSERT'), ('leads', 'id', 'SELECT'),"
          " ('leads', 'campaign_id', 'SELECT'), ('leads', 'phone_number', 'SELECT'),"
          " ('leads', 'import_id', 'SELECT'), ('leads', 'source_row', 'SELECT'),"
          " ('lead_contacts', 'campaign_id', 'INSERT'), ('lead_contacts', 'lead_id', 'INSERT'),"
          " ('lead_contacts', 'position', 'INSERT'),"
          " ('lead_contacts', 'phone_number', 'INSERT'),"
          " ('lead_contacts', 'variables', 'INSERT')) AS t(tab, col, priv)"
          " WHERE NOT pg_catalog.has_column_privilege($1,"
          " pg_catalog.format('leadimport.%I', t.tab)::pg_catalog.regclass, t.col, t.priv)"
          " LIMIT 1",
          {pg::oid_param(role)}, true) > 0) {
    std::string table = pg::result_text(0, 0).value_or("");
    pg::free_result();
    throw pg::SqlError(ERRCODE_INSUFFICIENT_PRIVILEGE, "permission denied for table " + table);
  }
  pg::free_result();
}
}  // namespace

struct LeadWriter::Statements {
  // One index lookup per number: written as a join so that no plan can turn
  // "phone_number = ANY ($2)" into a filter over all of the campaign's leads.
  pg::Statement owners{
      "SELECT l.phone_number, l.id, coalesce(l.import_id, 0), coalesce(l.source_row, 0)"
      " FROM pg_catalog.unnest($2::text[]) AS p(phone)"
      " JOIN leadimport.leads l ON l.campaign_id = $1 AND l.phone_number = p.phone",
      {INT8OID, TEXTARRAYOID}};
  // The fallback after a race: ON CONFLICT DO NOTHING leaves out the rows
  // whose number another session took.
  pg::Statement leads{
      "INSERT INTO leadimport.leads (campaign_id, phone_number, variables, import_id, source_row)"
      " SELECT $1, t.p, t.v::jsonb, $2, t.r FROM ROWS FROM (pg_catalog.unnest($3::text[]), "
      "pg_catalog.unnest($4::text[]), pg_catalog.unnest($5::int8[]))"
      " AS t(p, v, r) ORDER BY t.p, t.r"
      " ON CONFLICT (campaign_id, phone_number) DO NOTHING RETURNING id, source_row",
      {INT8OID, INT8OID, TEXTARRAYOID, TEXTARRAYOID, INT8ARRAYOID}};
  // The same for a Citus table, prepared on first use. Citus counts the
  // rows an INSERT ... SELECT sent to the shard, not those ON CONFLICT let
  // in, so the RETURNING rows can be fewer than the count SPI checks them
  // against ("consistency check on SPI tuple count failed"): read through a
  // CTE, the count is the rows returned.
  std::unique_ptr<pg::Statement> citus_leads;
  const pg::Statement& leads_citus() {
    if (!citus_leads)
      citus_leads = std::make_unique<pg::Statement>(
          "WITH ins AS ("
          " INSERT INTO leadimport.leads (campaign_id, phone_number, variables, import_id, "
          "source_row)"
          " SELECT $1, t.p, t.v::jsonb, $2, t.r FROM ROWS FROM (pg_catalog.unnest($3::text[]), "
          "pg_catalog.unnest($4::text[]), pg_catalog.unnest($5::int8[]))"
          " AS t(p, v, r) ORDER BY t.p, t.r"
          " ON CONFLICT (campaign_id, phone_number) DO NOTHING RETURNING id, source_row)"
          " SELECT id, source_row FROM ins",
          std::vector<Oid>{INT8OID, INT8OID, TEXTARRAYOID, TEXTARRAYOID, INT8ARRAYOID});
    return *citus_leads;
  }
  // The fallback's contacts (the plain path COPYs them).
  pg::Statement contacts{
      "INSERT INTO leadimport.lead_contacts (campaign_id, lead_id, position, phone_number, "
      "variables)"
      " SELECT $1, t.l, t.pos, t.p, t.v::jsonb"
      " FROM ROWS FROM (pg_catalog.unnest($2::int8[]), pg_catalog.unnest($3::int2[]), "
      "pg_catalog.unnest($4::text[]), pg_catalog.unnest($5::text[])) AS t(l, pos, p, v)",
      {INT8OID, INT8ARRAYOID, INT2ARRAYOID, TEXTARRAYOID, TEXTARRAYOID}};
};

// Rows go in phone order (then file order): two imports racing for the
// same numbers wait for each other in the same order (no deadlock).
struct LeadWriter::Copies {
  pg::CopyIn leads{"leadimport",
                   "leads",
                   {"campaign_id", "id", "phone_number", "variables", "import_id", "source_row"}};
  pg::CopyIn contacts{"leadimport",
                      "lead_contacts",
                      {"campaign_id", "lead_id", "position", "phone_number", "variables"}};
  pg::IdentitySequence ids{"leadimport.leads", "id"};
  std::vector<int64_t> id_values;
  // COPY FROM refuses tables under row-level security: then every batch is
  // written with the (slower) INSERT ... ON CONFLICT statements instead.
  // So is every batch of a Citus table (issue 12): PostgreSQL's COPY
  // machinery called directly would fill the coordinator's local shell
  // table, while Citus plans the statements and routes them to the
  // campaign's shard. Asked once per import.
  bool usable() { return !on_citus() && leads.usable() && contacts.usable(); }
  bool on_citus() {
    if (citus < 0) {
      citus = pg::is_citus_table("leadimport.leads") ? 1 : 0;
      if (citus == 1) check_citus_caller();
    }
    return citus == 1;
  }
  int citus = -1;  // not looked up yet
};

LeadWriter::LeadWriter(int64_t campaign_id, int64_t import_id)
    : campaign_id_(campaign_id),
      import_id_(import_id),
      st_(std::make_unique<Statements>()),
      copies_(std::make_unique<Copies>()) {}

LeadWriter::~LeadWriter() = default;

// Looks up the leads holding the phones of `rows` (batch indexes).
void LeadWriter::find_owners(const std::vector<PendingLead>& batch, const std::vector<size_t>& rows,
                             std::vector<Rejected>& out) {
  if (rows.empty()) return;
  std::unordered_map<std::string_view, std::vector<size_t>> by_phone;
  std::vector<std::string_view> phones;
  for (size_t i : rows) {
    auto& v = by_phone[batch[i].e164];
    if (v.empty()) phones.push_back(batch[i].e164);
    v.push_back(i);
  }
  std::optional<pg::AsOwner> as_owner;  // on Citus (see check_citus_caller)
  if (copies_->on_citus()) as_owner.emplace();
  pg::BatchMemory mem;
  mem.enter();
  // Not read-only: it must see the leads this transaction just inserted.
  uint64_t n = st_->owners.run({pg::int8_param(campaign_id_), pg::text_array(phones)});
  std::unordered_map<std::string, Rejected> owner;
  for (uint64_t r = 0; r < n; r++) {
    Rejected o;
    o.lead = pg::result_int8(r, 1).value_or(0);
    o.lead_import = pg::result_int8(r, 2).value_or(0);
    o.lead_row = pg::result_int8(r, 3).value_or(0);
    owner.emplace(pg::result_text(r, 0).value_or(""), o);
  }
  pg::free_result();
  mem.leave();
  for (size_t i : rows) {
    Rejected rej;
    auto it = owner.find(batch[i].e164);
    if (it != owner.end()) rej = it->second;
    rej.index = i;
    out.push_back(rej);
  }
}

void LeadWriter::probe(const std::vector<PendingLead>& batch, std::vector<Rejected>& out) {
  std::vector<size_t> all(batch.size());
  for (size_t i = 0; i < all.size(); i++) all[i] = i;
  std::vector<Rejected> found;
  find_owners(batch, all, found);
  for (const auto& r : found)
    if (r.lead) out.push_back(r);
}

int64_t LeadWriter::insert(const std::vector<PendingLead>& batch, std::vector<Rejected>& lost) {
  if (batch.empty()) return 0;
  // Numbers the campaign already has (earlier batches of this file
  // included): only the rows the filter says "maybe" for are looked up —
  // cheaper than a probe per row, or ON CONFLICT's speculative insertion.
  if (!filter_loaded_) load_filter();
  std::vector<size_t> suspects;
  for (size_t i = 0; i < batch.size(); i++)
    if (filter_.maybe(e164_key(batch[i].e164))) suspects.push_back(i);
  std::vector<Rejected> found;
  find_owners(batch, suspects, found);
  std::vector<bool> taken(batch.size(), false);
  for (const auto& r : found) {
    if (!r.lead) continue;
    taken[r.index] = true;
    lost.push_back(r);
  }

  // The rest in phone order, then file order: the first of two equal
  // numbers in the batch wins, the others are duplicates in the file.
  std::vector<size_t> order;
  order.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); i++)
    if (!taken[i]) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return batch[a].e164 != batch[b].e164 ? batch[a].e164 < batch[b].e164
                                          : batch[a].row < batch[b].row;
  });
  std::vector<size_t> unique;
  unique.reserve(order.size());
  for (size_t k = 0; k < order.size(); k++) {
    if (!unique.empty() && batch[unique.back()].e164 == batch[order[k]].e164) {
      Rejected r;
      r.index = order[k];
      r.lead_import = import_id_;
      r.lead_row = batch[unique.back()].row;
      lost.push_back(r);
      continue;
    }
    unique.push_back(order[k]);
  }

  // COPY in a subtransaction; only if another session inserted one of these
  // numbers since the lookup (a unique violation) is the batch written again
  // with INSERT ... ON CONFLICT DO NOTHING.
  std::vector<int64_t> lead_of(batch.size(), 0);
  if (copies_->usable()) {
    int64_t n = 0;
    if (copy_batch(batch, unique, lead_of, n)) return n;
    std::fill(lead_of.begin(), lead_of.end(), 0);
  }
  int64_t n = write(batch, unique, lead_of);
  std::vector<size_t> raced;
  for (size_t i : unique) {
    filter_.add(e164_key(batch[i].e164));  // inserted by us or by the other session
    if (lead_of[i] == 0) raced.push_back(i);
  }
  find_owners(batch, raced, lost);
  return n;
}

// The plain path: false (nothing written) after a unique violation.
bool LeadWriter::copy_batch(const std::vector<PendingLead>& batch,
                            const std::vector<size_t>& unique, std::vector<int64_t>& lead_of,
                            int64_t& n) {
  MemoryContext cxt = CurrentMemoryContext;
  ResourceOwner owner = CurrentResourceOwner;
  pg::guard([&] {
    BeginInternalSubTransaction(nullptr);
    MemoryContextSwitchTo(cxt);
  });
  try {
    n = copy(batch, unique, lead_of);
    pg::guard([&] {
      ReleaseCurrentSubTransaction();
      MemoryContextSwitchTo(cxt);
      CurrentResourceOwner = owner;
    });
    for (size_t i : unique) filter_.add(e164_key(batch[i].e164));
    return true;
  } catch (const pg::PgError& e) {
    pg::guard([&] {
      RollbackAndReleaseCurrentSubTransaction();
      MemoryContextSwitchTo(cxt);
      CurrentResourceOwner = owner;
    });
    if (e.edata()->sqlerrcode != ERRCODE_UNIQUE_VIOLATION) throw;
  }
  return false;
}

int64_t LeadWriter::copy(const std::vector<PendingLead>& batch, const std::vector<size_t>& rows,
                         std::vector<int64_t>& lead_of) {
  if (rows.empty()) return 0;
  Copies& c = *copies_;
  c.ids.next(rows.size(), c.id_values);
  for (size_t k = 0; k < rows.size(); k++) {
    const PendingLead& l = batch[rows[k]];
    lead_of[rows[k]] = c.id_values[k];
    c.leads.int8(campaign_id_);
    c.leads.int8(c.id_values[k]);
    c.leads.text(l.e164);
    c.leads.text(l.variables_json);
    c.leads.int8(import_id_);
    c.leads.int8(l.row);
    c.leads.end_row();
  }
  int64_t n = static_cast<int64_t>(c.leads.load());
  for (size_t i : rows) {
    for (const auto& contact : batch[i].contacts) {
      c.contacts.int8(campaign_id_);
      c.contacts.int8(lead_of[i]);
      c.contacts.int8(contact.position);
      c.contacts.text(contact.e164);
      c.contacts.text(contact.variables_json);
      c.contacts.end_row();
    }
  }
  c.contacts.load();
  return n;
}

int64_t LeadWriter::write(const std::vector<PendingLead>& batch, const std::vector<size_t>& rows,
                          std::vector<int64_t>& lead_of) {
  if (rows.empty()) return 0;
  std::vector<std::string_view> phones, vars;
  std::vector<int64_t> source_rows;
  std::unordered_map<int64_t, size_t> by_row;  // source row -> batch index
  phones.reserve(rows.size());
  vars.reserve(rows.size());
  source_rows.reserve(rows.size());
  by_row.reserve(rows.size());
  for (size_t i : rows) {
    phones.push_back(batch[i].e164);
    vars.push_back(batch[i].variables_json);
    source_rows.push_back(batch[i].row);
    by_row.emplace(batch[i].row, i);
  }

  std::optional<pg::AsOwner> as_owner;  // on Citus (see check_citus_caller)
  if (copies_->on_citus()) as_owner.emplace();
  pg::BatchMemory mem;
  mem.enter();
  const pg::Statement& leads = copies_->citus == 1 ? st_->leads_citus() : st_->leads;
  uint64_t n =
      leads.run({pg::int8_param(campaign_id_), pg::int8_param(import_id_), pg::text_array(phones),
                 pg::text_array(vars), pg::int8_array(source_rows)});
  for (uint64_t r = 0; r < n; r++) {
    int64_t id = pg::result_int8(r, 0).value_or(0);
    auto it = by_row.find(pg::result_int8(r, 1).value_or(0));
    if (it != by_row.end()) lead_of[it->second] = id;
  }
  pg::free_result();

  std::vector<int64_t> c_lead;
  std::vector<int16_t> c_pos;
  std::vector<std::string_view> c_phone, c_vars;
  for (size_t i : rows) {
    if (lead_of[i] == 0) continue;
    for (const auto& c : batch[i].contacts) {
      c_lead.push_back(lead_of[i]);
      c_pos.push_back(static_cast<int16_t>(c.position));
      c_phone.push_back(c.e164);
      c_vars.push_back(c.variables_json);
    }
  }
  if (!c_lead.empty()) {
    mem.enter();  // the statement above switched back to SPI's context
    st_->contacts.run({pg::int8_param(campaign_id_), pg::int8_array(c_lead), pg::int2_array(c_pos),
                       pg::text_array(c_phone), pg::text_array(c_vars)});
  }
  mem.leave();
  return static_cast<int64_t>(n);
}

// Puts the campaign's numbers into the filter, a page of the unique index
// at a time (a campaign can hold millions of leads).
void LeadWriter::load_filter() {
  filter_loaded_ = true;
  std::optional<pg::AsOwner> as_owner;  // on Citus (see check_citus_caller)
  if (copies_->on_citus()) as_owner.emplace();
  std::string last;
  for (;;) {
    uint64_t n = pg::exec(
        "SELECT phone_number FROM leadimport.leads WHERE campaign_id = $1 AND phone_number > $2"
        " ORDER BY phone_number LIMIT 50000",
        {pg::int8_param(campaign_id_), pg::text_param(last)});
    for (uint64_t r = 0; r < n; r++) {
      last = pg::result_text(r, 0).value_or("");
      filter_.add(e164_key(last));
    }
    pg::free_result();
    if (n < 50000) break;
  }
}

// Importers have no DELETE on leads: the rows go as the owner, and only
// while this import is still running (a completed import's leads are never
// removed by a later event).
void LeadWriter::discard() {
  pg::AsOwner owner;
  pg::exec(
      "DELETE FROM leadimport.leads l WHERE l.campaign_id = $1 AND l.import_id = $2"
      " AND EXISTS (SELECT FROM leadimport.imports i"
      "             WHERE i.campaign_id = $1 AND i.id = $2 AND i.status = 'running')",
      {pg::int8_param(campaign_id_), pg::int8_param(import_id_)});
}

}  // namespace leadimport::pipeline
