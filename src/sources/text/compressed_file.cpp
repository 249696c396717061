#include "sources/text/compressed_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

namespace iotscope {
namespace {

constexpr std::size_t kInputBufferBytes = std::size_t{256} << 10;

bool has_gzip_magic(std::span<const unsigned char> head) {
  return head.size() >= 2 && head[0] == 0x1f && head[1] == 0x8b;
}

bool has_zstd_magic(std::span<const unsigned char> head) {
  return head.size() >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f &&
         head[3] == 0xfd;
}

// Owns a file descriptor and refills a fixed input buffer from it.
class FileInput {
 public:
  explicit FileInput(int fd) : fd_(fd) {}
  ~FileInput() { ::close(fd_); }
  FileInput(const FileInput&) = delete;
  FileInput& operator=(const FileInput&) = delete;

  // Returns the unread bytes, refilling when empty; empty at end of file or on error.
  std::span<unsigned char> pending() {
    if (begin_ == end_ && !eof_) refill();
    return {buffer_.get() + begin_, end_ - begin_};
  }
  void consume(std::size_t n) {
    begin_ += n;
    consumed_ += n;
  }
  std::uint64_t consumed() const { return consumed_; }
  const std::string& read_error() const { return read_error_; }

  // Reads directly into `out`, bypassing the buffer (plain files).
  std::size_t read_direct(std::span<char> out) {
    if (begin_ != end_) {
      const std::size_t n = std::min(out.size(), end_ - begin_);
      std::memcpy(out.data(), buffer_.get() + begin_, n);
      consume(n);
      return n;
    }
    while (!eof_) {
      const ssize_t got = ::read(fd_, out.data(), out.size());
      if (got > 0) {
        consumed_ += static_cast<std::uint64_t>(got);
        return static_cast<std::size_t>(got);
      }
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) read_error_ = std::strerror(errno);
      eof_ = true;
    }
    return 0;
  }

 private:
  void refill() {
    begin_ = 0;
    end_ = 0;
    // Allocated on first use: plain files are read directly and never need it.
    // Not zeroed: read() fills what is used, and a small file touches a page or two of it.
    if (!buffer_) buffer_ = std::make_unique_for_overwrite<unsigned char[]>(kInputBufferBytes);
    while (true) {
      const ssize_t got = ::read(fd_, buffer_.get(), kInputBufferBytes);
      if (got > 0) {
        end_ = static_cast<std::size_t>(got);
        return;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) read_error_ = std::strerror(errno);
      eof_ = true;
      return;
    }
  }

  int fd_;
  std::unique_ptr<unsigned char[]> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::uint64_t consumed_ = 0;
  bool eof_ = false;
  std::string read_error_;
};

class PlainReader final : public DecompressingReader {
 public:
  explicit PlainReader(int fd) : input_(fd) {}
  std::size_t read(std::span<char> out) override {
    const std::size_t n = input_.read_direct(out);
    if (n == 0 && !input_.read_error().empty() && !stream_error_) {
      stream_error_ =
          fmt::format("read error at byte {}: {}", input_.consumed(), input_.read_error());
    }
    return n;
  }
  Compression compression() const override { return Compression::none; }
  std::uint64_t consumed_bytes() const override { return input_.consumed(); }

 private:
  FileInput input_;
};

class GzipReader final : public DecompressingReader {
 public:
  explicit GzipReader(int fd) : input_(fd) {
    // 15 + 32: zlib or gzip header, detected automatically.
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) {
      stream_error_ = "cannot initialise zlib";
      done_ = true;
    }
  }
  ~GzipReader() override { inflateEnd(&stream_); }

  std::size_t read(std::span<char> out) override {
    std::size_t produced = 0;
    while (produced < out.size() && !done_) {
      auto in = input_.pending();
      if (in.empty()) {
        // Output held back when the caller's buffer was full comes out with no more input.
        if (!member_ended_ && drain(out, produced)) continue;
        finish_at_end_of_input();
        break;
      }
      if (member_ended_) {
        // A gzip file may hold several members back to back; anything else is trailing junk.
        if (!has_gzip_magic(in) && in.size() >= 2) {
          stream_error_ =
              fmt::format("unexpected bytes after the gzip stream at byte {}", input_.consumed());
          done_ = true;
          break;
        }
        inflateReset(&stream_);
        member_ended_ = false;
      }
      stream_.next_in = in.data();
      stream_.avail_in = static_cast<uInt>(in.size());
      stream_.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
      stream_.avail_out = static_cast<uInt>(out.size() - produced);
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      input_.consume(in.size() - stream_.avail_in);
      produced = out.size() - stream_.avail_out;
      if (rc == Z_STREAM_END) {
        member_ended_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        stream_error_ = fmt::format("compressed stream is corrupt at byte {} (zlib: {})",
                                    input_.consumed(), stream_.msg ? stream_.msg : "error");
        done_ = true;
      }
    }
    return produced;
  }
  Compression compression() const override { return Compression::gzip; }
  std::uint64_t consumed_bytes() const override { return input_.consumed(); }

 private:
  // Runs inflate without input; true when it produced something.
  bool drain(std::span<char> out, std::size_t& produced) {
    stream_.next_in = nullptr;
    stream_.avail_in = 0;
    stream_.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream_.avail_out = static_cast<uInt>(out.size() - produced);
    const int rc = inflate(&stream_, Z_NO_FLUSH);
    const std::size_t before = produced;
    produced = out.size() - stream_.avail_out;
    if (rc == Z_STREAM_END) member_ended_ = true;
    return produced > before || rc == Z_STREAM_END;
  }

  void finish_at_end_of_input() {
    done_ = true;
    if (!input_.read_error().empty()) {
      stream_error_ =
          fmt::format("read error at byte {}: {}", input_.consumed(), input_.read_error());
    } else if (!member_ended_) {
      stream_error_ = fmt::format("compressed stream ends early at byte {}", input_.consumed());
    }
  }

  FileInput input_;
  z_stream stream_{};
  bool member_ended_ = false;
  bool done_ = false;
};

class ZstdReader final : public DecompressingReader {
 public:
  explicit ZstdReader(int fd) : input_(fd), stream_(ZSTD_createDStream()) {
    if (stream_ == nullptr) {
      stream_error_ = "cannot initialise zstd";
      done_ = true;
    }
  }
  ~ZstdReader() override { ZSTD_freeDStream(stream_); }

  std::size_t read(std::span<char> out) override {
    ZSTD_outBuffer output{out.data(), out.size(), 0};
    while (output.pos < output.size && !done_) {
      auto in = input_.pending();
      if (in.empty()) {
        // Output held back when the caller's buffer was full comes out with no more input.
        const std::size_t before = output.pos;
        ZSTD_inBuffer none{nullptr, 0, 0};
        const std::size_t rc = ZSTD_decompressStream(stream_, &output, &none);
        if (!ZSTD_isError(rc) && output.pos > before) {
          frame_complete_ = rc == 0;
          continue;
        }
        finish_at_end_of_input();
        break;
      }
      ZSTD_inBuffer input{in.data(), in.size(), 0};
      const std::size_t rc = ZSTD_decompressStream(stream_, &output, &input);
      input_.consume(input.pos);
      if (ZSTD_isError(rc)) {
        stream_error_ = fmt::format("compressed stream is corrupt at byte {} (zstd: {})",
                                    input_.consumed(), ZSTD_getErrorName(rc));
        done_ = true;
      } else {
        frame_complete_ = rc == 0;
      }
    }
    return output.pos;
  }
  Compression compression() const override { return Compression::zstd; }
  std::uint64_t consumed_bytes() const override { return input_.consumed(); }

 private:
  void finish_at_end_of_input() {
    done_ = true;
    if (!input_.read_error().empty()) {
      stream_error_ =
          fmt::format("read error at byte {}: {}", input_.consumed(), input_.read_error());
    } else if (!frame_complete_) {
      stream_error_ = fmt::format("compressed stream ends early at byte {}", input_.consumed());
    }
  }

  FileInput input_;
  ZSTD_DStream* stream_;
  bool frame_complete_ = false;
  bool done_ = false;
};

int open_regular(const std::string& path, std::string& error, struct stat& info) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  if (::fstat(fd, &info) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  if (S_ISDIR(info.st_mode)) {
    error = std::strerror(EISDIR);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

int open_plain_file(const std::string& path, std::string& error, std::uint64_t& size) {
  struct stat info {};
  const int fd = open_regular(path, error, info);
  if (fd < 0) return -1;
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    error = "not a regular file";
    return -1;
  }
  size = static_cast<std::uint64_t>(info.st_size);
  return fd;
}

std::string_view to_string(Compression value) {
  switch (value) {
    case Compression::none:
      return "";
    case Compression::gzip:
      return "gzip";
    case Compression::zstd:
      return "zstd";
  }
  return "";
}

Compression detect_compression(std::span<const unsigned char> head) {
  if (has_gzip_magic(head)) return Compression::gzip;
  if (has_zstd_magic(head)) return Compression::zstd;
  return Compression::none;
}

std::unique_ptr<DecompressingReader> DecompressingReader::open(const std::string& path,
                                                               std::string& error) {
  struct stat info {};
  const int fd = open_regular(path, error, info);
  if (fd < 0) return nullptr;
  unsigned char head[4] = {};
  const ssize_t got = ::pread(fd, head, sizeof head, 0);
  if (got < 0) {
    error = std::strerror(errno);
    ::close(fd);
    return nullptr;
  }
  std::unique_ptr<DecompressingReader> reader;
  switch (detect_compression({head, static_cast<std::size_t>(got)})) {
    case Compression::gzip:
      reader = std::make_unique<GzipReader>(fd);
      break;
    case Compression::zstd:
      reader = std::make_unique<ZstdReader>(fd);
      break;
    case Compression::none:
      reader = std::make_unique<PlainReader>(fd);
      break;
  }
  reader->file_size_ = static_cast<std::uint64_t>(info.st_size);
  return reader;
}

std::unique_ptr<MappedFile> MappedFile::open(const std::string& path, std::string& error) {
  std::uint64_t file_size = 0;
  const int fd = open_plain_file(path, error, file_size);
  if (fd < 0) return nullptr;
  const auto size = static_cast<std::size_t>(file_size);
  if (size == 0) {
    ::close(fd);
    return std::unique_ptr<MappedFile>(new MappedFile(nullptr, 0));
  }
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int saved_errno = errno;
  ::close(fd);
  if (data == MAP_FAILED) {
    error = std::strerror(saved_errno);
    return nullptr;
  }
  ::madvise(data, size, MADV_SEQUENTIAL);
  return std::unique_ptr<MappedFile>(new MappedFile(static_cast<const char*>(data), size));
}

void MappedFile::release(std::size_t begin, std::size_t end) const {
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t first = (begin + page - 1) / page * page;
  const std::size_t last = std::min(end, size_) / page * page;
  if (data_ == nullptr || last <= first) return;
  ::madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

void MappedFile::populate(std::size_t begin, std::size_t end) const {
#if defined(MADV_POPULATE_READ)
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t first = begin / page * page;
  const std::size_t last = std::min(end, size_);
  if (data_ == nullptr || last <= first) return;
  ::madvise(const_cast<char*>(data_) + first, last - first, MADV_POPULATE_READ);
#else
  (void)begin;
  (void)end;
#endif
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace iotscope
