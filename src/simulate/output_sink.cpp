#include "simulate/output_sink.hpp"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace iotscope::sim {
namespace {

constexpr std::size_t kChunk = 1 << 20;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw std::runtime_error("cannot write " + path + ": " + what);
}

}  // namespace

struct OutputSink::Codec {
  z_stream gzip{};
  bool gzip_open = false;
  ZSTD_CCtx* zstd = nullptr;
  std::vector<char> buffer = std::vector<char>(kChunk);
  ~Codec() {
    if (gzip_open) deflateEnd(&gzip);
    if (zstd != nullptr) ZSTD_freeCCtx(zstd);
  }
};

OutputSink::OutputSink(std::string path, Compression compression, unsigned threads)
    : path_(std::move(path)), compression_(compression) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) fail(path_, std::strerror(errno));
  std::setvbuf(file_, nullptr, _IOFBF, 4 << 20);
  if (compression_ == Compression::none) return;
  codec_ = std::make_unique<Codec>();
  if (compression_ == Compression::gzip) {
    // Level 1: gzip is the slow path; zstd is the recommended compression.
    if (deflateInit2(&codec_->gzip, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      fail(path_, "zlib initialisation failed");
    }
    codec_->gzip_open = true;
    return;
  }
  codec_->zstd = ZSTD_createCCtx();
  if (codec_->zstd == nullptr) fail(path_, "zstd initialisation failed");
  ZSTD_CCtx_setParameter(codec_->zstd, ZSTD_c_compressionLevel, 3);
  // Without multi-threading support in libzstd this fails harmlessly: one thread compresses.
  ZSTD_CCtx_setParameter(codec_->zstd, ZSTD_c_nbWorkers, static_cast<int>(threads));
}

OutputSink::~OutputSink() {
  if (file_ != nullptr) std::fclose(file_);
}

void OutputSink::write_raw(const char* data, std::size_t size) {
  if (size != 0 && std::fwrite(data, 1, size, file_) != size) fail(path_, std::strerror(errno));
}

void OutputSink::write(std::string_view data) {
  if (file_ == nullptr) fail(path_, "already closed");
  switch (compression_) {
    case Compression::none:
      write_raw(data.data(), data.size());
      return;
    case Compression::gzip: {
      z_stream& z = codec_->gzip;
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      z.avail_in = static_cast<uInt>(data.size());
      while (z.avail_in != 0) {
        z.next_out = reinterpret_cast<Bytef*>(codec_->buffer.data());
        z.avail_out = static_cast<uInt>(codec_->buffer.size());
        if (deflate(&z, Z_NO_FLUSH) == Z_STREAM_ERROR) fail(path_, "zlib error");
        write_raw(codec_->buffer.data(), codec_->buffer.size() - z.avail_out);
      }
      return;
    }
    case Compression::zstd: {
      ZSTD_inBuffer in{data.data(), data.size(), 0};
      while (in.pos < in.size) {
        ZSTD_outBuffer out{codec_->buffer.data(), codec_->buffer.size(), 0};
        const std::size_t rc = ZSTD_compressStream2(codec_->zstd, &out, &in, ZSTD_e_continue);
        if (ZSTD_isError(rc) != 0) fail(path_, ZSTD_getErrorName(rc));
        write_raw(codec_->buffer.data(), out.pos);
      }
      return;
    }
  }
}

void OutputSink::close() {
  if (file_ == nullptr) return;
  if (compression_ == Compression::gzip) {
    z_stream& z = codec_->gzip;
    z.avail_in = 0;
    int rc = Z_OK;
    do {
      z.next_out = reinterpret_cast<Bytef*>(codec_->buffer.data());
      z.avail_out = static_cast<uInt>(codec_->buffer.size());
      rc = deflate(&z, Z_FINISH);
      if (rc == Z_STREAM_ERROR) fail(path_, "zlib error");
      write_raw(codec_->buffer.data(), codec_->buffer.size() - z.avail_out);
    } while (rc != Z_STREAM_END);
  } else if (compression_ == Compression::zstd) {
    ZSTD_inBuffer in{nullptr, 0, 0};
    std::size_t remaining = 0;
    do {
      ZSTD_outBuffer out{codec_->buffer.data(), codec_->buffer.size(), 0};
      remaining = ZSTD_compressStream2(codec_->zstd, &out, &in, ZSTD_e_end);
      if (ZSTD_isError(remaining) != 0) fail(path_, ZSTD_getErrorName(remaining));
      write_raw(codec_->buffer.data(), out.pos);
    } while (remaining != 0);
  }
  const bool bad = std::fflush(file_) != 0 || std::ferror(file_) != 0;
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (bad || closed != 0) fail(path_, std::strerror(errno));
}

}  // namespace iotscope::sim
