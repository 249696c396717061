#pragma once
// A file written through a big buffer, optionally gzip (zlib) or zstd (libzstd, multi-threaded)
// compressed.
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace iotscope::sim {

enum class Compression { none, gzip, zstd };

class OutputSink {
 public:
  // Throws std::runtime_error naming the path when it cannot be opened.
  OutputSink(std::string path, Compression compression, unsigned threads);
  ~OutputSink();
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;

  void write(std::string_view data);
  // Flushes the compressor and closes the file; throws on a write error.
  void close();
  const std::string& path() const { return path_; }

 private:
  struct Codec;
  void write_raw(const char* data, std::size_t size);

  std::string path_;
  std::FILE* file_ = nullptr;
  Compression compression_;
  std::unique_ptr<Codec> codec_;
};

}  // namespace iotscope::sim
