#pragma once
// Cuts a table file into chunks of whole records so that workers can parse them in parallel.
// A plain file is memory-mapped and cut by byte ranges (or, when large and not cached, read
// around the page cache as a stream); a compressed file is one sequential stream, decompressed
// chunk by chunk into buffers. Both cut only where a record ends (for CSV
// and TSV: at a newline with balanced quotes since the chunk start), so a quoted newline never
// splits a record, and both number lines so that every issue names its physical line.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/input_report.hpp"
#include "sources/iotinspector/format_detection.hpp"

namespace iotscope {

inline constexpr std::size_t kDefaultChunkBytes = std::size_t{4} << 20;

struct TextChunk {
  std::uint64_t index = 0;            // 0, 1, 2... in file order
  std::string_view text;              // whole records
  std::shared_ptr<const void> owner;  // keeps `text` alive
  std::uint64_t first_line = 1;
  std::uint64_t first_offset = 0;  // in the decompressed text
  std::uint64_t input_bytes = 0;   // on-disk bytes this chunk accounts for (progress)
};

class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  // The next chunk, or nullopt at the end. One caller at a time.
  virtual std::optional<TextChunk> next() = 0;
  // Problems met while cutting (truncated stream, over-long line), with file/line/offset.
  std::vector<InputIssue> take_issues() { return std::move(issues_); }

 protected:
  std::vector<InputIssue> issues_;
};

// How a plain file's bytes are read. `automatic`: around the page cache (uncached_file_reader.hpp)
// when the file is large and mostly not cached, else memory-mapped.
enum class FileAccess : std::uint8_t { automatic, mapped, uncached };
inline constexpr std::uint64_t kUncachedMinBytes = std::uint64_t{64} << 20;

// Opens `path` as detected; nullptr with `error` set when it can no longer be opened.
std::unique_ptr<ChunkSource> open_chunk_source(const std::string& path, const DetectedTable& table,
                                               std::size_t chunk_bytes, std::string& error,
                                               FileAccess access = FileAccess::automatic);

}  // namespace iotscope
