#include "simulate/catalogue.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

namespace iotscope::sim {
namespace {

TEST(SimulateCatalogue, OuisAreRealIeeeAssignments) {
  std::ifstream registry("/usr/share/ieee-data/oui.csv");
  if (!registry) GTEST_SKIP() << "ieee-data not installed";
  std::set<std::string> assigned;
  std::string line;
  while (std::getline(registry, line)) {
    if (line.rfind("MA-L,", 0) == 0 && line.size() > 11) assigned.insert(line.substr(5, 6));
  }
  ASSERT_GT(assigned.size(), 10000u);
  std::size_t checked = 0;
  for (const DeviceModel& model : device_models()) {
    EXPECT_FALSE(model.ouis.empty()) << model.model;
    for (const auto oui : model.ouis) {
      EXPECT_EQ(assigned.count(std::string(oui)), 1u) << model.vendor << " " << oui;
      ++checked;
    }
  }
  EXPECT_GT(checked, 80u);
}

TEST(SimulateCatalogue, SeedPortProfilesArePresent) {
  std::set<std::pair<unsigned, bool>> ports;
  for (const LocalLink& link : local_links()) ports.insert({link.port, link.udp});
  for (const unsigned tcp :
       {55443u, 8008u,  8009u, 10001u, 2002u, 10101u, 1400u, 1443u, 12300u, 80u,
        443u,   49152u, 8060u, 631u,   9100u, 554u,   5000u, 445u,  22u,    8088u}) {
    EXPECT_EQ(ports.count({tcp, false}), 1u) << tcp;
  }
  for (const unsigned udp : {55444u, 10001u, 1900u}) EXPECT_EQ(ports.count({udp, true}), 1u) << udp;
}

}  // namespace
}  // namespace iotscope::sim
