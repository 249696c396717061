#include "identify/oui_registry.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>

#include "identify/oui_csv.hpp"

namespace iotscope {
namespace {

const OuiRegistry& installed_registry() {
  static const OuiRegistry registry = OuiRegistry::load();
  return registry;
}

void expect_all_spellings(std::string_view oui, std::string_view organisation) {
  const OuiRegistry& registry = installed_registry();
  const std::string upper(oui);
  std::string lower = upper;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string colons = lower.substr(0, 2) + ":" + lower.substr(2, 2) + ":" + lower.substr(4);
  const std::string dashes = upper.substr(0, 2) + "-" + upper.substr(2, 2) + "-" + upper.substr(4);
  for (const std::string& text :
       {upper, lower, colons, dashes, colons + ":01:02:03", dashes + "-0A-0B-0C"}) {
    EXPECT_EQ(registry.organisation(text), organisation) << text;
  }
}

TEST(OuiRegistry, LoadsTheInstalledRegistry) {
  ASSERT_GT(installed_registry().size(), 30000U) << "is the ieee-data package installed?";
}

TEST(OuiRegistry, FindsKnownPrefixesInEverySpelling) {
  expect_all_spellings("68DBF5", "Amazon Technologies Inc.");
  expect_all_spellings("3C5AB4", "Google, Inc.");  // quoted: the name holds a comma
  expect_all_spellings("F4BD9E", "Cisco Systems, Inc");
  expect_all_spellings("001788", "Philips Lighting BV");
  expect_all_spellings("C42996", "Signify B.V.");
  expect_all_spellings("A4CF12", "Espressif Inc.");
  expect_all_spellings("54E019", "Ring LLC");
}

TEST(OuiRegistry, UnquotesDoubledQuotes) {
  EXPECT_EQ(installed_registry().organisation("001EFC"), "JSC \"MASSA-K\"");
  EXPECT_EQ(installed_registry().organisation("001ECB"), "\"RPC \"Energoautomatika\" Ltd");
}

TEST(OuiRegistry, ReadsPastAnAddressWithALineBreak) {
  EXPECT_EQ(installed_registry().organisation("C404D8"), "Aviva Links Inc.");
  // The next row starts right after the quoted line break.
  EXPECT_EQ(installed_registry().organisation("E0CA3C"),
            "Hangzhou Hikvision Digital Technology Co.,Ltd.");
}

TEST(OuiRegistry, MalformedOrUnknownInputIsEmpty) {
  for (const char* text :
       {"", "68DBF", "68DBF5Z", "68:DB-F5", "zz:zz:zz", "68:db:f5:00", "68dbf"}) {
    EXPECT_TRUE(installed_registry().organisation(text).empty()) << text;
  }
  // Locally administered addresses (randomised MACs) are in no registry.
  EXPECT_TRUE(installed_registry().organisation("DA:A1:19:00:00:01").empty());
}

TEST(OuiRegistry, MissingFileGivesAnEmptyRegistry) {
  const OuiRegistry registry = OuiRegistry::load("/nonexistent/iotscope/oui.csv");
  EXPECT_EQ(registry.size(), 0U);
  EXPECT_TRUE(registry.organisation("68DBF5").empty());
}

constexpr std::string_view kBrokenCsv =
    "Registry,Assignment,Organization Name,Organization Address\r\n"
    "MA-L,0A0B0C,\"Alpha, Inc.\",\"1 Road\r\nTown\"\r\n"
    "MA-L,XYZ123,Bad Hex Ltd,Somewhere\r\n"
    "MA-L,0A0B0D\r\n"
    "MA-L,0A0B0E,\"Junk\"after,Addr\r\n"
    "\r\n"
    "MA-L,0A0B0F,,Empty name street\r\n"
    "MA-L,0A0B10,Beta GmbH,Hauptstrasse 1\r\n";

TEST(OuiCsv, SkipsBrokenRowsAndSaysWhere) {
  const OuiCsvContents contents = parse_oui_csv(kBrokenCsv);
  ASSERT_EQ(contents.entries.size(), 2U);
  EXPECT_EQ(contents.entries[0].prefix, 0x0A0B0CU);
  EXPECT_EQ(contents.entries[0].organisation, "Alpha, Inc.");
  EXPECT_EQ(contents.entries[1].organisation, "Beta GmbH");
  ASSERT_EQ(contents.issues.size(), 4U);
  EXPECT_EQ(contents.issues[0].line, 4U);
  EXPECT_NE(contents.issues[0].message.find("six hex digits"), std::string::npos);
  EXPECT_EQ(contents.issues[1].line, 5U);
  EXPECT_NE(contents.issues[1].message.find("columns"), std::string::npos);
  EXPECT_EQ(contents.issues[2].line, 6U);
  EXPECT_EQ(contents.issues[3].line, 8U);
  EXPECT_NE(contents.issues[3].message.find("empty Organization Name"), std::string::npos);
}

TEST(OuiRegistry, LoadsTheGoodRowsOfABrokenFile) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("iotscope-oui-" +
                     std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << kBrokenCsv;
  }
  const OuiRegistry registry = OuiRegistry::load(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(registry.size(), 2U);
  EXPECT_EQ(registry.organisation("0a:0b:0c"), "Alpha, Inc.");
  EXPECT_EQ(registry.organisation("0A-0B-10-11-22-33"), "Beta GmbH");
  EXPECT_TRUE(registry.organisation("0A0B0D").empty());
}

}  // namespace
}  // namespace iotscope
