#include "core/map/mapping.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "core/errors.hpp"
#include "core/interrupt.hpp"

namespace leadimport {
namespace {

using Headers = std::vector<std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

VariableSpec var(const std::string& name, int position, bool required = false,
                 VarType type = VarType::text) {
  VariableSpec v;
  v.name = name;
  v.type = type;
  v.required = required;
  v.position = position;
  return v;
}

std::vector<VariableSpec> seed_vars() {
  return {var("customer_name", 1, true), var("company", 2), var("email", 3)};
}

// Runs `f`, expects a FileError with `code`, and returns its message.
template <typename F>
std::string file_error_code(F f, const std::string& code, std::string* hint = nullptr) {
  try {
    f();
  } catch (const FileError& e) {
    EXPECT_EQ(e.code(), code);
    if (hint != nullptr) *hint = e.hint();
    return e.what();
  }
  ADD_FAILURE() << "no FileError " << code;
  return {};
}

template <typename F>
std::string usage_error(F f, std::string* hint = nullptr) {
  try {
    f();
  } catch (const UsageError& e) {
    if (hint != nullptr) *hint = e.hint();
    return e.what();
  }
  ADD_FAILURE() << "no UsageError";
  return {};
}

// ---------------------------------------------------------------------------
// detect_mapping: the primary phone

TEST(DetectMapping, FindsThePhoneBySynonym) {
  for (const char* h : {"Phone",          "phone_number",   "Phone Number",
                        "PHONE-NUMBER",   " phone number ", "Mobile",
                        "Mobile Number",  "Mobile Phone",   "Tel",
                        "Tel.",           "Telephone",      "Telephone Number",
                        "Cell",           "Cell Phone",     "Cell Number",
                        "Contact Number", "Primary Phone",  "Phone No.",
                        "Phone 1",        "Mobile 1",       "Telephone 1",
                        "Number"}) {
    Mapping m = detect_mapping({"Name", h, "Company"}, {}, 0);
    EXPECT_EQ(m.phone_column, h);
    EXPECT_EQ(m.unmapped, (Headers{"Name", "Company"})) << h;
  }
}

TEST(DetectMapping, TakesTheFirstPhoneColumn) {
  Mapping m = detect_mapping({"Mobile", "Phone"}, {}, 0);
  EXPECT_EQ(m.phone_column, "Mobile");
  EXPECT_EQ(m.unmapped, Headers{"Phone"});
}

TEST(DetectMapping, PrefersTheSystemFieldsOwnName) {
  Mapping m = detect_mapping({"Mobile", "Phone Number"}, {}, 0);
  EXPECT_EQ(m.phone_column, "Phone Number");
  EXPECT_EQ(m.unmapped, Headers{"Mobile"});
}

TEST(DetectMapping, PrefersARealPhoneWordOverNumber) {
  EXPECT_EQ(detect_mapping({"Number", "Phone"}, {}, 0).phone_column, "Phone");
}

TEST(DetectMapping, LeavesAVariablesOwnColumnToIt) {
  std::vector<VariableSpec> vars = {var("mobile", 1)};
  Mapping m = detect_mapping({"Mobile", "Phone"}, vars, 0);
  EXPECT_EQ(m.phone_column, "Phone");
  EXPECT_EQ(m.variables, (Pairs{{"mobile", "Mobile"}}));
  // With no other phone column, the phone still wins.
  m = detect_mapping({"Mobile", "Name"}, vars, 0);
  EXPECT_EQ(m.phone_column, "Mobile");
  EXPECT_TRUE(m.variables.empty());
}

TEST(DetectMapping, FallsBackToAPhoneSuffix) {
  EXPECT_EQ(detect_mapping({"Name", "Work Phone"}, {}, 0).phone_column, "Work Phone");
  EXPECT_EQ(detect_mapping({"Name", "Business Phone Number"}, {}, 0).phone_column,
            "Business Phone Number");
  EXPECT_EQ(detect_mapping({"Name", "Secondary Phone"}, {}, 0).phone_column, "");
}

TEST(DetectMapping, WithoutPhoneLeavesItEmpty) {
  Mapping m = detect_mapping({"Name", "Company"}, seed_vars(), 0);
  EXPECT_EQ(m.phone_column, "");
  EXPECT_EQ(m.unmapped, Headers{});
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Name"}, {"company", "Company"}}));
}

// ---------------------------------------------------------------------------
// detect_mapping: variables

TEST(DetectMapping, MatchesVariablesIgnoringCaseSpacesAndPunctuation) {
  for (const char* h :
       {"customer_name", "Customer Name", "CUSTOMER-NAME", "customer.name", "CustomerName"}) {
    Mapping m = detect_mapping({"phone_number", h}, seed_vars(), 0);
    EXPECT_EQ(m.variables, (Pairs{{"customer_name", h}})) << h;
    EXPECT_TRUE(m.unmapped.empty());
  }
}

TEST(DetectMapping, KnowsNameSynonyms) {
  for (const char* h : {"Name", "Full Name", "Customer", "Contact Name", "Client Name"}) {
    Mapping m = detect_mapping({"Phone", h}, seed_vars(), 0);
    EXPECT_EQ(m.variables, (Pairs{{"customer_name", h}})) << h;
  }
}

TEST(DetectMapping, KnowsFirstAndLastNameSynonyms) {
  std::vector<VariableSpec> vars = {var("first_name", 1), var("last_name", 2)};
  for (auto headers :
       {Headers{"Phone", "Given Name", "Surname"}, Headers{"Phone", "Forename", "Family Name"},
        Headers{"Phone", "First Name", "Last Name"}}) {
    Mapping m = detect_mapping(headers, vars, 0);
    EXPECT_EQ(m.variables, (Pairs{{"first_name", headers[1]}, {"last_name", headers[2]}}));
  }
}

TEST(DetectMapping, KnowsEmailSynonyms) {
  for (const char* h : {"E-mail", "Email Address", "Mail", "EMAIL"}) {
    Mapping m = detect_mapping({"Phone", h}, seed_vars(), 0);
    EXPECT_EQ(m.variables, (Pairs{{"email", h}})) << h;
  }
}

TEST(DetectMapping, KnowsCompanySynonyms) {
  for (const char* h : {"Company Name", "Organization", "Organisation", "Business", "Account"}) {
    Mapping m = detect_mapping({"Phone", h}, seed_vars(), 0);
    EXPECT_EQ(m.variables, (Pairs{{"company", h}})) << h;
  }
  std::vector<VariableSpec> vars = {var("organization", 1)};
  EXPECT_EQ(detect_mapping({"Phone", "Company"}, vars, 0).variables,
            (Pairs{{"organization", "Company"}}));
}

TEST(DetectMapping, ExactNamesBeatSynonyms) {
  std::vector<VariableSpec> vars = {var("name", 1), var("customer_name", 2)};
  Mapping m = detect_mapping({"Phone", "Customer Name", "Name"}, vars, 0);
  EXPECT_EQ(m.variables, (Pairs{{"name", "Name"}, {"customer_name", "Customer Name"}}));
}

TEST(DetectMapping, UsesAHeaderOnlyOnce) {
  std::vector<VariableSpec> vars = {var("full_name", 1), var("customer_name", 2)};
  Mapping m = detect_mapping({"Phone", "Name"}, vars, 0);
  EXPECT_EQ(m.variables, (Pairs{{"full_name", "Name"}}));
}

TEST(DetectMapping, ListsVariablesInPositionOrder) {
  std::vector<VariableSpec> vars = {var("email", 3), var("customer_name", 1), var("company", 2)};
  Mapping m = detect_mapping({"email", "phone", "company", "customer_name"}, vars, 0);
  EXPECT_EQ(
      m.variables,
      (Pairs{{"customer_name", "customer_name"}, {"company", "company"}, {"email", "email"}}));
}

TEST(DetectMapping, ListsUnmappedInHeaderOrder) {
  Mapping m = detect_mapping({"Z", "Phone", "A", "customer_name", "M"}, seed_vars(), 0);
  EXPECT_EQ(m.unmapped, (Headers{"Z", "A", "M"}));
}

TEST(DetectMapping, IgnoresReportColumns) {
  Mapping m = detect_mapping({"Phone", "Name", "error_row", "error_column", "error_code",
                              "error_message", "how_to_fix", "Notes"},
                             seed_vars(), 0);
  EXPECT_EQ(m.phone_column, "Phone");
  EXPECT_EQ(m.unmapped, Headers{"Notes"});
  // Even a variable with a report column's name does not take it.
  std::vector<VariableSpec> vars = {var("error_code", 1)};
  EXPECT_TRUE(detect_mapping({"Phone", "error_code"}, vars, 0).variables.empty());
}

// ---------------------------------------------------------------------------
// detect_mapping: secondary contacts

TEST(DetectMapping, FindsTheSeedsSecondaryColumns) {
  Mapping m = detect_mapping({"phone_number", "customer_name", "company", "secondary_phone_1",
                              "secondary_1_name", "secondary_1_role"},
                             seed_vars(), 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_1");
  EXPECT_EQ(m.secondary[0].variables,
            (Pairs{{"name", "secondary_1_name"}, {"role", "secondary_1_role"}}));
  EXPECT_TRUE(m.unmapped.empty());
}

TEST(DetectMapping, KnowsSecondaryPhoneSpellings) {
  for (const char* h : {"secondary_phone_1", "Secondary Phone 1", "SECONDARY-PHONE-NUMBER-1",
                        "Secondary 1 Phone", "secondary_1_phone_number", "secondary_1",
                        "Secondary Mobile 1", "Secondary Contact 1 Phone", "Secondary Phone"}) {
    Mapping m = detect_mapping({"Phone", h}, {}, 1);
    ASSERT_EQ(m.secondary.size(), 1u) << h;
    EXPECT_EQ(m.secondary[0].phone_column, h);
    EXPECT_TRUE(m.unmapped.empty()) << h;
  }
}

TEST(DetectMapping, PutsEachSecondaryInItsSlot) {
  Mapping m = detect_mapping(
      {"Phone", "Secondary Phone 2", "secondary_2_name", "secondary_phone_1", "secondary_1_name"},
      {}, 2);
  ASSERT_EQ(m.secondary.size(), 2u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_1");
  EXPECT_EQ(m.secondary[0].variables, (Pairs{{"name", "secondary_1_name"}}));
  EXPECT_EQ(m.secondary[1].phone_column, "Secondary Phone 2");
  EXPECT_EQ(m.secondary[1].variables, (Pairs{{"name", "secondary_2_name"}}));
}

TEST(DetectMapping, LeavesSecondariesBeyondTheOptionUnmapped) {
  Headers headers = {"Phone", "secondary_phone_1", "secondary_1_name", "secondary_phone_2",
                     "secondary_2_name"};
  Mapping m = detect_mapping(headers, {}, 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.unmapped, (Headers{"secondary_phone_2", "secondary_2_name"}));
  m = detect_mapping(headers, {}, 0);
  EXPECT_TRUE(m.secondary.empty());
  EXPECT_EQ(m.unmapped, (Headers{"secondary_phone_1", "secondary_1_name", "secondary_phone_2",
                                 "secondary_2_name"}));
  EXPECT_EQ(detect_mapping({"Phone", "secondary_phone_11"}, {}, 10).unmapped,
            Headers{"secondary_phone_11"});
}

TEST(DetectMapping, NumberedPhonesFillSecondarySlots) {
  Mapping m = detect_mapping({"Phone 1", "Phone 2", "Phone 3"}, {}, 2);
  EXPECT_EQ(m.phone_column, "Phone 1");
  ASSERT_EQ(m.secondary.size(), 2u);
  EXPECT_EQ(m.secondary[0].phone_column, "Phone 2");
  EXPECT_EQ(m.secondary[1].phone_column, "Phone 3");

  m = detect_mapping({"Phone 1", "Phone 3", "Phone 2"}, {}, 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "Phone 2");
  EXPECT_EQ(m.unmapped, Headers{"Phone 3"});

  m = detect_mapping({"Phone", "Mobile 2"}, {}, 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "Mobile 2");

  m = detect_mapping({"Phone 1", "Phone 2"}, {}, 0);
  EXPECT_TRUE(m.secondary.empty());
  EXPECT_EQ(m.unmapped, Headers{"Phone 2"});
}

TEST(DetectMapping, NumberedPhonesJoinTheSecondaryVariables) {
  Mapping m = detect_mapping({"Phone 1", "Phone 2", "secondary_1_name"}, {}, 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "Phone 2");
  EXPECT_EQ(m.secondary[0].variables, (Pairs{{"name", "secondary_1_name"}}));
}

TEST(DetectMapping, NumberedPhonesTakeTheSlotsLeftFree) {
  Mapping m = detect_mapping({"Phone", "Phone 2", "secondary_phone_1"}, {}, 2);
  ASSERT_EQ(m.secondary.size(), 2u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_1");
  EXPECT_EQ(m.secondary[1].phone_column, "Phone 2");
}

TEST(DetectMapping, DropsEmptySlots) {
  Mapping m = detect_mapping({"Phone", "secondary_phone_2", "secondary_2_name"}, {}, 2);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_2");
}

TEST(DetectMapping, KeepsSecondaryVariablesWithoutAPhone) {
  Mapping m = detect_mapping({"Phone", "secondary_1_name"}, {}, 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "");
  EXPECT_EQ(m.secondary[0].variables, (Pairs{{"name", "secondary_1_name"}}));
}

TEST(DetectMapping, NamesSecondaryVariables) {
  Mapping m = detect_mapping(
      {"Phone", "secondary_phone_1", "Secondary 1 Customer Name", "Secondary 1 Job Title",
       "secondary-1-Preferred-Time", "secondary_1_role", "Secondary 1 Role"},
      seed_vars(), 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].variables, (Pairs{{"customer_name", "Secondary 1 Customer Name"},
                                             {"job_title", "Secondary 1 Job Title"},
                                             {"preferred_time", "secondary-1-Preferred-Time"},
                                             {"role", "secondary_1_role"}}));
  EXPECT_EQ(m.unmapped, Headers{"Secondary 1 Role"});  // a second "role" for contact 1
}

TEST(DetectMapping, TakesTheFirstOfTwoSecondaryPhonesForOneSlot) {
  Mapping m = detect_mapping({"Phone", "Secondary 1 Phone", "secondary_phone_1"}, {}, 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "Secondary 1 Phone");
  EXPECT_EQ(m.unmapped, Headers{"secondary_phone_1"});
}

TEST(DetectMapping, AcceptsUpToTenSecondaries) {
  Headers headers = {"Phone"};
  for (int n = 1; n <= 10; ++n) headers.push_back("secondary_phone_" + std::to_string(n));
  Mapping m = detect_mapping(headers, {}, 10);
  ASSERT_EQ(m.secondary.size(), 10u);
  EXPECT_EQ(m.secondary[9].phone_column, "secondary_phone_10");
  EXPECT_EQ(detect_mapping(headers, {}, 99).secondary.size(), 10u);
}

// ---------------------------------------------------------------------------
// mapping_to_json

TEST(MappingToJson, WritesTheSpecShapeInOrder) {
  Mapping m;
  m.phone_column = "Phone";
  m.variables = {{"customer_name", "Name"}, {"company", "Company"}};
  m.secondary.push_back({"secondary_phone_1", {{"name", "secondary_1_name"}}});
  m.unmapped = {"Notes"};
  EXPECT_EQ(mapping_to_json(m),
            R"({"phone_number":"Phone","variables":{"customer_name":"Name","company":"Company"},)"
            R"("secondary":[{"phone_number":"secondary_phone_1","variables":{"name":)"
            R"("secondary_1_name"}}],"unmapped":["Notes"]})");
}

TEST(MappingToJson, OmitsAnEmptyPhoneAndEscapes) {
  Mapping m;
  m.variables = {{"note", "Say \"hi\"\n"}};
  m.secondary.push_back({"", {{"name", "n"}}});
  EXPECT_EQ(mapping_to_json(m),
            R"({"variables":{"note":"Say \"hi\"\n"},"secondary":[{"variables":{"name":"n"}}],)"
            R"("unmapped":[]})");
  EXPECT_EQ(mapping_to_json(Mapping{}), R"({"variables":{},"secondary":[],"unmapped":[]})");
}

TEST(MappingToJson, SurvivesInvalidUtf8) {
  Mapping m;
  m.phone_column = "Ph\xFFone";
  EXPECT_NE(mapping_to_json(m).find("phone_number"), std::string::npos);
}

// ---------------------------------------------------------------------------
// parse_mapping

TEST(ParseMapping, ReadsTheSpecExample) {
  Headers headers = {
      "Phone", "Name", "Company", "secondary_phone_1", "secondary_1_name", "secondary_1_role",
      "Notes"};
  Mapping m = parse_mapping(R"({
    "phone_number": "Phone",
    "variables": {"customer_name": "Name", "company": "Company"},
    "secondary": [
      {"phone_number": "secondary_phone_1", "variables": {"name": "secondary_1_name", "role": "secondary_1_role"}}
    ]})",
                            headers);
  EXPECT_EQ(m.phone_column, "Phone");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Name"}, {"company", "Company"}}));
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_1");
  EXPECT_EQ(m.secondary[0].variables,
            (Pairs{{"name", "secondary_1_name"}, {"role", "secondary_1_role"}}));
  EXPECT_EQ(m.unmapped, Headers{"Notes"});
}

TEST(ParseMapping, KeepsTheMappingsOrder) {
  Mapping m = parse_mapping(R"({"variables": {"z": "Z", "a": "A", "m": "M"}})", {"Z", "A", "M"});
  EXPECT_EQ(m.variables, (Pairs{{"z", "Z"}, {"a", "A"}, {"m", "M"}}));
}

TEST(ParseMapping, FindsAHeaderByItsNormalisedName) {
  Mapping m = parse_mapping(R"({"phone_number": "phone", "variables": {"customer_name": "NAME "}})",
                            {"Phone", "Name"});
  EXPECT_EQ(m.phone_column, "Phone");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Name"}}));
  EXPECT_TRUE(m.unmapped.empty());
}

TEST(ParseMapping, PrefersTheExactName) {
  Mapping m = parse_mapping(R"({"phone_number": "phone"})", {"Phone", "phone"});
  EXPECT_EQ(m.phone_column, "phone");
  EXPECT_EQ(m.unmapped, Headers{"Phone"});
}

TEST(ParseMapping, KeepsAnAmbiguousOrMissingNameAsGiven) {
  EXPECT_EQ(parse_mapping(R"({"phone_number": "PHONE"})", {"Phone", "phone"}).phone_column,
            "PHONE");
  EXPECT_EQ(parse_mapping(R"({"phone_number": "Tel"})", {"Phone"}).phone_column, "Tel");
}

TEST(ParseMapping, LeavesReportColumnsOutOfUnmapped) {
  Mapping m = parse_mapping(R"({"phone_number": "Phone"})", {"Phone", "error_code", "Notes"});
  EXPECT_EQ(m.unmapped, Headers{"Notes"});
}

TEST(ParseMapping, AcceptsDetectMappingsOwnOutput) {
  Headers headers = {"Phone 1", "Name", "Phone 2", "secondary_1_role", "Notes"};
  Mapping detected = detect_mapping(headers, seed_vars(), 1);
  Mapping again = parse_mapping(mapping_to_json(detected), headers);
  EXPECT_EQ(again.phone_column, detected.phone_column);
  EXPECT_EQ(again.variables, detected.variables);
  ASSERT_EQ(again.secondary.size(), 1u);
  EXPECT_EQ(again.secondary[0].phone_column, "Phone 2");
  EXPECT_EQ(again.secondary[0].variables, detected.secondary[0].variables);
  EXPECT_EQ(again.unmapped, detected.unmapped);
  EXPECT_EQ(mapping_to_json(again), mapping_to_json(detected));
}

TEST(ParseMapping, AcceptsAnEmptyObject) {
  Mapping m = parse_mapping("{}", {"Phone"});
  EXPECT_EQ(m.phone_column, "");
  EXPECT_EQ(m.unmapped, Headers{"Phone"});
}

TEST(ParseMapping, RejectsAWrongShape) {
  const Headers h = {"Phone", "Name"};
  struct Case {
    const char* json;
    const char* message;
  };
  for (const Case& c : {
           Case{"[1]", "mapping must be a JSON object"},
           Case{"\"Phone\"", "mapping must be a JSON object"},
           Case{"{", "mapping is not valid JSON"},
           Case{R"({"phone_number": 1e999})", "mapping is not valid JSON"},  // out_of_range
           Case{R"({"phone_number": 1})", "mapping.phone_number must be a header name"},
           Case{R"({"phone_number": ""})", "mapping.phone_number is empty"},
           Case{R"({"phone_number": true})", "mapping.phone_number must be a header name"},
           Case{R"({"phone": "Phone"})", "mapping has unknown key \"phone\""},
           Case{R"({"variables": ["Name"]})", "mapping.variables must be a JSON object"},
           Case{R"({"variables": {"customer_name": 3}})",
                "mapping.variables.customer_name must be a header name"},
           Case{R"({"variables": {"": "Name"}})", "mapping.variables has an empty variable name"},
           Case{R"({"secondary": {}})", "mapping.secondary must be a JSON array"},
           Case{R"({"variables": {"name": ["Name"]}})",
                "mapping.variables.name must be a header name"},
           Case{R"({"secondary": ["Phone"]})", "mapping.secondary[1] must be a JSON object"},
           Case{R"({"secondary": [{"phone": "Phone"}]})",
                "mapping.secondary[1] has unknown key \"phone\""},
           Case{R"({"secondary": [{}, {"phone_number": 2}]})",
                "mapping.secondary[2].phone_number must be a header name"},
           Case{R"({"secondary": [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}]})",
                "mapping.secondary has 11 contacts, more than the maximum of 10"},
           Case{R"({"unmapped": "x"})", "mapping.unmapped must be a JSON array"},
       }) {
    std::string hint;
    std::string message = usage_error([&] { parse_mapping(c.json, h); }, &hint);
    EXPECT_NE(message.find(c.message), std::string::npos) << c.json << " -> " << message;
    EXPECT_NE(hint.find("{\"phone_number\": \"Phone\""), std::string::npos) << hint;
  }
}

// ---------------------------------------------------------------------------
// resolve_mapping

TEST(ResolveMapping, IndexesEveryField) {
  const std::vector<VariableSpec> vars = {var("company", 2), var("customer_name", 1, true),
                                          var("email", 3)};
  const Headers headers = {"Name",
                           "Phone",
                           "Company",
                           "Role",
                           "secondary_phone_1",
                           "secondary_1_name",
                           "secondary_1_customer_name"};
  Mapping m;
  m.phone_column = "Phone";
  m.variables = {{"company", "Company"}, {"customer_name", "Name"}, {"role", "Role"}};
  m.secondary.push_back(
      {"secondary_phone_1",
       {{"name", "secondary_1_name"}, {"customer_name", "secondary_1_customer_name"}}});
  ResolvedMapping r = resolve_mapping(m, headers, vars);
  EXPECT_EQ(r.phone_column, 1);
  EXPECT_EQ(r.headers, headers);
  ASSERT_EQ(r.fields.size(), 4u);
  EXPECT_EQ(r.fields[0].name, "customer_name");
  EXPECT_EQ(r.fields[0].column, 0);
  EXPECT_EQ(r.fields[0].spec, &vars[1]);
  EXPECT_EQ(r.fields[1].name, "company");
  EXPECT_EQ(r.fields[1].column, 2);
  EXPECT_EQ(r.fields[1].spec, &vars[0]);
  EXPECT_EQ(r.fields[2].name, "email");
  EXPECT_EQ(r.fields[2].column, -1);
  EXPECT_EQ(r.fields[2].spec, &vars[2]);
  EXPECT_EQ(r.fields[3].name, "role");
  EXPECT_EQ(r.fields[3].column, 3);
  EXPECT_EQ(r.fields[3].spec, nullptr);
  ASSERT_EQ(r.secondary.size(), 1u);
  EXPECT_EQ(r.secondary[0].phone_column, 4);
  ASSERT_EQ(r.secondary[0].fields.size(), 2u);
  EXPECT_EQ(r.secondary[0].fields[0].name, "name");
  EXPECT_EQ(r.secondary[0].fields[0].column, 5);
  EXPECT_EQ(r.secondary[0].fields[0].spec, nullptr);
  EXPECT_EQ(r.secondary[0].fields[1].name, "customer_name");
  EXPECT_EQ(r.secondary[0].fields[1].column, 6);
  EXPECT_EQ(r.secondary[0].fields[1].spec, &vars[1]);
}

TEST(ResolveMapping, MatchesVariableNamesLoosely) {
  const std::vector<VariableSpec> vars = {var("customer_name", 1, true)};
  Mapping m;
  m.phone_column = "Phone";
  m.variables = {{"Customer Name", "Name"}};
  ResolvedMapping r = resolve_mapping(m, {"Phone", "Name"}, vars);
  ASSERT_EQ(r.fields.size(), 1u);
  EXPECT_EQ(r.fields[0].name, "customer_name");
  EXPECT_EQ(r.fields[0].column, 1);
}

TEST(ResolveMapping, ResolvesADetectedMapping) {
  const std::vector<VariableSpec> vars = seed_vars();
  const Headers headers = {"phone_number",      "customer_name",    "company",
                           "secondary_phone_1", "secondary_1_name", "secondary_1_role"};
  ResolvedMapping r = resolve_mapping(detect_mapping(headers, vars, 1), headers, vars);
  EXPECT_EQ(r.phone_column, 0);
  EXPECT_EQ(r.fields.size(), 3u);
  ASSERT_EQ(r.secondary.size(), 1u);
  EXPECT_EQ(r.secondary[0].phone_column, 3);
  EXPECT_EQ(r.secondary[0].fields.size(), 2u);
}

TEST(ResolveMapping, KeepsAContactWithoutPhone) {
  Mapping m;
  m.phone_column = "Phone";
  m.secondary.push_back({"", {{"name", "secondary_1_name"}}});
  ResolvedMapping r = resolve_mapping(m, {"Phone", "secondary_1_name"}, {});
  ASSERT_EQ(r.secondary.size(), 1u);
  EXPECT_EQ(r.secondary[0].phone_column, -1);
  EXPECT_EQ(r.secondary[0].fields[0].column, 1);
}

TEST(ResolveMapping, NoPhoneColumn) {
  std::string hint;
  std::string message = file_error_code(
      [] {
        resolve_mapping(detect_mapping({"Name", "Company"}, {}, 0), {"Name", "Company"}, {});
      },
      "no_phone_column", &hint);
  EXPECT_EQ(message, "no phone number column found; the file's columns are \"Name\", \"Company\"");
  EXPECT_NE(hint.find("\"phone_number\""), std::string::npos);
  EXPECT_NE(hint.find(R"({"mapping": {"phone_number": "<header>"}})"), std::string::npos);
}

TEST(ResolveMapping, ShortensALongHeaderList) {
  Headers headers;
  for (int i = 1; i <= 25; ++i) headers.push_back("c" + std::to_string(i));
  std::string message =
      file_error_code([&] { resolve_mapping(Mapping{}, headers, {}); }, "no_phone_column");
  EXPECT_NE(message.find("\"c20\" and 5 more"), std::string::npos) << message;
  EXPECT_EQ(message.find("c21"), std::string::npos);
}

TEST(ResolveMapping, MappingColumnMissing) {
  const Headers headers = {"Phone", "Name"};
  Mapping m;
  m.phone_column = "Tel";
  std::string hint;
  std::string message =
      file_error_code([&] { resolve_mapping(m, headers, {}); }, "mapping_column_missing", &hint);
  EXPECT_EQ(message,
            "the mapping names column \"Tel\" for phone_number, but the file has no such column; "
            "its columns are \"Phone\", \"Name\"");
  EXPECT_FALSE(hint.empty());

  m.phone_column = "Phone";
  m.variables = {{"company", "Company"}};
  message = file_error_code([&] { resolve_mapping(m, headers, {}); }, "mapping_column_missing");
  EXPECT_NE(message.find("\"Company\" for company"), std::string::npos) << message;

  m.variables.clear();
  m.secondary.push_back({"Phone 2", {}});
  message = file_error_code([&] { resolve_mapping(m, headers, {}); }, "mapping_column_missing");
  EXPECT_NE(message.find("\"Phone 2\" for secondary contact 1's phone_number"), std::string::npos)
      << message;

  m.secondary[0] = {"Phone", {{"role", "Role"}}};
  message = file_error_code([&] { resolve_mapping(m, headers, {}); }, "mapping_column_missing");
  EXPECT_NE(message.find("\"Role\" for secondary contact 1's role"), std::string::npos) << message;
}

TEST(ResolveMapping, RequiredColumnMissing) {
  std::vector<VariableSpec> vars = seed_vars();
  Mapping m;
  m.phone_column = "Phone";
  std::string hint;
  std::string message = file_error_code(
      [&] {
        resolve_mapping(m, {"Phone", "Notes"}, vars);
      },
      "required_column_missing", &hint);
  EXPECT_EQ(message,
            "required variable \"customer_name\" has no column in the file; its columns are "
            "\"Phone\", \"Notes\"");
  EXPECT_NE(hint.find("Add a \"customer_name\" column"), std::string::npos) << hint;
  EXPECT_NE(hint.find("default value"), std::string::npos) << hint;

  vars[1].required = true;
  message =
      file_error_code([&] { resolve_mapping(m, {"Phone"}, vars); }, "required_column_missing");
  EXPECT_NE(message.find("required variables \"customer_name\", \"company\" have no column"),
            std::string::npos)
      << message;
}

TEST(ResolveMapping, ADefaultValueStandsInForAMissingColumn) {
  std::vector<VariableSpec> vars = seed_vars();
  vars[0].default_value = "Customer";
  Mapping m;
  m.phone_column = "Phone";
  ResolvedMapping r = resolve_mapping(m, {"Phone"}, vars);
  EXPECT_EQ(r.fields[0].column, -1);

  vars[0].default_value = "";  // an empty default fills nothing
  file_error_code([&] { resolve_mapping(m, {"Phone"}, vars); }, "required_column_missing");
}

TEST(ResolveMapping, ChecksThePhoneBeforeTheRest) {
  Mapping m;
  m.variables = {{"company", "Missing"}};
  file_error_code([&] { resolve_mapping(m, {"Name"}, seed_vars()); }, "no_phone_column");
  m.phone_column = "Name";
  file_error_code([&] { resolve_mapping(m, {"Name"}, seed_vars()); }, "mapping_column_missing");
}

// ---------------------------------------------------------------------------
// choose_mapping: options.mapping over detection (issue 11)

std::vector<VariableSpec> name_company_vars() {
  return {var("customer_name", 1, true), var("company", 2)};
}

const std::optional<int> kAsTheHeaderHas;  // secondary_contacts left out

Mapping choose(const Headers& headers, const std::vector<VariableSpec>& vars,
               const std::string& json, std::optional<int> secondary = std::nullopt) {
  return choose_mapping(headers, vars, secondary,
                        json.empty() ? std::nullopt : std::optional<std::string>(json));
}

// Item 7: the seeds' own first example, imported with default options, stored
// no contacts (secondary_contacts defaulted to 0 and the columns were unmapped).
TEST(ChooseMapping, TakesEverySecondaryContactTheHeaderHas) {
  const Headers headers = {"phone_number", "customer_name", "company", "secondary_phone_1",
                           "secondary_phone_2"};
  Mapping m = choose(headers, seed_vars(), "");
  ASSERT_EQ(m.secondary.size(), 2u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_1");
  EXPECT_EQ(m.secondary[1].phone_column, "secondary_phone_2");
  EXPECT_TRUE(m.unmapped.empty());
  // Up to 10: an 11th contact's columns stay unmapped (listed).
  Headers eleven = {"Phone"};
  for (int n = 1; n <= 11; ++n) eleven.push_back("secondary_phone_" + std::to_string(n));
  m = choose(eleven, {}, "");
  EXPECT_EQ(m.secondary.size(), 10u);
  EXPECT_EQ(m.unmapped, Headers{"secondary_phone_11"});
}

TEST(ChooseMapping, FailsWhenSecondaryContactsLeavesColumnsOut) {
  const Headers headers = {"Phone", "secondary_phone_1", "secondary_1_name", "secondary_phone_2",
                           "secondary_2_name"};
  std::string hint;
  std::string message =
      file_error_code([&] { choose(headers, {}, "", 1); }, "secondary_columns_unused", &hint);
  EXPECT_EQ(message,
            "the header has 2 secondary contacts but secondary_contacts is 1, so these columns "
            "would not be imported: \"secondary_phone_2\", \"secondary_2_name\"");
  EXPECT_NE(hint.find("set it to 2"), std::string::npos) << hint;
  EXPECT_NE(hint.find(R"({"mapping": {"secondary": [{}, null]}})"), std::string::npos) << hint;

  message = file_error_code([&] { choose(headers, {}, "", 0); }, "secondary_columns_unused", &hint);
  EXPECT_NE(message.find("\"secondary_phone_1\""), std::string::npos) << message;
  EXPECT_NE(hint.find(R"({"mapping": {"secondary": null}})"), std::string::npos) << hint;
  // Numbered phones are secondary contacts too.
  file_error_code([&] { choose({"Phone 1", "Phone 2"}, {}, "", 0); }, "secondary_columns_unused");

  // Enough, or the others unmapped as the hint says: no error.
  EXPECT_EQ(choose(headers, {}, "", 2).secondary.size(), 2u);
  Mapping m = choose(headers, {}, R"({"secondary": [{}, null]})", 1);
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.unmapped, (Headers{"secondary_phone_2", "secondary_2_name"}));
  m = choose(headers, {}, R"({"secondary": null})", 0);
  EXPECT_TRUE(m.secondary.empty());
  EXPECT_EQ(m.unmapped.size(), 4u);
  EXPECT_TRUE(choose({"Phone", "Name"}, {}, "", 0).secondary.empty());
}

// Item 8: {"mapping": {"phone_number": "Tel"}} replaced detection as a whole,
// so customer_name lost its column: "required variable customer_name has no
// column; its columns are ... customer_name ...".
TEST(ChooseMapping, AFieldGivenLeavesTheOthersDetected) {
  const Headers headers = {"Tel", "customer_name", "company", "secondary_phone_1", "Notes"};
  const std::vector<VariableSpec> vars = name_company_vars();
  Mapping m = choose(headers, vars, R"({"phone_number": "Tel"})");
  EXPECT_EQ(m.phone_column, "Tel");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "customer_name"}, {"company", "company"}}));
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_1");
  EXPECT_EQ(m.unmapped, Headers{"Notes"});
  EXPECT_NO_THROW(resolve_mapping(m, headers, vars));

  // A variable given: the phone and the other variables are still detected.
  m = choose({"Phone", "Client", "company"}, vars, R"({"variables": {"customer_name": "Client"}})");
  EXPECT_EQ(m.phone_column, "Phone");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Client"}, {"company", "company"}}));
  // A variable given by its normalised name is that variable, not an extra one.
  m = choose({"Phone", "Client", "company"}, vars, R"({"variables": {"Customer Name": "Client"}})");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Client"}, {"company", "company"}}));
  // Names that are not assistant variables come after them, as given.
  m = choose({"Phone", "Name", "Notes"}, vars, R"({"variables": {"notes": "Notes"}})");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Name"}, {"notes", "Notes"}}));
}

TEST(ChooseMapping, AColumnGivenIsNotDetectedForAnotherField) {
  const std::vector<VariableSpec> vars = name_company_vars();
  // "Phone" is customer_name's here (odd, but said): the phone is the next candidate.
  Mapping m =
      choose({"Phone", "Mobile", "Name"}, vars, R"({"variables": {"customer_name": "Phone"}})");
  EXPECT_EQ(m.phone_column, "Mobile");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Phone"}}));
  EXPECT_EQ(m.unmapped, Headers{"Name"});
  // "Phone 2" made the primary is not also secondary 1.
  m = choose({"Phone", "Phone 2", "Phone 3"}, {}, R"({"phone_number": "Phone 2"})");
  EXPECT_EQ(m.phone_column, "Phone 2");
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "Phone 3");
  EXPECT_EQ(m.unmapped, Headers{"Phone"});
  // A secondary's column given is not detected for the primary or a variable.
  m = choose({"Phone", "company", "secondary_phone_1"}, vars,
             R"({"secondary": [{"phone_number": "company"}]})");
  EXPECT_EQ(m.phone_column, "Phone");
  EXPECT_TRUE(m.variables.empty());
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "company");
  EXPECT_EQ(m.unmapped, Headers{"secondary_phone_1"});
  // Matched by normalised name, as the mapping's names are.
  m = choose({"Phone", "Mobile"}, {}, R"({"phone_number": "mobile"})");
  EXPECT_EQ(m.phone_column, "Mobile");
  EXPECT_EQ(m.unmapped, Headers{"Phone"});
}

TEST(ChooseMapping, NullLeavesAFieldUnmapped) {
  const std::vector<VariableSpec> vars = name_company_vars();
  const Headers headers = {"Phone",
                           "Name",
                           "company",
                           "secondary_phone_1",
                           "secondary_1_name",
                           "secondary_phone_2",
                           "secondary_2_name"};
  // A variable: its column is not handed to another field.
  Mapping m = choose(headers, vars, R"({"variables": {"company": null}})");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Name"}}));
  EXPECT_EQ(m.unmapped, Headers{"company"});
  m = choose(headers, vars, R"({"variables": null, "secondary": null})");
  EXPECT_TRUE(m.variables.empty());
  EXPECT_TRUE(m.secondary.empty());
  EXPECT_EQ(m.unmapped.size(), 6u);
  // The phone: resolving then says there is none.
  m = choose(headers, vars, R"({"phone_number": null})");
  EXPECT_EQ(m.phone_column, "");
  EXPECT_EQ(m.unmapped, Headers{"Phone"});
  file_error_code([&] { resolve_mapping(m, headers, vars); }, "no_phone_column");
  // A contact: the next one keeps its columns (and becomes contact 1).
  m = choose(headers, vars, R"({"secondary": [null]})");
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_2");
  EXPECT_EQ(m.secondary[0].variables, (Pairs{{"name", "secondary_2_name"}}));
  EXPECT_EQ(m.unmapped, (Headers{"secondary_phone_1", "secondary_1_name"}));
  // A contact's phone or variable.
  m = choose(headers, vars,
             R"({"secondary": [{"phone_number": null}, {"variables": {"name": null}}]})");
  ASSERT_EQ(m.secondary.size(), 2u);
  EXPECT_EQ(m.secondary[0].phone_column, "");
  EXPECT_EQ(m.secondary[0].variables, (Pairs{{"name", "secondary_1_name"}}));
  EXPECT_EQ(m.secondary[1].phone_column, "secondary_phone_2");
  EXPECT_TRUE(m.secondary[1].variables.empty());
  EXPECT_EQ(m.unmapped, (Headers{"secondary_phone_1", "secondary_2_name"}));
  // "Phone 2" nulled as contact 1 does not slide into contact 2.
  m = choose({"Phone", "Phone 2", "Phone 3"}, {}, R"({"secondary": [null]})");
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "Phone 3");
  EXPECT_EQ(m.unmapped, Headers{"Phone 2"});
}

TEST(ChooseMapping, AContactGivenInPartIsCompletedByDetection) {
  const Headers headers = {"Phone", "Alt", "secondary_phone_1", "secondary_1_name",
                           "secondary_1_role"};
  Mapping m = choose(headers, {}, R"({"secondary": [{"phone_number": "Alt", "variables":
                                       {"role": "secondary_1_name"}}]})");
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "Alt");
  // "role" given takes secondary_1_name; secondary_1_role's "role" is given already.
  EXPECT_EQ(m.secondary[0].variables, (Pairs{{"role", "secondary_1_name"}}));
  EXPECT_EQ(m.unmapped, (Headers{"secondary_phone_1", "secondary_1_role"}));
  // An empty object changes nothing.
  m = choose(headers, {}, R"({"secondary": [{}]})");
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].phone_column, "secondary_phone_1");
}

TEST(ChooseMapping, AMappingPassedBackIsKeptAsItIs) {
  const std::vector<VariableSpec> vars = name_company_vars();
  const Headers headers = {"Phone 1", "Name", "Phone 2", "secondary_1_role", "company", "Notes"};
  Mapping detected = choose(headers, vars, "");
  EXPECT_EQ(mapping_to_json(choose(headers, vars, mapping_to_json(detected))),
            mapping_to_json(detected));
  // What it lists as unmapped stays unmapped, even where detection would map it.
  Mapping m = choose(headers, vars, R"({"phone_number": "Phone 1", "unmapped": ["company"]})");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Name"}}));
  EXPECT_EQ(m.unmapped, (Headers{"company", "Notes"}));
}

TEST(ChooseMapping, AGivenColumnTheFileLacksIsReportedWhenResolving) {
  const Headers headers = {"phone_number", "name"};
  Mapping m = choose(headers, {var("name", 1)}, R"({"phone_number": "Mobile"})");
  EXPECT_EQ(m.phone_column, "Mobile");
  EXPECT_EQ(m.unmapped, Headers{"phone_number"});
  file_error_code([&] { resolve_mapping(m, headers, {var("name", 1)}); }, "mapping_column_missing");
}

TEST(ChooseMapping, ChecksTheShape) {
  usage_error([&] { choose({"Phone"}, {}, R"({"phone": "Phone"})"); });
  usage_error([&] { choose({"Phone"}, {}, R"({"secondary": [3]})"); });
}

TEST(MappedSecondaryCount, CountsTheContactsNamed) {
  EXPECT_EQ(mapped_secondary_count("{}"), 0);
  EXPECT_EQ(mapped_secondary_count(R"({"secondary": null})"), 0);
  EXPECT_EQ(mapped_secondary_count(R"({"secondary": [{}, null, {"phone_number": "P"}]})"), 2);
  usage_error([] { mapped_secondary_count(R"({"secondary": "P"})"); });
}

// ---------------------------------------------------------------------------
// Real exports' headers

// Google Contacts writes numbered fields as a label and a value column.
TEST(DetectMapping, ReadsGoogleContactsExports) {
  const std::vector<VariableSpec> vars = {var("customer_name", 1), var("first_name", 2),
                                          var("last_name", 3), var("email", 4), var("company", 5)};
  const Headers old_format = {
      "Name",           "Given Name",       "Additional Name",       "Family Name",
      "Notes",          "Group Membership", "E-mail 1 - Type",       "E-mail 1 - Value",
      "Phone 1 - Type", "Phone 1 - Value",  "Phone 2 - Type",        "Phone 2 - Value",
      "Phone 3 - Type", "Phone 3 - Value",  "Organization 1 - Type", "Organization 1 - Name"};
  Mapping m = choose(old_format, vars, "");
  EXPECT_EQ(m.phone_column, "Phone 1 - Value");
  EXPECT_EQ(m.variables, (Pairs{{"customer_name", "Name"},
                                {"first_name", "Given Name"},
                                {"last_name", "Family Name"},
                                {"email", "E-mail 1 - Value"},
                                {"company", "Organization 1 - Name"}}));
  ASSERT_EQ(m.secondary.size(), 2u);
  EXPECT_EQ(m.secondary[0].phone_column, "Phone 2 - Value");
  EXPECT_EQ(m.secondary[1].phone_column, "Phone 3 - Value");
  EXPECT_EQ(m.unmapped, (Headers{"Additional Name", "Notes", "Group Membership", "E-mail 1 - Type",
                                 "Phone 1 - Type", "Phone 2 - Type", "Phone 3 - Type",
                                 "Organization 1 - Type"}));

  const Headers new_format = {"First Name",        "Middle Name",      "Last Name",
                              "Organization Name", "E-mail 1 - Label", "E-mail 1 - Value",
                              "Phone 1 - Label",   "Phone 1 - Value"};
  m = choose(new_format, vars, "");
  EXPECT_EQ(m.phone_column, "Phone 1 - Value");
  EXPECT_EQ(m.variables, (Pairs{{"first_name", "First Name"},
                                {"last_name", "Last Name"},
                                {"email", "E-mail 1 - Value"},
                                {"company", "Organization Name"}}));
  EXPECT_TRUE(m.secondary.empty());
  // Only phone and e-mail values are read so: a variable may be "Score 1 Value".
  m = choose({"Phone", "Score 1 - Value"}, {var("score_1_value", 1)}, "");
  EXPECT_EQ(m.variables, (Pairs{{"score_1_value", "Score 1 - Value"}}));
}

TEST(DetectMapping, ReadsCrmExports) {
  const std::vector<VariableSpec> vars = {var("first_name", 1), var("last_name", 2),
                                          var("email", 3), var("company", 4)};
  struct Case {
    const char* crm;
    Headers headers;
    const char* phone;
  };
  for (const Case& c : {
           Case{"HubSpot",
                {"Record ID", "First Name", "Last Name", "Email", "Phone Number",
                 "Mobile Phone Number", "Company Name", "Lead Status"},
                "Phone Number"},
           Case{"Salesforce",
                {"First Name", "Last Name", "Title", "Company", "Email", "Phone", "Mobile", "Fax",
                 "Lead Source"},
                "Phone"},
           Case{"Salesforce API names",
                {"FirstName", "LastName", "Company", "Email", "Phone", "MobilePhone"},
                "Phone"},
           Case{"Outlook",
                {"First Name", "Last Name", "Company", "Business Phone", "Business Phone 2",
                 "Home Phone", "Home Phone 2", "Mobile Phone", "Other Phone", "Primary Phone",
                 "E-mail Address", "E-mail 2 Address"},
                "Mobile Phone"},
           Case{"Zoho",
                {"Lead Owner", "Company", "First Name", "Last Name", "Email", "Phone", "Mobile",
                 "Secondary Email", "Lead Status"},
                "Phone"},
       }) {
    Mapping m = choose(c.headers, vars, "");
    EXPECT_EQ(m.phone_column, c.phone) << c.crm;
    EXPECT_EQ(m.variables.size(), 4u) << c.crm << ": " << mapping_to_json(m);
    // "Home Phone 2", "Secondary Email" and the like are not secondary contacts.
    EXPECT_TRUE(m.secondary.empty()) << c.crm << ": " << mapping_to_json(m);
  }
}

// 16,384 variables of secondary contact 1: each was compared with every name
// the contact already had (a quadratic scan).
TEST(DetectMapping, ManySecondaryVariablesAreLinear) {
  Headers headers = {"Phone", "secondary_phone_1"};
  for (int i = 0; i < 16382; ++i) headers.push_back("secondary_1_v" + std::to_string(i));
  auto start = std::chrono::steady_clock::now();
  Mapping m = choose(headers, {}, "");
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(m.secondary.size(), 1u);
  EXPECT_EQ(m.secondary[0].variables.size(), 16382u);
  EXPECT_LT(took, std::chrono::milliseconds(500));
}

int lookups = 0;
void count_lookup() { ++lookups; }

// Issue 10: each name in a mapping was found by scanning every header, so a
// mapping of thousands of names over a 16,384-column file was quadratic. The
// interruption hook runs once per header and per name: the count is the work.
TEST(ParseMapping, ManyNamesOverManyHeadersAreLinear) {
  Headers headers;
  std::string json = R"({"phone_number": "h0", "variables": {)";
  for (int i = 0; i < 16384; ++i) headers.push_back("h" + std::to_string(i));
  for (int i = 1; i < 5000; ++i)
    json += (i > 1 ? "," : "") + std::string("\"v") + std::to_string(i) + "\": \"H" +
            std::to_string(i) + "\"";
  json += "}}";
  lookups = 0;
  set_interrupt_hook(&count_lookup);
  Mapping m = parse_mapping(json, headers);
  set_interrupt_hook(nullptr);
  ASSERT_EQ(m.variables.size(), 4999u);
  EXPECT_EQ(m.variables.back().second, "h4999");  // found by its normalised name
  EXPECT_LE(lookups, 16384 + 5000 + 10);
}

TEST(DetectMapping, StopsWhenInterrupted) {
  set_interrupt_hook([] { throw std::runtime_error("cancel"); });
  EXPECT_THROW(detect_mapping(Headers(100, "a"), {}, 0), std::runtime_error);
  set_interrupt_hook(nullptr);
}

}  // namespace
}  // namespace leadimport
