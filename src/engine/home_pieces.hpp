#pragma once
// Each home's reduced summaries on their way from the engine to the analyses. At 50,000 homes
// they are 2.5 GB, held from the first home the engine reduces until the analyses take them
// after the last row is read; past a memory budget a piece waits encoded in the run's spill
// file instead, and the analyses read it back when its batch comes.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "engine/summaries.hpp"
#include "util/spill_file.hpp"

namespace iotscope {

struct HomePiece {
  std::uint64_t home = 0;
  // Table rows, parked or not: the analyses batch homes and size their findings by them.
  std::size_t rows = 0;
  std::size_t port_rows = 0;  // local and remote ports
  std::size_t edge_rows = 0;
  Summaries summaries;                // empty while parked
  std::optional<SpillExtent> parked;  // where it waits
};

// Thread-safe: every worker of the engine keeps the homes it reduces here.
class SummariesParking {
 public:
  // Pieces stay in memory until they hold `memory_budget` bytes of tables; the later ones are
  // parked in a spill file in `directory`, made at the first.
  SummariesParking(std::filesystem::path directory, std::size_t memory_budget);

  // Should the spill file fail (folder not writable, disk full), this piece and every later
  // one stay in memory: the run goes on with more memory rather than lose homes or stop.
  HomePiece keep(std::uint64_t home, Summaries summaries);
  // A parked piece's summaries, read back; an unparked piece's, moved out.
  Summaries take(HomePiece& piece) const;
  std::uint64_t parked_bytes() const;
  // Why homes stopped being parked, in words; empty while the spill file works.
  std::string problem() const;

 private:
  // Appends to the spill file, made at the first call; nullopt, with problem_ set, if it fails.
  std::optional<SpillExtent> park(std::span<const std::byte> encoded);

  std::filesystem::path directory_;
  std::size_t memory_budget_;
  std::atomic<std::size_t> held_{0};
  mutable std::mutex mutex_;
  std::unique_ptr<SpillFile> file_;
  std::string problem_;
  std::atomic<bool> failed_{false};
};

class HomePieces {
 public:
  HomePieces() = default;
  // Pieces in memory (ClickHouse's answer cut by home, tests), sorted by home.
  explicit HomePieces(std::vector<HomeSummaries> in_memory);
  // Sorted by home; the pieces of one home keep their order.
  HomePieces(std::vector<HomePiece> pieces, std::shared_ptr<const SummariesParking> parking);

  std::size_t size() const { return pieces_.size(); }
  std::uint64_t home(std::size_t i) const { return pieces_[i].home; }
  std::size_t rows(std::size_t i) const { return pieces_[i].rows; }
  std::size_t ports(std::size_t i) const { return pieces_[i].port_rows; }
  std::size_t edges(std::size_t i) const { return pieces_[i].edge_rows; }
  // Each piece once; thread-safe for distinct pieces.
  Summaries take(std::size_t i);
  // An empty piece for each of `homes` that has none, in home order.
  void add_missing_homes(const std::set<std::uint64_t>& homes);
  // Every piece, in memory.
  std::vector<HomeSummaries> take_all();

 private:
  void sort_by_home();

  std::vector<HomePiece> pieces_;
  std::shared_ptr<const SummariesParking> parking_;
};

// A piece in memory, with its table rows counted.
HomePiece make_home_piece(std::uint64_t home, Summaries summaries);

// Consecutive pieces [begin, end) of whole homes: what a stage takes in one step so that only a
// batch of homes' tables is in memory at a time.
struct HomeBatch {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Table rows per batch of homes: a batch's tables (and the analyses' findings from them) stay at
// tens of MB, and a 50,000-home dataset still makes about a hundred batches to share among the
// threads.
inline constexpr std::size_t kHomeBatchRows = std::size_t{1} << 18;

// Batches of about `batch_rows` table rows each; the pieces of one home stay together.
std::vector<HomeBatch> plan_home_batches(const HomePieces& homes, std::size_t batch_rows);
// The batch's pieces taken (each once) and merged: a home reduced twice is combined key by key.
Summaries take_home_batch(HomePieces& homes, HomeBatch batch);

}  // namespace iotscope
