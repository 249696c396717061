#include "sources/pcap/capture_merger.hpp"

namespace iotscope {

CaptureMerger::CaptureMerger(std::vector<std::unique_ptr<CaptureFile>> files)
    : files_(std::move(files)), pending_(files_.size()) {}

void CaptureMerger::advance(std::size_t index) {
  Pending& slot = pending_[index];
  slot.valid = files_[index]->next(slot.frame);
  slot.frame.file_index = static_cast<std::uint32_t>(index);
}

bool CaptureMerger::next(CaptureFrame& frame) {
  // One file (the common case) needs no merge: its frames go straight to the caller.
  if (files_.size() == 1) {
    const bool read = files_.front()->next(frame);
    frame.file_index = 0;
    return read;
  }
  if (!started_) {
    for (std::size_t i = 0; i < files_.size(); ++i) advance(i);
    started_ = true;
  } else if (last_ < files_.size()) {
    // Only the file whose frame was handed out last moves on, so every other file's pending
    // frame still points at valid reader memory.
    advance(last_);
  }
  // A linear scan: merges are of a handful of files, where a heap would cost more than it saves.
  std::size_t best = files_.size();
  for (std::size_t i = 0; i < files_.size(); ++i) {
    if (pending_[i].valid &&
        (best == files_.size() || pending_[i].frame.ts_ns < pending_[best].frame.ts_ns)) {
      best = i;
    }
  }
  last_ = best;
  if (best == files_.size()) return false;
  frame = pending_[best].frame;
  return true;
}

std::uint64_t CaptureMerger::consumed_bytes() const {
  std::uint64_t total = 0;
  for (const auto& file : files_) total += file->consumed_bytes();
  return total;
}

std::uint64_t CaptureMerger::total_bytes() const {
  std::uint64_t total = 0;
  for (const auto& file : files_) total += file->file_size();
  return total;
}

}  // namespace iotscope
