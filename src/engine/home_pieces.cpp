#include "engine/home_pieces.hpp"

#include <algorithm>
#include <iterator>
#include <span>
#include <stdexcept>
#include <utility>

#include "engine/summaries_codec.hpp"
#include "engine/summaries_merge.hpp"
#include "util/release_vector.hpp"

namespace iotscope {

SummariesParking::SummariesParking(std::filesystem::path directory, std::size_t memory_budget)
    : directory_(std::move(directory)), memory_budget_(memory_budget) {}

HomePiece SummariesParking::keep(std::uint64_t home, Summaries summaries) {
  const std::size_t bytes = table_bytes(summaries);
  HomePiece piece = make_home_piece(home, std::move(summaries));
  if (held_.fetch_add(bytes) + bytes <= memory_budget_ || failed_) return piece;
  std::vector<std::byte> encoded;
  encoded.reserve(bytes + 1024);
  encode_summaries(piece.summaries, encoded);
  piece.parked = park(encoded);
  if (piece.parked) piece.summaries = {};
  return piece;
}

Summaries SummariesParking::take(HomePiece& piece) const {
  if (!piece.parked) return std::exchange(piece.summaries, {});
  std::vector<std::byte> encoded(piece.parked->bytes);
  file_->read(*piece.parked, encoded);
  piece.parked.reset();
  return decode_summaries(encoded);
}

std::uint64_t SummariesParking::parked_bytes() const {
  const std::lock_guard lock(mutex_);
  return file_ == nullptr ? 0 : file_->size();
}

std::string SummariesParking::problem() const {
  const std::lock_guard lock(mutex_);
  return problem_;
}

std::optional<SpillExtent> SummariesParking::park(std::span<const std::byte> encoded) {
  const std::lock_guard lock(mutex_);
  if (failed_) return std::nullopt;
  try {
    if (file_ == nullptr) file_ = std::make_unique<SpillFile>(directory_);
    return file_->append(encoded);
  } catch (const std::runtime_error& e) {
    problem_ = std::string(e.what()) +
               "; the reduced homes from here on stayed in memory (--spill-dir names another "
               "folder)";
    failed_ = true;
    return std::nullopt;
  }
}

HomePieces::HomePieces(std::vector<HomeSummaries> in_memory) {
  pieces_.reserve(in_memory.size());
  for (HomeSummaries& piece : in_memory) {
    pieces_.push_back(make_home_piece(piece.first, std::move(piece.second)));
  }
  sort_by_home();
}

HomePieces::HomePieces(std::vector<HomePiece> pieces,
                       std::shared_ptr<const SummariesParking> parking)
    : pieces_(std::move(pieces)), parking_(std::move(parking)) {
  sort_by_home();
}

Summaries HomePieces::take(std::size_t i) {
  HomePiece& piece = pieces_.at(i);
  if (!piece.parked) return std::exchange(piece.summaries, {});
  if (parking_ == nullptr) throw std::logic_error("a parked home piece without its spill file");
  return parking_->take(piece);
}

void HomePieces::add_missing_homes(const std::set<std::uint64_t>& homes) {
  const auto present = [this](std::uint64_t home) {
    const auto it = std::lower_bound(
        pieces_.begin(), pieces_.end(), home,
        [](const HomePiece& piece, std::uint64_t wanted) { return piece.home < wanted; });
    return it != pieces_.end() && it->home == home;
  };
  std::vector<HomePiece> missing;
  for (const std::uint64_t home : homes) {
    if (!present(home)) missing.push_back(make_home_piece(home, {}));
  }
  if (missing.empty()) return;
  pieces_.insert(pieces_.end(), std::make_move_iterator(missing.begin()),
                 std::make_move_iterator(missing.end()));
  sort_by_home();
}

std::vector<HomeSummaries> HomePieces::take_all() {
  std::vector<HomeSummaries> out;
  out.reserve(pieces_.size());
  for (std::size_t i = 0; i < pieces_.size(); ++i) out.emplace_back(pieces_[i].home, take(i));
  release_vector(pieces_);
  return out;
}

void HomePieces::sort_by_home() {
  std::stable_sort(pieces_.begin(), pieces_.end(),
                   [](const HomePiece& a, const HomePiece& b) { return a.home < b.home; });
}

HomePiece make_home_piece(std::uint64_t home, Summaries summaries) {
  HomePiece piece;
  piece.home = home;
  piece.port_rows = summaries.local_ports.size() + summaries.remote_ports.size();
  piece.edge_rows = summaries.edges.size();
  piece.rows =
      piece.port_rows + piece.edge_rows + summaries.scan_windows.size() + summaries.devices.size();
  piece.summaries = std::move(summaries);
  return piece;
}

std::vector<HomeBatch> plan_home_batches(const HomePieces& homes, std::size_t batch_rows) {
  std::vector<HomeBatch> batches;
  std::size_t rows = 0;
  for (std::size_t i = 0; i < homes.size(); ++i) {
    const bool new_home = i == 0 || homes.home(i) != homes.home(i - 1);
    if (batches.empty() || (new_home && rows >= batch_rows)) {
      batches.push_back({i, i});
      rows = 0;
    }
    batches.back().end = i + 1;
    rows += homes.rows(i);
  }
  return batches;
}

Summaries take_home_batch(HomePieces& homes, HomeBatch batch) {
  std::vector<HomeSummaries> pieces;
  pieces.reserve(batch.end - batch.begin);
  for (std::size_t i = batch.begin; i < batch.end; ++i)
    pieces.emplace_back(homes.home(i), homes.take(i));
  return merge_home_summaries(std::move(pieces));
}

}  // namespace iotscope
