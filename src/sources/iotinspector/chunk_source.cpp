#include "sources/iotinspector/chunk_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "sources/text/compressed_file.hpp"
#include "sources/text/record_splitter.hpp"
#include "sources/text/uncached_file_reader.hpp"

namespace iotscope {
namespace {

const char* find_last(const char* begin, const char* end, char c) {
  for (const char* p = end; p != begin;)
    if (*--p == c) return p;
  return nullptr;
}

// One past the last newline that ends a record, or npos when no record ends in `text`.
std::size_t last_record_end(std::string_view text, bool quote_aware) {
  const char* const begin = text.data();
  const char* last = find_last(begin, begin + text.size(), '\n');
  if (last == nullptr) return std::string_view::npos;
  if (!quote_aware || std::memchr(begin, '"', static_cast<std::size_t>(last - begin)) == nullptr)
    return static_cast<std::size_t>(last - begin) + 1;
  bool odd = has_odd_quote_count(begin, last);
  while (odd) {
    const char* previous = find_last(begin, last, '\n');
    if (previous == nullptr) return std::string_view::npos;
    odd ^= has_odd_quote_count(previous, last);
    last = previous;
  }
  return static_cast<std::size_t>(last - begin) + 1;
}

std::uint64_t count_newlines(std::string_view text) {
  return count_byte(text.data(), text.data() + text.size(), '\n');
}

class MappedChunkSource final : public ChunkSource {
 public:
  MappedChunkSource(std::shared_ptr<MappedFile> file, const DetectedTable& table,
                    std::size_t chunk_bytes)
      : file_(std::move(file)),
        text_(file_->text()),
        quote_aware_(newlines_may_be_quoted(table.format)),
        chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)),
        pos_(std::min<std::size_t>(table.data_offset, text_.size())),
        line_(table.data_line) {}

  std::optional<TextChunk> next() override {
    if (pos_ >= text_.size()) return std::nullopt;
    const std::size_t end = chunk_end();
    TextChunk chunk;
    chunk.index = index_++;
    chunk.text = text_.substr(pos_, end - pos_);
    chunk.owner = std::shared_ptr<const void>(
        file_.get(), [file = file_, begin = pos_, end](const void*) { file->release(begin, end); });
    file_->populate(pos_, end);
    chunk.first_line = line_;
    chunk.first_offset = pos_;
    chunk.input_bytes = end - (chunk.index == 0 ? 0 : pos_);  // the first one covers the header
    line_ += count_newlines(chunk.text);
    pos_ = end;
    return chunk;
  }

 private:
  // Just past the first record end at or after pos_ + chunk_bytes_.
  std::size_t chunk_end() const {
    const char* const base = text_.data();
    std::size_t candidate = pos_ + chunk_bytes_;
    if (candidate >= text_.size()) return text_.size();
    bool odd = quote_aware_ && has_odd_quote_count(base + pos_, base + candidate);
    while (true) {
      const auto* newline =
          static_cast<const char*>(std::memchr(base + candidate, '\n', text_.size() - candidate));
      if (newline == nullptr) return text_.size();
      if (quote_aware_) odd ^= has_odd_quote_count(base + candidate, newline);
      candidate = static_cast<std::size_t>(newline - base) + 1;
      if (!odd) return candidate;
    }
  }

  std::shared_ptr<MappedFile> file_;
  std::string_view text_;
  bool quote_aware_;
  std::size_t chunk_bytes_;
  std::size_t pos_;
  std::uint64_t line_;
  std::uint64_t index_ = 0;
};

// Chunk buffers come back here once the last parser drops them, so a stream refills warm
// memory: a freed buffer of chunk size goes back to the OS, and a fresh one costs a page fault
// per page (most of a cold read's system time on this kind of virtual machine).
class BufferPool : public std::enable_shared_from_this<BufferPool> {
 public:
  std::shared_ptr<std::string> take() {
    std::unique_ptr<std::string> buffer;
    {
      const std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        buffer = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!buffer) buffer = std::make_unique<std::string>();
    buffer->clear();
    return {buffer.release(), [pool = shared_from_this()](std::string* b) { pool->give_back(b); }};
  }

 private:
  // The pipeline keeps few chunks in flight; more spare buffers than this would only hold memory.
  static constexpr std::size_t kMaxFree = 8;

  void give_back(std::string* buffer) {
    std::unique_ptr<std::string> owned(buffer);
    const std::lock_guard lock(mutex_);
    if (free_.size() < kMaxFree) free_.push_back(std::move(owned));
  }

  std::mutex mutex_;
  std::vector<std::unique_ptr<std::string>> free_;
};

class StreamChunkSource final : public ChunkSource {
 public:
  StreamChunkSource(std::string path, std::unique_ptr<DecompressingReader> reader,
                    const DetectedTable& table, std::size_t chunk_bytes)
      : path_(std::move(path)),
        reader_(std::move(reader)),
        quote_aware_(newlines_may_be_quoted(table.format)),
        chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)),
        skip_bytes_(table.data_offset),
        line_(table.data_line),
        offset_(table.data_offset) {}

  std::optional<TextChunk> next() override {
    if (finished_) return std::nullopt;
    std::shared_ptr<std::string> buffer = buffers_->take();
    buffer->assign(carry_);  // the partial record the previous cut left
    carry_.clear();
    std::size_t cut = std::string_view::npos;
    while (true) {
      const bool at_end = !fill(*buffer);
      if (at_end) {
        finish(*buffer);
        cut = buffer->size();
        break;
      }
      cut = last_record_end(*buffer, quote_aware_);
      if (cut != std::string_view::npos) break;
      if (buffer->size() > kMaxRecordBytes) skip_long_line(*buffer);
    }
    carry_.assign(*buffer, cut, std::string::npos);
    buffer->resize(cut);
    if (buffer->empty()) {
      if (finished_) return std::nullopt;
      return next();
    }
    TextChunk chunk;
    chunk.index = index_++;
    chunk.text = *buffer;
    chunk.first_line = line_;
    chunk.first_offset = offset_;
    const std::uint64_t consumed = reader_->consumed_bytes();
    chunk.input_bytes = consumed - reported_input_;
    reported_input_ = consumed;
    line_ += count_newlines(chunk.text);
    offset_ += buffer->size();
    chunk.owner = std::move(buffer);
    return chunk;
  }

 private:
  // Appends decompressed text until the buffer holds at least a chunk; false at the end.
  bool fill(std::string& buffer) {
    const std::size_t target = buffer.size() + chunk_bytes_;
    while (buffer.size() < target) {
      const std::size_t old = buffer.size();
      buffer.resize(target);
      const std::size_t got = reader_->read({buffer.data() + old, target - old});
      buffer.resize(old + got);
      if (got == 0) return false;
      drop_header(buffer, old);
    }
    return true;
  }

  // The header was already read by format detection.
  void drop_header(std::string& buffer, std::size_t fresh_from) {
    if (skip_bytes_ == 0) return;
    const std::size_t n = std::min<std::uint64_t>(skip_bytes_, buffer.size() - fresh_from);
    buffer.erase(fresh_from, n);
    skip_bytes_ -= n;
  }

  // A record over 1 MiB: skip its first physical line, as the table cursor does.
  void skip_long_line(std::string& buffer) {
    InputIssue issue;
    issue.file = path_;
    issue.line = line_;
    issue.byte_offset = offset_;
    issue.message = fmt::format("line is longer than {} bytes; skipped", kMaxRecordBytes);
    issues_.push_back(std::move(issue));
    bool more = true;
    while (true) {
      const std::size_t newline = buffer.find('\n');
      if (newline != std::string::npos) {
        offset_ += newline + 1;
        buffer.erase(0, newline + 1);
        ++line_;
        return;
      }
      offset_ += buffer.size();
      buffer.clear();
      if (!more) return;
      more = fill(buffer);  // what it appended is searched even at the end of the stream
    }
  }

  void finish(std::string& buffer) {
    finished_ = true;
    if (!reader_->stream_error()) return;
    // Keep the complete records before the cut; the partial last line is not a row.
    const std::size_t cut = last_record_end(buffer, quote_aware_);
    const std::size_t complete = cut == std::string_view::npos ? 0 : cut;
    const bool partial = complete < buffer.size();
    buffer.resize(complete);
    InputIssue issue;
    issue.file = path_;
    issue.byte_offset = reader_->consumed_bytes();
    issue.message = *reader_->stream_error();
    if (partial) {
      // The cut line is a lost row: named by its line number, it counts as skipped.
      issue.line = line_ + count_newlines(buffer);
      issue.message += "; the incomplete last line was dropped";
    }
    issues_.push_back(std::move(issue));
  }

  std::string path_;
  std::unique_ptr<DecompressingReader> reader_;
  bool quote_aware_;
  std::size_t chunk_bytes_;
  std::uint64_t skip_bytes_;
  std::uint64_t line_;
  std::uint64_t offset_;
  std::uint64_t index_ = 0;
  std::uint64_t reported_input_ = 0;
  std::string carry_;
  std::shared_ptr<BufferPool> buffers_ = std::make_shared<BufferPool>();
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ChunkSource> open_chunk_source(const std::string& path, const DetectedTable& table,
                                               std::size_t chunk_bytes, std::string& error,
                                               FileAccess access) {
  if (table.compression == Compression::none && access != FileAccess::mapped &&
      (access == FileAccess::uncached || should_bypass_page_cache(path, kUncachedMinBytes))) {
    auto reader = UncachedFileReader::open(path, error);
    if (!reader) return nullptr;
    return std::make_unique<StreamChunkSource>(path, std::move(reader), table, chunk_bytes);
  }
  if (table.compression == Compression::none) {
    std::string map_error;
    if (auto mapped = MappedFile::open(path, map_error))
      return std::make_unique<MappedChunkSource>(std::shared_ptr<MappedFile>(std::move(mapped)),
                                                 table, chunk_bytes);
  }
  auto reader = DecompressingReader::open(path, error);
  if (!reader) return nullptr;
  return std::make_unique<StreamChunkSource>(path, std::move(reader), table, chunk_bytes);
}

}  // namespace iotscope
