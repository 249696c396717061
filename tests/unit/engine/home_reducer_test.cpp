#include "engine/home_reducer.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "../temp_dir.hpp"
#include "engine/partition_reducer.hpp"
#include "summaries_dump.hpp"

namespace iotscope {
namespace {

// A home of three devices: clients of cloud services, one serving LAN peers, one sweeping.
std::vector<PackedFlow> home_flows(std::uint64_t home) {
  std::vector<PackedFlow> flows;
  for (std::uint64_t device = 1; device <= 3; ++device) {
    for (std::uint32_t i = 0; i < 40 + home % 7; ++i) {
      PackedFlow f;
      f.device = DeviceKey{home, device};
      f.local_port = static_cast<std::uint16_t>(device == 2 ? 8009 : 40000 + i);
      f.remote_port = static_cast<std::uint16_t>(device == 2 ? 50000 + i : 443 + i % 3);
      f.remote_ip = IpAddress::v4(device == 3 ? 0xC0A80100 + i : 0x34010100 + i % 5);
      f.scope = device == 1 ? PeerScope::external : PeerScope::local_unknown;
      f.initiator = device == 2 ? Initiator::remote : Initiator::device;
      f.transport = Transport::tcp;
      f.first_ts = 1000.0 + i;
      f.last_ts = f.first_ts + 2;
      f.bytes_out = 100 + i;
      f.bytes_in = 1000 + home;
      f.packets_out = 2;
      f.packets_in = 3;
      f.windows = 1;
      flows.push_back(f);
    }
  }
  return flows;
}

class HomeReducerTest : public ::testing::Test {
 protected:
  testing::TempDir scratch_{::testing::UnitTest::GetInstance()->current_test_info()->name()};
  // A budget of one byte: all but the first piece go through the spill file, as at scale.
  SummariesParking parking_{scratch_.dir(), 1};

  // The pieces of `homes` homes reduced through a reducer allowed `waiting` bytes of flows.
  std::vector<std::vector<std::string>> reduce_all(std::size_t waiting, std::uint64_t homes) {
    std::deque<HomePiece> pieces;
    {
      HomeReducer reducer(EngineConfig{}, parking_, waiting);
      HomeReducer::Batch batch;
      for (std::uint64_t home = 1; home <= homes; ++home) {
        reducer.reduce(home, home_flows(home), pieces.emplace_back(), batch);
      }
      reducer.wait(batch);
    }
    std::vector<std::vector<std::string>> dumps;
    dumps.reserve(pieces.size());
    for (HomePiece& piece : pieces) dumps.push_back(dump(parking_.take(piece)));
    return dumps;
  }
};

TEST_F(HomeReducerTest, PiecesAreWhatReducingInPlaceGives) {
  const std::uint64_t homes = 60;
  std::vector<std::vector<std::string>> expected;
  for (std::uint64_t home = 1; home <= homes; ++home) {
    expected.push_back(dump(reduce_partition(home_flows(home), EngineConfig{})));
  }
  ASSERT_FALSE(expected.front().empty());
  EXPECT_EQ(reduce_all(0, homes), expected);                      // no thread: the caller
  EXPECT_EQ(reduce_all(std::size_t{64} << 20, homes), expected);  // all on the thread
  // Room for one home at a time: the caller reduces whatever finds the thread busy.
  EXPECT_EQ(reduce_all(sizeof(PackedFlow) * 130, homes), expected);
}

TEST_F(HomeReducerTest, EndingTheReducerFinishesTheHomesHandedOver) {
  std::deque<HomePiece> pieces;
  HomeReducer::Batch batch;
  {
    HomeReducer reducer(EngineConfig{}, parking_, std::size_t{64} << 20);
    for (std::uint64_t home = 1; home <= 30; ++home) {
      reducer.reduce(home, home_flows(home), pieces.emplace_back(), batch);
    }
  }
  EXPECT_EQ(batch.pending, 0U);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_EQ(pieces[i].home, i + 1);
    EXPECT_GT(pieces[i].rows, 0U) << "home " << i + 1;
  }
}

TEST_F(HomeReducerTest, WaitingForANewBatchReturnsAtOnce) {
  HomeReducer reducer(EngineConfig{}, parking_, std::size_t{64} << 20);
  HomeReducer::Batch batch;
  reducer.wait(batch);
  EXPECT_EQ(batch.pending, 0U);
  EXPECT_FALSE(batch.failure);
}

}  // namespace
}  // namespace iotscope
