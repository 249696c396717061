#pragma once
// Several capture files read as one capture in time order (a k-way merge on timestamps), as
// when a capture was rotated into many files or taken on several mirror ports.
#include <memory>
#include <vector>

#include "sources/pcap/capture_file.hpp"

namespace iotscope {

class CaptureMerger {
 public:
  explicit CaptureMerger(std::vector<std::unique_ptr<CaptureFile>> files);

  // The earliest pending frame of all files; ties go to the file listed first. A frame stays
  // valid until the next call.
  bool next(CaptureFrame& frame);

  const std::vector<std::unique_ptr<CaptureFile>>& files() const { return files_; }
  std::uint64_t consumed_bytes() const;
  std::uint64_t total_bytes() const;

 private:
  struct Pending {
    CaptureFrame frame;
    bool valid = false;
  };
  void advance(std::size_t index);

  std::vector<std::unique_ptr<CaptureFile>> files_;
  std::vector<Pending> pending_;
  std::size_t last_ = 0;
  bool started_ = false;
};

}  // namespace iotscope
