#include "engine/home_pieces.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../temp_dir.hpp"
#include "engine/embedded_engine.hpp"
#include "engine/summaries_codec.hpp"
#include "summaries_dump.hpp"

namespace iotscope {
namespace {

// A home's summaries with a row in every table and a scan window of two targets.
Summaries sample_home(std::uint64_t home) {
  Summaries s;
  const DeviceKey device{home, 7};
  LocalPortSummary local{device, 554, Transport::tcp, PeerScope::local_device, {}, 3, 2};
  local.totals.flows = 5;
  local.totals.first_ts = 100.25;
  local.totals.initiators.remote = 5;
  s.local_ports.push_back(local);
  s.remote_ports.push_back({device, 443, Transport::udp, PeerScope::external, {}, 4, 1});
  s.edges.push_back({device, 0, 80, Transport::tcp, PeerScope::local_device, 9, 2, 300, {}});
  ScanWindowSummary window{device, 60, 61.5, 119.75, {}};
  window.targets.push_back({IpAddress::v4(0xC0A80105), 9, {22, 80, 443}, 3, 3, 2});
  window.targets.push_back({*IpAddress::parse("fd00::5"), 0, {}, 1, 0, 0});
  s.scan_windows.push_back(window);
  s.devices.push_back({device, {}, {}, 12, 3});
  s.bytes_per_flow_local.flows[3] = 11;
  s.bytes_per_flow_external.flows[64] = 2;
  s.flows = 6;
  s.first_ts = 60;
  s.last_ts = 200;
  return s;
}

class HomePiecesTest : public ::testing::Test {
 protected:
  testing::TempDir scratch_{::testing::UnitTest::GetInstance()->current_test_info()->name()};
  const std::filesystem::path& dir_ = scratch_.dir();
};

TEST(SummariesCodec, EveryFieldComesBackAndACutBlockIsRefused) {
  const Summaries home = sample_home(3);
  std::vector<std::byte> bytes;
  encode_summaries(home, bytes);
  EXPECT_EQ(dump(decode_summaries(bytes)), dump(home));
  EXPECT_EQ(dump(decode_summaries(std::vector<std::byte>(
                bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size())))),
            dump(home));
  bytes.pop_back();
  EXPECT_THROW(decode_summaries(bytes), std::runtime_error);
  bytes.resize(bytes.size() + 2);
  EXPECT_THROW(decode_summaries(bytes), std::runtime_error);  // trailing bytes
}

TEST_F(HomePiecesTest, PiecesPastTheBudgetWaitInTheSpillFileAndComeBackWhole) {
  // A budget of one home: the first stays in memory, the next two are parked.
  const auto parking = std::make_shared<SummariesParking>(dir_, table_bytes(sample_home(1)));
  std::vector<HomePiece> kept;
  for (const std::uint64_t home : {5, 2, 9}) kept.push_back(parking->keep(home, sample_home(home)));
  EXPECT_FALSE(kept[0].parked);
  ASSERT_TRUE(kept[1].parked);
  ASSERT_TRUE(kept[2].parked);
  EXPECT_TRUE(kept[1].summaries.local_ports.empty());
  EXPECT_EQ(kept[1].rows, 5U);  // counted before it was parked
  EXPECT_EQ(kept[1].port_rows, 2U);
  EXPECT_GT(parking->parked_bytes(), 0U);

  HomePieces pieces(std::move(kept), parking);
  pieces.add_missing_homes({2, 4});  // 2 has a piece; 4 gets an empty one
  ASSERT_EQ(pieces.size(), 4U);
  const std::vector<std::uint64_t> homes{pieces.home(0), pieces.home(1), pieces.home(2),
                                         pieces.home(3)};
  EXPECT_EQ(homes, (std::vector<std::uint64_t>{2, 4, 5, 9}));
  EXPECT_EQ(pieces.rows(1), 0U);
  EXPECT_EQ(dump(pieces.take(0)), dump(sample_home(2)));
  EXPECT_EQ(dump(pieces.take(3)), dump(sample_home(9)));
  EXPECT_EQ(dump(pieces.take(2)), dump(sample_home(5)));
  EXPECT_TRUE(pieces.take(1).local_ports.empty());
  EXPECT_TRUE(std::filesystem::is_empty(dir_));  // the spill file has no name
}

TEST_F(HomePiecesTest, ASpillFileThatCannotBeWrittenKeepsHomesInMemoryAndSaysWhy) {
  SummariesParking parking(dir_ / "missing", 0);
  HomePiece first = parking.keep(1, sample_home(1));
  HomePiece second = parking.keep(2, sample_home(2));
  EXPECT_FALSE(first.parked);
  EXPECT_FALSE(second.parked);
  EXPECT_EQ(dump(parking.take(second)), dump(sample_home(2)));
  const std::string problem = parking.problem();
  EXPECT_NE(problem.find("missing"), std::string::npos) << problem;
  EXPECT_NE(problem.find("stayed in memory"), std::string::npos) << problem;
  EXPECT_EQ(parking.parked_bytes(), 0U);
}

TEST_F(HomePiecesTest, AnEngineThatParksEveryHomeSummarizesAsOneThatParksNone) {
  std::vector<FlowRecord> flows;
  for (std::uint64_t home = 1; home <= 40; ++home) {
    for (std::uint16_t i = 0; i < 30; ++i) {
      FlowRecord f;
      f.device = {home, home * 100 + i % 3};
      f.device_port = static_cast<std::uint16_t>(i % 5 == 0 ? 8080 : 40000 + i);
      f.remote_ip = IpAddress::v4(0x0A000000U + i);
      f.remote_port = static_cast<std::uint16_t>(i % 2 == 0 ? 443 : 50000 + i);
      f.scope = i % 3 == 0 ? PeerScope::local_unknown : PeerScope::external;
      f.initiator = i % 4 == 0 ? Initiator::remote : Initiator::device;
      f.first_ts = static_cast<double>(home * 1000 + i);
      f.last_ts = f.first_ts + 2;
      f.bytes_out = std::uint64_t{10} * i;
      flows.push_back(f);
    }
  }
  const auto run = [&](std::size_t budget, std::uint64_t& parked) {
    EngineConfig config;
    config.summaries_in_memory = budget;
    config.spill_directory = dir_;
    EmbeddedEngine engine(config, 2);
    auto aggregator = engine.make_aggregator();
    for (std::size_t i = 0; i < flows.size(); ++i) {
      aggregator->add(flows[i]);
      // Half the homes are closed as they end, the rest are reduced by summarize().
      if ((i + 1) % 30 == 0 && flows[i].device.home % 2 == 0) {
        aggregator->home_complete(flows[i].device.home);
      }
    }
    engine.absorb(std::move(aggregator));
    Summaries merged = engine.summarize();
    parked = engine.parked_bytes();
    return merged;
  };
  std::uint64_t parked_none = 0;
  std::uint64_t parked_all = 0;
  const Summaries in_memory = run(std::size_t{1} << 30, parked_none);
  const Summaries spilled = run(0, parked_all);
  EXPECT_EQ(parked_none, 0U);
  EXPECT_GT(parked_all, 0U);
  EXPECT_EQ(dump(spilled), dump(in_memory));
  EXPECT_GT(in_memory.local_ports.size(), 40U);
}

}  // namespace
}  // namespace iotscope
