#include "report/report_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "report/anonymizer.hpp"
#include "report_fixture.hpp"

namespace iotscope {
namespace {

using nlohmann::json;
using testing::kKey;

json render_json(const ReportModel& model) {
  std::ostringstream out;
  write_report_json(ReportContext(model), out);
  return json::parse(out.str());
}

std::string id_of(const DeviceRecord& device, const std::string& key = kKey) {
  return Anonymizer(key).device_id(device.home_id, device.source_id);
}

TEST(ReportJson, HasExactlyTheTopLevelKeys) {
  const auto fixture = testing::make_fixture();
  const json report = render_json(fixture.model);
  std::set<std::string> keys;
  for (const auto& [key, value] : report.items()) keys.insert(key);
  const std::set<std::string> expected{"version",    "overview",     "inputs",     "devices",
                                       "port_roles", "device_graph", "scans",      "encryption",
                                       "exposure",   "measurement",  "candidates", "warnings"};
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(report["version"], "1");
}

TEST(ReportJson, OverviewCountsHomesDevicesAndFlows) {
  const auto fixture = testing::make_fixture();
  const json overview = render_json(fixture.model)["overview"];
  EXPECT_EQ(overview["homes"], 2);
  EXPECT_EQ(overview["devices"], 4);
  EXPECT_EQ(overview["flows"], 1234);
  EXPECT_DOUBLE_EQ(overview["first_time"].get<double>(), 1700000000.5);
  EXPECT_DOUBLE_EQ(overview["last_time"].get<double>(), 1700086400.25);
  EXPECT_EQ(overview["anonymized"], true);
}

TEST(ReportJson, OverviewTimesAreNullWithoutSummaries) {
  auto fixture = testing::make_fixture();
  fixture.model.summaries = nullptr;
  const json overview = render_json(fixture.model)["overview"];
  EXPECT_TRUE(overview["first_time"].is_null());
  EXPECT_EQ(overview["flows"], 0);
}

TEST(ReportJson, PortRoleCarriesEveryField) {
  const auto fixture = testing::make_fixture();
  const json report = render_json(fixture.model);
  ASSERT_EQ(report["port_roles"].size(), 3U);
  const json& role = report["port_roles"][0];
  EXPECT_EQ(role["device"], id_of(fixture.camera()));
  EXPECT_EQ(role["port"], 554);
  EXPECT_EQ(role["transport"], "tcp");
  EXPECT_EQ(role["role"], "server");
  EXPECT_EQ(role["side"], "local");
  EXPECT_EQ(role["scope"], "local");
  EXPECT_DOUBLE_EQ(role["confidence"].get<double>(), 0.9);
  // The role's counts, by name.
  const json expected_evidence = json::parse(R"({"rule": "fan-in", "flows": 20,
      "distinct_remote_ports": 12, "distinct_remote_hosts": 3, "initiated_by_device": 0,
      "initiated_by_remote": 0, "initiator_unknown": 20, "bytes": 4000})");
  EXPECT_EQ(role["evidence"], expected_evidence);

  EXPECT_EQ(report["port_roles"][1]["role"], "client");
  EXPECT_EQ(report["port_roles"][1]["side"], "remote");
  EXPECT_EQ(report["port_roles"][2]["role"], "peer");
  EXPECT_EQ(report["port_roles"][2]["transport"], "udp");
}

TEST(ReportJson, ScanTargetsAreDeviceIdsOrAnonymizedAddresses) {
  const auto fixture = testing::make_fixture();
  const json scans = render_json(fixture.model)["scans"];
  ASSERT_EQ(scans.size(), 2U);
  EXPECT_EQ(scans[0]["scanner"], id_of(fixture.tv()));
  EXPECT_EQ(scans[0]["kind"], "port_scan");
  EXPECT_EQ(scans[0]["method"], "syn");
  EXPECT_EQ(scans[0]["targets"], json::array({id_of(fixture.plug())}));
  EXPECT_EQ(scans[0]["ports"], json::array({21, 22, 23, 80, 443}));
  EXPECT_DOUBLE_EQ(scans[0]["end"].get<double>(), 1700000160.5);
  EXPECT_DOUBLE_EQ(scans[0]["evidence"]["target_ratio"].get<double>(), 0.6);
  EXPECT_EQ(scans[0]["evidence"]["sample_ports"], json::array({50000, 50001}));
  // An address inside evidence text is anonymized like any other.
  EXPECT_EQ(scans[0]["evidence"]["targets_seen"][0],
            Anonymizer(kKey).address(fixture.speaker().ip));

  EXPECT_EQ(scans[1]["kind"], "host_sweep");
  EXPECT_FALSE(scans[1].contains("method"));  // unknown methods are left out
  const std::string unknown_target = Anonymizer(kKey).address(*IpAddress::parse("192.168.1.99"));
  EXPECT_EQ(scans[1]["targets"], json::array({id_of(fixture.camera()), unknown_target}));
}

TEST(ReportJson, RawScanTargetAddressWhenNotAnonymized) {
  const auto fixture = testing::make_fixture(false);
  const json scans = render_json(fixture.model)["scans"];
  EXPECT_EQ(scans[1]["targets"][1], "192.168.1.99");
  EXPECT_EQ(scans[1]["targets"][0], id_of(fixture.camera()));  // ids never change
}

TEST(ReportJson, DeviceIdsHaveTheDocumentedShape) {
  const auto fixture = testing::make_fixture();
  const json devices = render_json(fixture.model)["devices"];
  ASSERT_EQ(devices.size(), 4U);
  const std::regex device_id("d[0-9a-f]{12}");
  const std::regex home_id("h[0-9a-f]{12}");
  for (const auto& device : devices) {
    EXPECT_TRUE(std::regex_match(device["id"].get<std::string>(), device_id)) << device["id"];
    EXPECT_TRUE(std::regex_match(device["home"].get<std::string>(), home_id)) << device["home"];
  }
  EXPECT_EQ(devices[0]["home"], devices[1]["home"]);
  EXPECT_NE(devices[1]["home"], devices[2]["home"]);
  EXPECT_NE(devices[0]["id"], devices[1]["id"]);
}

TEST(ReportJson, IdsAreStableForOneKeyAndDifferForAnother) {
  auto fixture = testing::make_fixture();
  const json first = render_json(fixture.model)["devices"];
  const json second = render_json(fixture.model)["devices"];
  fixture.model.options.anonymization_key = "another key";
  const json other = render_json(fixture.model)["devices"];
  for (std::size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i]["id"], second[i]["id"]);
    EXPECT_EQ(first[i]["home"], second[i]["home"]);
    EXPECT_NE(first[i]["id"], other[i]["id"]);
    EXPECT_NE(first[i]["home"], other[i]["home"]);
  }
}

TEST(ReportJson, DeviceFieldsAndRawIdentifiersOnlyWhenAsked) {
  const auto anonymized = testing::make_fixture();
  const json hidden = render_json(anonymized.model)["devices"][0];
  EXPECT_EQ(hidden["vendor"], "Wyze");
  EXPECT_EQ(hidden["type"], "camera");
  EXPECT_EQ(hidden["labels"]["name"], testing::kTrickyName);
  EXPECT_EQ(hidden["label"], testing::kTrickyName);
  EXPECT_EQ(hidden["oui_vendor"], "Wyze Technologies");
  EXPECT_EQ(hidden["findings"], 0);
  EXPECT_FALSE(hidden.contains("ip"));
  EXPECT_FALSE(hidden.contains("mac"));
  EXPECT_FALSE(hidden.contains("source_id"));

  const auto raw = testing::make_fixture(false);
  const json shown = render_json(raw.model)["devices"];
  EXPECT_EQ(shown[0]["ip"], "192.168.1.10");
  EXPECT_EQ(shown[0]["mac"], "aa:bb:cc:00:00:01");
  EXPECT_EQ(shown[0]["source_id"], "dev-a1-source");
  EXPECT_EQ(shown[3]["ip"], "fd00::44");
  EXPECT_EQ(shown[3]["label"], "Plug near 10.0.0.30");
}

TEST(ReportJson, FindingsCountScansExposuresAndPlaintext) {
  const auto fixture = testing::make_fixture();
  const json devices = render_json(fixture.model)["devices"];
  EXPECT_EQ(devices[1]["findings"], 2);  // speaker: a sweep and plaintext MQTT
  EXPECT_EQ(devices[2]["findings"], 2);  // tv: a port scan and plaintext HTTP
  EXPECT_EQ(devices[3]["findings"], 1);  // plug: telnet exposed
}

TEST(ReportJson, EncryptionPeersAndOptionalFacts) {
  const auto fixture = testing::make_fixture();
  const json entries = render_json(fixture.model)["encryption"];
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(entries[0]["peer"], "internet");
  EXPECT_EQ(entries[0]["status"], "encrypted");
  EXPECT_EQ(entries[0]["how_known"], "payload");
  EXPECT_EQ(entries[0]["tls_version"], "TLSv1.2");
  EXPECT_EQ(entries[0]["cipher_grade"], "strong");
  EXPECT_EQ(entries[0]["self_signed"], false);
  EXPECT_FALSE(entries[0].contains("credentials_in_clear"));
  EXPECT_EQ(entries[1]["peer"], id_of(fixture.plug()));
  EXPECT_EQ(entries[1]["status"], "plaintext");
  EXPECT_EQ(entries[1]["credentials_in_clear"], true);
  EXPECT_FALSE(entries[1].contains("tls_version"));
  EXPECT_EQ(entries[2]["peer"], "local");
  EXPECT_EQ(entries[2]["how_known"], "port");
  EXPECT_EQ(entries[2]["flows"], 5);
  EXPECT_EQ(entries[2]["bytes"], 700);
}

TEST(ReportJson, GraphEdgesNameKnownPeersById) {
  const auto fixture = testing::make_fixture();
  const json graph = render_json(fixture.model)["device_graph"];
  ASSERT_EQ(graph["edges"].size(), 2U);
  EXPECT_EQ(graph["edges"][0]["device"], id_of(fixture.speaker()));
  EXPECT_EQ(graph["edges"][0]["peer"], id_of(fixture.camera()));
  EXPECT_EQ(graph["edges"][0]["remote_port"], 554);
  EXPECT_EQ(graph["edges"][1]["peer"], "local_unknown");
  EXPECT_EQ(graph["local_sankey"][0]["target"], "lport:50000");
  EXPECT_EQ(graph["local_sankey"][1]["target"],
            "peer:" + Anonymizer(kKey).address(fixture.camera().ip));
  EXPECT_EQ(graph["per_port"][0]["remote_ports"][1]["key"], "50001");
  EXPECT_EQ(graph["per_port"][0]["device_labels"][0]["flows"], 20);
  EXPECT_EQ(graph["caps"], "kept the top 15 ports");
}

TEST(ReportJson, MeasurementSpellsDeviceTypes) {
  const auto fixture = testing::make_fixture();
  const json measurement = render_json(fixture.model)["measurement"];
  EXPECT_EQ(measurement["port_usage_local"][0]["port"], 5353);
  EXPECT_EQ(measurement["port_usage_local"][0]["transport"], "udp");
  EXPECT_EQ(measurement["external_by_type"][1]["type"], "media_tv");
  EXPECT_EQ(measurement["external_by_type"][0]["top_external_ports"][0]["port"], 443);
  EXPECT_EQ(measurement["port_sharing"][0]["top_vendors"].size(), 3U);
  EXPECT_EQ(measurement["bytes_per_flow"][0]["cdf"][1]["bytes"], 1024);
  EXPECT_DOUBLE_EQ(measurement["shared_port_fraction"].get<double>(), 0.5);
}

TEST(ReportJson, CandidatesAreRankedByScore) {
  const auto fixture = testing::make_fixture();
  const json candidates = render_json(fixture.model)["candidates"];
  ASSERT_EQ(candidates.size(), 2U);
  EXPECT_EQ(candidates[0]["device"], id_of(fixture.plug()));
  EXPECT_EQ(candidates[0]["rank"], 1);
  EXPECT_EQ(candidates[1]["device"], id_of(fixture.camera()));
  EXPECT_EQ(candidates[1]["rank"], 2);
  EXPECT_EQ(candidates[0]["reasons"][1], "talks to " + Anonymizer(kKey).address(fixture.tv().ip));
}

TEST(ReportJson, InputsAndWarningsListSkippedRows) {
  const auto fixture = testing::make_fixture();
  const json report = render_json(fixture.model);
  const json& flows = report["inputs"][0];
  EXPECT_EQ(flows["path"], "/data/iot/flows.csv");
  EXPECT_EQ(flows["records"], 5000);
  EXPECT_EQ(flows["skipped"], 12);
  EXPECT_EQ(flows["dropped"], 3);
  ASSERT_EQ(flows["issues"].size(), 2U);
  const std::string first_issue = flows["issues"][0];
  EXPECT_EQ(first_issue.rfind("/data/iot/flows.csv:17:3: bad address 'addr-", 0), 0U)
      << first_issue;
  const json& warnings = report["warnings"];
  EXPECT_NE(std::find(warnings.begin(), warnings.end(), "flows.csv: 12 rows skipped"),
            warnings.end());
  const std::string oui_warning = "OUI registry missing; vendor of " +
                                  Anonymizer(kKey).address(fixture.camera().ip) + " unknown";
  EXPECT_EQ(warnings[0], oui_warning);
  EXPECT_EQ(warnings.size(), 2U);  // devices.csv skipped nothing
}

TEST(ReportJson, KeyMissingFromDevicesGetsPlaceholderIdAndWarning) {
  auto fixture = testing::make_fixture();
  const DeviceKey stranger{hash_text("home-alpha-user-key"), 42};
  fixture.model.result.exposure.push_back(
      {stranger, 80, Transport::tcp, "inbound", "http", 0.5, {}});
  const json report = render_json(fixture.model);
  const std::string id = report["exposure"][1]["device"];
  EXPECT_TRUE(std::regex_match(id, std::regex(R"(d\?[0-9a-f]{12})"))) << id;
  const json& warnings = report["warnings"];
  EXPECT_NE(std::find(warnings.begin(), warnings.end(),
                      "a finding names device " + id + " that is not in the device list"),
            warnings.end());
}

TEST(ReportJson, EmptyModelIsStillAValidReport) {
  const ReportModel empty;
  const json report = render_json(empty);
  EXPECT_TRUE(report["devices"].empty());
  EXPECT_TRUE(report["port_roles"].empty());
  EXPECT_EQ(report["overview"]["homes"], 0);
  // No key was given: the report says the names are guessable.
  ASSERT_EQ(report["warnings"].size(), 1U);
  EXPECT_NE(report["warnings"][0].get<std::string>().find("key is empty"), std::string::npos);
}

TEST(ReportJson, WritesAFileThatParses) {
  const auto fixture = testing::make_fixture();
  const auto dir = testing::fresh_dir("json-file");
  write_report_json(fixture.model, dir / "report.json");
  const json report = json::parse(testing::read_text(dir / "report.json"));
  EXPECT_EQ(report["devices"].size(), 4U);
  std::filesystem::remove_all(dir);
}

TEST(ReportJson, UnwritableFileNamesThePath) {
  const auto fixture = testing::make_fixture();
  try {
    write_report_json(fixture.model, "/nonexistent-dir/report.json");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent-dir/report.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace iotscope
