// Probe results and nmap XML through the whole pipeline: detected by content, keyed to one
// device, compared inside vs outside when a scan is given as external.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "cli/pipeline.hpp"
#include "sources/probe/probe_results_jsonl.hpp"

namespace iotscope {
namespace {

namespace fs = std::filesystem;

const std::string kNmapXml = std::string(IOTSCOPE_TEST_DATA) + "/nmap/connect_version.xml";

// What a probe from inside saw of the host nmap scanned (tests/data/nmap/make_samples.sh):
// Telnet and HTTP on 8080 like nmap, plus SSH, which the outside scan did not find.
std::string write_inside_probe() {
  ProbeResults probe;
  probe.run.scanner = "iotscope test";
  for (const int port : {22, 23, 8080}) {
    ServiceOffer offer;
    offer.address = *IpAddress::parse("10.81.0.2");
    offer.mac = "b8:27:eb:81:00:02";
    offer.port = static_cast<std::uint16_t>(port);
    offer.state = PortState::open;
    probe.offers.push_back(offer);
  }
  const fs::path path = fs::temp_directory_path() / "iotscope-active-inputs.jsonl";
  std::ofstream out(path);
  write_probe_results(out, probe);
  return path.string();
}

TEST(ActiveInputs, NmapXmlIsReadByContentAsAnInternalScan) {
  PipelineOptions options;
  options.inputs = {kNmapXml};
  options.threads = 1;
  const auto out = run_pipeline(options);
  ASSERT_EQ(out.dataset.inputs.size(), 1u);
  EXPECT_EQ(out.dataset.inputs[0].format, "nmap-xml");
  const ActiveMeasurement& active = out.result.measurement.active;
  ASSERT_TRUE(active.present);
  EXPECT_FALSE(active.passive_present);
  EXPECT_EQ(active.devices_probed, 1u);
  EXPECT_EQ(active.devices_answering, 1u);
  std::vector<std::uint16_t> open_tcp;
  for (const auto& offer : active.offered) {
    if (offer.transport == Transport::tcp) open_tcp.push_back(offer.port);
  }
  EXPECT_EQ(open_tcp, (std::vector<std::uint16_t>{23, 8080}));
  ASSERT_EQ(out.dataset.devices.size(), 1u);
  EXPECT_EQ(out.dataset.devices[0].mac, "b8:27:eb:81:00:02");
}

TEST(ActiveInputs, ExternalScanIsComparedWithTheInsideView) {
  PipelineOptions options;
  options.inputs = {write_inside_probe()};
  options.external_scans = {kNmapXml};
  options.threads = 1;
  const auto out = run_pipeline(options);
  const ActiveMeasurement& active = out.result.measurement.active;
  ASSERT_EQ(out.dataset.devices.size(), 1u);  // both scans name one device
  std::map<std::uint16_t, std::pair<bool, bool>> tcp;
  for (const auto& row : active.vantage) {
    if (row.transport == Transport::tcp) tcp[row.port] = {row.open_internal, row.open_external};
  }
  EXPECT_EQ(tcp[22], std::make_pair(true, false));
  EXPECT_EQ(tcp[23], std::make_pair(true, true));
  EXPECT_EQ(tcp[8080], std::make_pair(true, true));
  EXPECT_EQ(active.devices_probed, 1u);  // an external scan probes no device of the home
  fs::remove(options.inputs[0]);
}

}  // namespace
}  // namespace iotscope
