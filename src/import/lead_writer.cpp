#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "import/lead_writer.hpp"
#include "pg/arrays.hpp"
#include "pg/spi.hpp"

namespace leadimport::pipeline {

struct LeadWriter::Statements {
  pg::Statement owners{
      "SELECT phone_number, id, coalesce(import_id, 0), coalesce(source_row, 0)"
      " FROM leadimport.leads WHERE campaign_id = $1 AND phone_number = ANY ($2)",
      {INT8OID, TEXTARRAYOID}};
  // Rows go in phone order (then file order, so the first of two equal
  // numbers wins): two imports racing for the same numbers wait for each
  // other in the same order (no deadlock), and ON CONFLICT DO NOTHING leaves
  // out the rows whose number is taken.
  pg::Statement leads{
      "INSERT INTO leadimport.leads (campaign_id, phone_number, variables, import_id, source_row)"
      " SELECT $1, t.p, t.v::jsonb, $2, t.r FROM unnest($3::text[], $4::text[], $5::int8[])"
      " AS t(p, v, r) ORDER BY t.p, t.r"
      " ON CONFLICT (campaign_id, phone_number) DO NOTHING RETURNING id, source_row",
      {INT8OID, INT8OID, TEXTARRAYOID, TEXTARRAYOID, INT8ARRAYOID}};
  pg::Statement contacts{
      "INSERT INTO leadimport.lead_contacts (campaign_id, lead_id, position, phone_number, variables)"
      " SELECT $1, t.l, t.pos, t.p, t.v::jsonb"
      " FROM unnest($2::int8[], $3::int2[], $4::text[], $5::text[]) AS t(l, pos, p, v)",
      {INT8OID, INT8ARRAYOID, INT2ARRAYOID, TEXTARRAYOID, TEXTARRAYOID}};
};

LeadWriter::LeadWriter(int64_t campaign_id, int64_t import_id)
    : campaign_id_(campaign_id), import_id_(import_id), st_(std::make_unique<Statements>()) {}

LeadWriter::~LeadWriter() = default;

// Looks up the leads holding the phones of `rows` (batch indexes).
void LeadWriter::find_owners(const std::vector<PendingLead>& batch,
                             const std::vector<size_t>& rows, std::vector<Rejected>& out) {
  if (rows.empty()) return;
  std::unordered_map<std::string_view, std::vector<size_t>> by_phone;
  std::vector<std::string_view> phones;
  for (size_t i : rows) {
    auto& v = by_phone[batch[i].e164];
    if (v.empty()) phones.push_back(batch[i].e164);
    v.push_back(i);
  }
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
  std::vector<std::string_view> phones, vars;
  std::vector<int64_t> rows;
  std::unordered_map<int64_t, size_t> by_row;  // source row -> batch index
  phones.reserve(batch.size());
  vars.reserve(batch.size());
  rows.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); i++) {
    phones.push_back(batch[i].e164);
    vars.push_back(batch[i].variables_json);
    rows.push_back(batch[i].row);
    by_row.emplace(batch[i].row, i);
  }

  pg::BatchMemory mem;
  mem.enter();
  uint64_t n = st_->leads.run({pg::int8_param(campaign_id_), pg::int8_param(import_id_),
                               pg::text_array(phones), pg::text_array(vars),
                               pg::int8_array(rows)});
  std::vector<int64_t> lead_of(batch.size(), 0);
  for (uint64_t r = 0; r < n; r++) {
    int64_t id = pg::result_int8(r, 0).value_or(0);
    auto it = by_row.find(pg::result_int8(r, 1).value_or(0));
    if (it != by_row.end()) lead_of[it->second] = id;
  }
  pg::free_result();

  std::vector<int64_t> c_lead;
  std::vector<int16_t> c_pos;
  std::vector<std::string_view> c_phone, c_vars;
  std::vector<size_t> not_inserted;
  for (size_t i = 0; i < batch.size(); i++) {
    if (lead_of[i] == 0) {
      not_inserted.push_back(i);
      continue;
    }
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
  find_owners(batch, not_inserted, lost);
  return static_cast<int64_t>(n);
}

void LeadWriter::discard() {
  pg::exec("DELETE FROM leadimport.leads WHERE campaign_id = $1 AND import_id = $2",
           {pg::int8_param(campaign_id_), pg::int8_param(import_id_)});
}

}  // namespace leadimport::pipeline
