#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "import/lead_writer.hpp"
#include "pg/arrays.hpp"
#include "pg/spi.hpp"

namespace leadimport::pipeline {

struct LeadWriter::Statements {
  pg::Statement probe{
      "SELECT phone_number, id FROM leadimport.leads"
      " WHERE campaign_id = $1 AND phone_number = ANY ($2)",
      {INT8OID, TEXTARRAYOID}};
  // Sorted input and ON CONFLICT DO NOTHING: two imports racing for the same
  // numbers wait for each other in the same order (no deadlock) and the loser
  // sees which rows it did not get.
  pg::Statement leads{
      "INSERT INTO leadimport.leads (campaign_id, phone_number, variables, import_id, source_row)"
      " SELECT $1, t.p, t.v::jsonb, $2, t.r FROM unnest($3::text[], $4::text[], $5::int8[])"
      " AS t(p, v, r) ORDER BY t.p"
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

void LeadWriter::probe(const std::vector<PendingLead>& batch, std::vector<Rejected>& out) {
  if (batch.empty()) return;
  std::unordered_map<std::string_view, size_t> index;
  std::vector<std::string_view> phones;
  phones.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); i++) {
    phones.push_back(batch[i].e164);
    index.emplace(batch[i].e164, i);
  }
  pg::BatchMemory mem;
  mem.enter();
  uint64_t n = st_->probe.run({pg::int8_param(campaign_id_), pg::text_array(phones)}, true);
  for (uint64_t r = 0; r < n; r++) {
    auto phone = pg::result_text(r, 0);
    auto it = phone ? index.find(*phone) : index.end();
    if (it != index.end()) out.push_back({it->second, pg::result_int8(r, 1).value_or(0)});
  }
  pg::free_result();
  mem.leave();
  std::sort(out.begin(), out.end(),
            [](const Rejected& a, const Rejected& b) { return a.index < b.index; });
}

int64_t LeadWriter::insert(const std::vector<PendingLead>& batch,
                           const std::vector<Rejected>& skip, std::vector<Rejected>& lost) {
  std::vector<std::string_view> phones, vars;
  std::vector<int64_t> rows;
  std::unordered_map<int64_t, size_t> by_row;  // source row -> batch index
  size_t s = 0;
  for (size_t i = 0; i < batch.size(); i++) {
    if (s < skip.size() && skip[s].index == i) {
      s++;
      continue;
    }
    phones.push_back(batch[i].e164);
    vars.push_back(batch[i].variables_json);
    rows.push_back(batch[i].row);
    by_row.emplace(batch[i].row, i);
  }
  if (rows.empty()) return 0;

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
  for (const auto& [row, i] : by_row) {
    if (lead_of[i] == 0) {
      lost.push_back({i, 0});
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
    st_->contacts.run({pg::int8_param(campaign_id_), pg::int8_array(c_lead), pg::int2_array(c_pos),
                       pg::text_array(c_phone), pg::text_array(c_vars)});
  }
  mem.leave();
  std::sort(lost.begin(), lost.end(),
            [](const Rejected& a, const Rejected& b) { return a.index < b.index; });
  return static_cast<int64_t>(n);
}

void LeadWriter::discard() {
  pg::exec("DELETE FROM leadimport.leads WHERE campaign_id = $1 AND import_id = $2",
           {pg::int8_param(campaign_id_), pg::int8_param(import_id_)});
}

std::vector<std::pair<std::string, int64_t>> LeadWriter::imported_phones() {
  std::vector<std::pair<std::string, int64_t>> out;
  uint64_t n = pg::exec(
      "SELECT phone_number, source_row FROM leadimport.leads WHERE campaign_id = $1 AND import_id = $2",
      {pg::int8_param(campaign_id_), pg::int8_param(import_id_)}, true);
  out.reserve(n);
  for (uint64_t r = 0; r < n; r++)
    out.emplace_back(pg::result_text(r, 0).value_or(""), pg::result_int8(r, 1).value_or(0));
  pg::free_result();
  return out;
}

}  // namespace leadimport::pipeline
