#pragma once
// Sequential access to a file's text whatever its compression: plain, gzip (zlib) or zstd,
// recognised from the magic bytes. Memory stays bounded by the caller's buffer, so a compressed
// file of any size streams through.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace iotscope {

enum class Compression : std::uint8_t { none, gzip, zstd };

// "" for none, "gzip", "zstd": the suffix of an InputReport format ("csv+zstd").
std::string_view to_string(Compression value);
Compression detect_compression(std::span<const unsigned char> head);

// Yields the decompressed bytes of one file in order.
class DecompressingReader {
 public:
  // Opens `path`; on failure returns nullptr and sets `error` to the OS message.
  static std::unique_ptr<DecompressingReader> open(const std::string& path, std::string& error);
  virtual ~DecompressingReader() = default;

  // Fills up to out.size() bytes; 0 means the end (clean or not: see stream_error()).
  virtual std::size_t read(std::span<char> out) = 0;
  virtual Compression compression() const = 0;
  // Compressed (on-disk) bytes consumed so far: the progress measure.
  virtual std::uint64_t consumed_bytes() const = 0;
  std::uint64_t file_size() const { return file_size_; }
  // Set once the stream is found truncated or corrupt; the bytes delivered before stay valid.
  const std::optional<std::string>& stream_error() const { return stream_error_; }

 protected:
  std::uint64_t file_size_ = 0;
  std::optional<std::string> stream_error_;
};

// Opens a regular file for reading: its descriptor and size, or -1 with `error` set to the OS
// reason ("Is a directory" for a folder, "not a regular file" for a pipe or device).
int open_plain_file(const std::string& path, std::string& error, std::uint64_t& size);

// A read-only memory map of a whole plain file (the fast path for uncompressed input).
class MappedFile {
 public:
  // Returns nullptr and sets `error` when the file cannot be opened or mapped.
  static std::unique_ptr<MappedFile> open(const std::string& path, std::string& error);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view text() const { return {data_, size_}; }
  // The pages wholly inside [begin, end) are no longer needed: they leave the resident set (a
  // later read maps them again from the page cache), so memory stays bounded by the chunks in use.
  void release(std::size_t begin, std::size_t end) const;
  // The pages of [begin, end) are about to be read: map them in one call rather than one page
  // fault per few pages (a hint; ignored where the kernel lacks it).
  void populate(std::size_t begin, std::size_t end) const;

 private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  const char* data_;
  std::size_t size_;
};

}  // namespace iotscope
