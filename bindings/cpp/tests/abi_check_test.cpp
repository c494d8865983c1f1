// The runtime half of the raw-layer check: the generated tables and struct layouts
// (licensespring_generated_abi.hpp) against what the loaded library says of itself in
// ls_abi_describe(). A status, param, kind, field or operation added to (or changed in) the core
// without regenerating, or a struct this compiler lays out differently from the library, fails
// here. (The compile-time half, static_asserts against licensespring.h, is exercised by the
// RawLayer.RefusesTamperedHeader_* tests.)
#include <gtest/gtest.h>
#include <licensespring.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

using nlohmann::json;
namespace ls = licensespring;

namespace {

// Each generated row as the JSON object ls_abi_describe() has for it ("" stands for null).
json row(const ls::StatusRow& r) {
  return {{"value", r.value}, {"name", r.name}, {"category", r.category}, {"server_code", r.server_code},
          {"description", r.description}};
}
json row(const ls::NamedRow& r) { return {{"value", r.value}, {"name", r.name}}; }
json row(const ls::ParamRow& r) {
  return {{"value", r.value}, {"name", r.name}, {"wire_name", r.wire_name}, {"type", r.type}, {"secret", r.secret}};
}
json row(const ls::KindRow& r) { return {{"value", r.value}, {"c_name", r.c_name}, {"name", r.name}}; }
json row(const ls::FieldRow& r) {
  return {{"value", r.value}, {"c_name", r.c_name}, {"kind", r.kind},         {"name", r.name},
          {"type", r.type},   {"item_kind", r.item_kind}, {"required", r.required}};
}
json row(const ls::OperationRow& r) {
  json required = json::array();  // the generated row holds them separated by spaces
  for (std::string names = r.required; !names.empty();) {
    const std::size_t end = std::min(names.find(' '), names.size());
    required.push_back(names.substr(0, end));
    names.erase(0, end + 1);
  }
  return {{"value", r.value},         {"c_name", r.c_name}, {"name", r.name},
          {"result_kind", r.result_kind}, {"scope", r.scope},   {"required", required},
          {"password_required", r.password_required}, {"variables", r.variables}};
}
json row(const ls::StructLayout& r) {
  json fields = json::array();
  for (std::size_t i = 0; i < r.field_count; ++i) fields.push_back({{"name", r.fields[i].name}, {"offset", r.fields[i].offset}});
  return {{"name", r.name}, {"size", r.size}, {"align", r.align}, {"fields", fields}};
}

template <class Row, std::size_t N>
json rows(const Row (&table)[N]) {
  json out = json::array();
  for (const Row& r : table) out.push_back(row(r));
  return out;
}

// Compares one generated table with the library's, row by row in order, on the generated
// row's keys; returns one line per difference.
void compare(const std::string& table, const json& generated, const json& library, std::vector<std::string>& problems) {
  const std::size_t n = std::max(generated.size(), library.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (i >= generated.size()) {
      problems.push_back(table + ": the library has " + library[i].dump() + ", the wrapper does not");
      continue;
    }
    if (i >= library.size()) {
      problems.push_back(table + ": the wrapper has " + generated[i].dump() + ", the library does not");
      continue;
    }
    json projected = json::object();
    for (const auto& [key, value] : generated[i].items()) {
      const json& theirs = library[i].contains(key) ? library[i][key] : json();
      projected[key] = theirs.is_null() ? json("") : theirs;
    }
    if (projected != generated[i]) {
      problems.push_back(table + ": the wrapper has " + generated[i].dump() + ", the library " + projected.dump());
    }
  }
}

std::vector<std::string> check(const json& describe) {
  std::vector<std::string> problems;
  if (describe.value("abi_version", 0u) != ls::kAbiVersion) {
    problems.push_back("abi_version: the library has " + describe["abi_version"].dump() + ", the wrapper " +
                       std::to_string(ls::kAbiVersion));
  }
  compare("statuses", rows(ls::kStatuses), describe["statuses"], problems);
  compare("categories", rows(ls::kCategories), describe["categories"], problems);
  compare("params", rows(ls::kParams), describe["params"], problems);
  compare("kinds", rows(ls::kKinds), describe["kinds"], problems);
  compare("fields", rows(ls::kFields), describe["fields"], problems);
  compare("operations", rows(ls::kOperations), describe["operations"], problems);
  compare("hardware_id_algorithms", rows(ls::kHardwareIdAlgorithms), describe["hardware_id_algorithms"], problems);
  compare("value_types", rows(ls::kValueTypes), describe["value_types"], problems);
  compare("structs", rows(ls::kStructLayouts), describe["structs"], problems);
  return problems;
}

json library_describe() { return json::parse(ls_abi_describe()); }

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

}  // namespace

TEST(AbiCheck, TheLoadedLibraryMatchesTheGeneratedTables) {
  EXPECT_EQ(ls_abi_version(), ls::kAbiVersion);
  const json describe = library_describe();
  const std::vector<std::string> problems = check(describe);
  EXPECT_TRUE(problems.empty()) << joined(problems);
  // Not vacuous: every table has rows.
  for (const char* table : {"statuses", "categories", "params", "kinds", "fields", "operations", "structs"}) {
    EXPECT_FALSE(describe[table].empty()) << table;
  }
  EXPECT_EQ(describe["statuses"].size(), std::size(ls::kStatuses));
}

TEST(AbiCheck, TheCoresStatusFunctionsAgreeWithTheTable) {
  for (const ls::StatusRow& row : ls::kStatuses) {
    EXPECT_STREQ(ls_status_name(row.value), row.name);
    EXPECT_STREQ(ls_status_description(row.value), row.description);
    const auto* category = std::find_if(std::begin(ls::kCategories), std::end(ls::kCategories),
                                        [&](const ls::NamedRow& c) { return std::string(c.name) == row.category; });
    ASSERT_NE(category, std::end(ls::kCategories)) << row.name;
    EXPECT_EQ(static_cast<std::int64_t>(ls_status_category(row.value)), category->value) << row.name;
  }
}

TEST(AbiCheck, DetectsAStatusAddedInTheCore) {
  json describe = library_describe();
  describe["statuses"].push_back({{"value", 607}, {"name", "LS_ERR_SOMETHING_NEW"}, {"category", "LS_CATEGORY_SERVER"},
                                  {"server_code", "something_new"}, {"description", "new"}});
  const std::string problems = joined(check(describe));
  EXPECT_NE(problems.find("LS_ERR_SOMETHING_NEW"), std::string::npos) << problems;
}

TEST(AbiCheck, DetectsAChangedRow) {
  json describe = library_describe();
  describe["params"][17]["value"] = 99;
  describe["fields"][0]["type"] = "string";
  describe["operations"][0]["result_kind"] = nullptr;
  describe["statuses"][1]["category"] = "LS_CATEGORY_SERVER";
  describe["operations"][22]["required"].erase(1);  // change_password
  describe["operations"][21]["scope"] = "license";  // sso_url
  describe["operations"][17]["variables"] = "optional";  // track_device_variables
  describe["operations"][19]["password_required"] = false;  // user_licenses
  EXPECT_EQ(check(describe).size(), 8u) << joined(check(describe));
}

TEST(AbiCheck, DetectsAStructLaidOutDifferently) {
  json describe = library_describe();
  describe["structs"][0]["fields"][1]["offset"] = 8;
  describe["structs"][1]["size"] = 32;
  const std::vector<std::string> problems = check(describe);
  EXPECT_EQ(problems.size(), 2u) << joined(problems);
}

TEST(AbiCheck, DetectsAnotherAbiVersion) {
  json describe = library_describe();
  describe["abi_version"] = ls::kAbiVersion + 1;
  EXPECT_EQ(check(describe).size(), 1u);
}
