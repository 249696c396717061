#include "sources/iotinspector/flow_pipeline.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "sources/iotinspector/chunk_source.hpp"
#include "sources/iotinspector/issue_log.hpp"
#include "sources/iotinspector/shape_a_rows.hpp"
#include "sources/iotinspector/table_cursor.hpp"
#include "util/hash.hpp"

namespace iotscope {
namespace {

// Windows ahead of the one being added whose hash slot is fetched into cache meanwhile.
constexpr std::size_t kPrefetchDistance = 8;

// The windows of one chunk destined for one shard, with the text their views point into.
struct WindowBatch {
  std::vector<FlowWindow> windows;
  std::shared_ptr<const void> owner;
  std::deque<std::string> copies;  // fields that were unquoted or unescaped out of the chunk
};

struct ParsedChunk {
  std::uint64_t index = 0;
  std::vector<WindowBatch> batches;  // one per shard
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::uint64_t dropped = 0;
  IssueLog issues;
  explicit ParsedChunk(std::size_t limit) : issues(limit) {}
};

InputIssue make_issue(const std::string& file, const TableRow& row, const RowProblem& problem) {
  InputIssue issue;
  issue.file = file;
  issue.line = row.line;
  const bool about_field = problem.slot != RowProblem::kWholeRecord;
  issue.column = about_field ? row.columns[problem.slot] : problem.column;
  issue.byte_offset = row.byte_offset + (about_field ? row.offsets[problem.slot] : problem.offset);
  issue.message = problem.message;
  return issue;
}

// Parses one chunk of a flows table into per-shard window batches.
class ChunkParser {
 public:
  // `spare` holds one recycled (empty) window vector per shard: reusing warm memory avoids
  // faulting in and zeroing fresh pages for every chunk.
  ChunkParser(const FlowFileJob& job, const TextChunk& chunk, std::size_t shards,
              std::size_t issue_limit, std::vector<std::vector<FlowWindow>> spare)
      : job_(job), chunk_(chunk), parsed_(issue_limit) {
    parsed_.index = chunk.index;
    parsed_.batches.resize(shards);
    // Rows are rarely shorter than 64 bytes: one allocation per batch, not a series of regrowths.
    const std::size_t expected = chunk.text.size() / 128 / shards + 16;
    for (std::size_t s = 0; s < shards; ++s) {
      auto& batch = parsed_.batches[s];
      batch.owner = chunk.owner;
      if (s < spare.size()) batch.windows = std::move(spare[s]);
      batch.windows.reserve(expected);
    }
  }

  ParsedChunk run() {
    TableCursor cursor(job_.table.format, job_.table.columns);
    cursor.reset(chunk_.text, chunk_.first_line, chunk_.first_offset);
    TableRow row;
    RowProblem problem;
    while (true) {
      const auto step = cursor.next(row, problem);
      if (step == TableCursor::Step::end) break;
      if (step == TableCursor::Step::row && parse_row(row, problem)) continue;
      ++parsed_.skipped;
      parsed_.issues.add_row_issue(make_issue(job_.path, row, problem));
    }
    return std::move(parsed_);
  }

 private:
  // False for a bad row (problem set).
  bool parse_row(const TableRow& row, RowProblem& problem) {
    if (job_.shape_b_home != nullptr) {
      const auto result = parse_v3_flow_row(row, *job_.shape_b_home, pair_, problem);
      if (result.outcome == RowOutcome::bad) return false;
      parsed_.dropped += result.dropped;
      if (result.windows > 0) ++parsed_.records;
      for (std::uint8_t i = 0; i < result.windows; ++i) route(pair_[i]);
      return true;
    }
    switch (parse_v1_flow_row(row, window_, problem, home_hashes_, device_hashes_)) {
      case RowOutcome::bad:
        return false;
      case RowOutcome::dropped:
        ++parsed_.dropped;
        return true;
      case RowOutcome::kept:
        ++parsed_.records;
        route(window_);
        return true;
    }
    return true;
  }

  void route(FlowWindow& window) {
    const std::size_t shard = mix64(window.device.home) % parsed_.batches.size();
    WindowBatch& batch = parsed_.batches[shard];
    stabilise(window.remote_hostname, batch);
    stabilise(window.device_id, batch);
    if (job_.shape_b_home == nullptr) stabilise(window.home_id, batch);
    batch.windows.push_back(window);
  }

  // Views must outlive this parser: those not pointing into the chunk text are copied.
  void stabilise(std::string_view& view, WindowBatch& batch) const {
    if (view.empty()) return;
    const std::less<const char*> before;
    const char* begin = chunk_.text.data();
    const char* end = begin + chunk_.text.size();
    if (!before(view.data(), begin) && !before(end, view.data() + view.size())) return;
    batch.copies.emplace_back(view);
    view = batch.copies.back();
  }

  const FlowFileJob& job_;
  const TextChunk& chunk_;
  ParsedChunk parsed_;
  FlowWindow window_;
  std::array<FlowWindow, 2> pair_;
  TextHashCache home_hashes_;
  TextHashCache device_hashes_;
};

struct JobState {
  std::unique_ptr<ChunkSource> source;
  bool opened = false;
  bool busy = false;
  bool exhausted = false;
  std::uint64_t chunks = 0;  // produced so far; final once exhausted
  std::uint64_t records = 0;
  std::uint64_t skipped = 0;
  std::uint64_t dropped = 0;
  IssueLog issues;
  explicit JobState(std::size_t limit) : issues(limit) {}
};

struct ChunkId {
  std::uint32_t job = 0;
  std::uint64_t chunk = 0;
  auto operator<=>(const ChunkId&) const = default;
};

struct ShardState {
  std::map<ChunkId, WindowBatch> pending;
  ChunkId next;
};

class FlowPipeline {
 public:
  FlowPipeline(std::span<const FlowFileJob> jobs, const DeviceDirectory& directory,
               const FlowPipelineSettings& settings)
      : jobs_(jobs),
        directory_(directory),
        settings_(settings),
        workers_(std::max(1U, settings.threads)),
        chunk_bytes_(settings.chunk_bytes ? settings.chunk_bytes : kDefaultChunkBytes),
        max_in_flight_(4 * workers_ + 4),
        max_spare_(2 * workers_),
        shards_(workers_) {
    for (std::size_t i = 0; i < jobs.size(); ++i)
      states_.emplace_back(settings.max_issues_per_file);
  }

  FlowPipelineResult run(Engine& engine) {
    std::vector<std::unique_ptr<WindowAssembler>> assemblers(workers_);
    std::vector<std::unique_ptr<FlowAggregator>> aggregators(workers_);
    for (std::size_t i = 0; i < workers_; ++i) {
      aggregators[i] = engine.make_aggregator();
      assemblers[i] = std::make_unique<WindowAssembler>(settings_.flow_gap_seconds, directory_,
                                                        *aggregators[i], settings_.reorder_seconds);
    }
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers_; ++i)
      threads.emplace_back([&, i] { work(i, *assemblers[i]); });
    work(0, *assemblers[0]);
    for (auto& thread : threads) thread.join();

    FlowPipelineResult result;
    result.files.resize(jobs_.size());
    for (std::size_t i = 0; i < workers_; ++i) {
      for (const auto& [key, missing] : assemblers[i]->missing_devices()) {
        auto [it, inserted] = result.missing_devices.try_emplace(key, missing);
        if (!inserted && missing.first_file < it->second.first_file) it->second = missing;
      }
      for (const auto& [file, late] : assemblers[i]->late_windows())
        result.files[file].late_windows += late;
      assemblers[i].reset();
      engine.absorb(std::move(aggregators[i]));
    }
    for (std::size_t j = 0; j < jobs_.size(); ++j) {
      auto& out = result.files[j];
      out.records = states_[j].records;
      out.skipped = states_[j].skipped;
      out.dropped = states_[j].dropped;
      out.issues = states_[j].issues.finish(jobs_[j].path);
    }
    return result;
  }

 private:
  void work(std::size_t shard, WindowAssembler& assembler) {
    std::unique_lock lock(mutex_);
    while (true) {
      advance_past_finished_jobs(shards_[shard]);
      if (shards_[shard].next.job >= jobs_.size()) break;
      if (auto batch = take_next_batch(shards_[shard])) {
        const ChunkId id = shards_[shard].next;
        lock.unlock();
        const auto& windows = batch->windows;
        for (std::size_t w = 0; w < windows.size(); ++w) {
          if (w + kPrefetchDistance < windows.size())
            assembler.prefetch(windows[w + kPrefetchDistance]);
          assembler.add(windows[w], id.job);
        }
        std::vector<FlowWindow> spare = std::move(batch->windows);
        spare.clear();
        batch.reset();  // release the chunk text outside the lock
        lock.lock();
        if (spare_windows_.size() < max_spare_) spare_windows_.push_back(std::move(spare));
        ++shards_[shard].next.chunk;
        if (--consumers_left_[id] == 0) {
          consumers_left_.erase(id);
          --in_flight_;
        }
        changed_.notify_all();
        continue;
      }
      if (const auto job = claimable_job()) {
        produce_and_parse(*job, lock);
        continue;
      }
      changed_.wait(lock);
    }
    lock.unlock();
    assembler.finish();
  }

  void advance_past_finished_jobs(ShardState& shard) const {
    while (shard.next.job < jobs_.size() && states_[shard.next.job].exhausted &&
           shard.next.chunk >= states_[shard.next.job].chunks) {
      ++shard.next.job;
      shard.next.chunk = 0;
    }
  }

  std::optional<WindowBatch> take_next_batch(ShardState& shard) {
    const auto it = shard.pending.find(shard.next);
    if (it == shard.pending.end()) return std::nullopt;
    WindowBatch batch = std::move(it->second);
    shard.pending.erase(it);
    return batch;
  }

  // The earliest job with chunks left, or a later one (bounded look-ahead) when its source is
  // busy: several compressed files then decompress at once.
  std::optional<std::uint32_t> claimable_job() const {
    bool earliest = true;
    for (std::uint32_t j = 0; j < jobs_.size(); ++j) {
      const JobState& state = states_[j];
      if (state.exhausted) continue;
      const std::size_t limit = earliest ? max_in_flight_ : max_in_flight_ / 2;
      if (!state.busy && in_flight_ < limit) return j;
      earliest = false;
    }
    return std::nullopt;
  }

  // Cuts the next chunk of `job` (the source is ours alone while `busy`), then releases the
  // source so that another worker can cut the following chunk while this one parses.
  void produce_and_parse(std::uint32_t job, std::unique_lock<std::mutex>& lock) {
    JobState& state = states_[job];
    state.busy = true;
    ++in_flight_;
    lock.unlock();
    std::optional<TextChunk> chunk;
    std::vector<InputIssue> source_issues;
    if (!state.opened) open_source(job);
    if (state.source) {
      chunk = state.source->next();
      source_issues = state.source->take_issues();
    }
    lock.lock();
    state.busy = false;
    record_source_issues(state, std::move(source_issues));
    if (!chunk) {
      state.exhausted = true;
      state.source.reset();
      --in_flight_;
      changed_.notify_all();
      return;
    }
    ++state.chunks;
    std::vector<std::vector<FlowWindow>> spare;
    while (spare.size() < workers_ && !spare_windows_.empty()) {
      spare.push_back(std::move(spare_windows_.back()));
      spare_windows_.pop_back();
    }
    changed_.notify_all();
    lock.unlock();

    ParsedChunk parsed =
        ChunkParser(jobs_[job], *chunk, workers_, settings_.max_issues_per_file, std::move(spare))
            .run();
    report_progress(chunk->input_bytes);
    chunk.reset();

    lock.lock();
    const ChunkId id{job, parsed.index};
    state.records += parsed.records;
    state.skipped += parsed.skipped;
    state.dropped += parsed.dropped;
    state.issues.merge(std::move(parsed.issues));
    consumers_left_[id] = workers_;
    for (std::size_t s = 0; s < workers_; ++s)
      shards_[s].pending.emplace(id, std::move(parsed.batches[s]));
    changed_.notify_all();
  }

  void open_source(std::uint32_t job) {
    JobState& state = states_[job];
    state.opened = true;
    std::string error;
    state.source = open_chunk_source(jobs_[job].path, jobs_[job].table, chunk_bytes_, error,
                                     settings_.file_access);
    if (!state.source) {
      std::lock_guard guard(mutex_);
      InputIssue issue;
      issue.file = jobs_[job].path;
      issue.message = fmt::format("cannot open: {}", error);
      state.issues.add_file_issue(std::move(issue));
    }
  }

  static void record_source_issues(JobState& state, std::vector<InputIssue> issues) {
    for (auto& issue : issues) {
      if (issue.line > 0) {
        ++state.skipped;
        state.issues.add_row_issue(std::move(issue));
      } else {
        state.issues.add_file_issue(std::move(issue));
      }
    }
  }

  void report_progress(std::uint64_t bytes) const {
    if (settings_.done_bytes == nullptr) return;
    const std::uint64_t done = settings_.done_bytes->fetch_add(bytes) + bytes;
    if (settings_.progress) settings_.progress(done, settings_.total_bytes);
  }

  std::span<const FlowFileJob> jobs_;
  const DeviceDirectory& directory_;
  const FlowPipelineSettings& settings_;
  const std::size_t workers_;
  const std::size_t chunk_bytes_;
  const std::size_t max_in_flight_;
  const std::size_t max_spare_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<JobState> states_;
  std::vector<ShardState> shards_;
  std::map<ChunkId, std::size_t> consumers_left_;
  std::size_t in_flight_ = 0;
  std::vector<std::vector<FlowWindow>> spare_windows_;  // emptied batches, for reuse
};

}  // namespace

FlowPipelineResult run_flow_pipeline(std::span<const FlowFileJob> jobs,
                                     const DeviceDirectory& directory,
                                     const FlowPipelineSettings& settings, Engine& engine) {
  return FlowPipeline(jobs, directory, settings).run(engine);
}

}  // namespace iotscope
