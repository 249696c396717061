#include "sources/zeek/zeek_log_reader.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>

#include "sources/text/compressed_file.hpp"
#include "sources/text/record_splitter.hpp"
#include "sources/zeek/zeek_line_parser.hpp"

namespace iotscope {
namespace {

constexpr std::size_t kReadChunk = 1 << 16;

// Feeds whole lines to the parser from a stream of chunks; a line longer than kMaxRecordBytes
// is reported and skipped rather than buffered without bound.
class LineFeeder {
 public:
  explicit LineFeeder(ZeekLineParser& parser) : parser_(parser) {}

  void feed(std::string_view chunk) {
    while (!chunk.empty()) {
      const std::size_t newline = chunk.find('\n');
      const std::string_view piece = chunk.substr(0, newline);
      if (!overlong_) {
        if (pending_.size() + piece.size() > kMaxRecordBytes) {
          overlong_ = true;
          pending_.clear();
        } else {
          pending_.append(piece);
        }
      }
      if (newline == std::string_view::npos) return;
      end_line();
      chunk.remove_prefix(newline + 1);
    }
  }

  void finish() {
    if (!pending_.empty() || overlong_) end_line();
  }
  std::uint64_t lines() const { return line_; }

 private:
  void end_line() {
    ++line_;
    if (overlong_) {
      ++parser_.result().report.skipped;
      parser_.add_issue(line_, 0,
                        fmt::format("line longer than {} bytes; expected one log row per line; "
                                    "line skipped",
                                    kMaxRecordBytes));
    } else {
      parser_.parse_line(pending_, line_);
    }
    pending_.clear();
    overlong_ = false;
  }

  ZeekLineParser& parser_;
  std::string pending_;
  std::uint64_t line_ = 0;
  bool overlong_ = false;
};

void finish_format(ZeekReadResult& result, Compression compression) {
  if (result.report.format.empty())
    result.report.format = result.syntax == ZeekSyntax::unknown ? "empty" : "unrecognised";
  const auto suffix = to_string(compression);
  if (!suffix.empty()) result.report.format += fmt::format("+{}", suffix);
}

}  // namespace

std::string_view to_string(ZeekLogKind kind) {
  switch (kind) {
    case ZeekLogKind::conn:
      return "conn";
    case ZeekLogKind::ssl:
      return "ssl";
    case ZeekLogKind::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(ZeekSyntax syntax) {
  switch (syntax) {
    case ZeekSyntax::tsv:
      return "tsv";
    case ZeekSyntax::json:
      return "json";
    case ZeekSyntax::zeek_cut:
      return "zeek-cut";
    case ZeekSyntax::unknown:
      break;
  }
  return "unknown";
}

ZeekReadResult read_zeek_log_file(const std::string& path, const ZeekLogSink& sink,
                                  const ZeekReadOptions& options) {
  ZeekLineParser parser(path, sink, options);
  std::string error;
  const auto reader = DecompressingReader::open(path, error);
  if (!reader) {
    parser.add_issue(0, 0, fmt::format("cannot open: {}", error));
    parser.result().report.format = "unreadable";
    return std::move(parser.result());
  }
  LineFeeder feeder(parser);
  std::string buffer(kReadChunk, '\0');
  while (true) {
    const std::size_t got = reader->read(buffer);
    if (got == 0) break;
    feeder.feed(std::string_view(buffer.data(), got));
  }
  feeder.finish();
  if (reader->stream_error()) {
    parser.add_issue(feeder.lines(), 0,
                     fmt::format("{}; the rows before were kept", *reader->stream_error()));
  }
  finish_format(parser.result(), reader->compression());
  return std::move(parser.result());
}

ZeekReadResult read_zeek_log_text(std::string_view text, const std::string& name,
                                  const ZeekLogSink& sink, const ZeekReadOptions& options) {
  ZeekLineParser parser(name, sink, options);
  LineFeeder feeder(parser);
  feeder.feed(text);
  feeder.finish();
  finish_format(parser.result(), Compression::none);
  return std::move(parser.result());
}

ZeekConnLog read_zeek_conn_log(const std::string& path) {
  ZeekConnLog log;
  ZeekLogSink sink;
  sink.on_conn = [&](ZeekConn&& row) { log.rows.push_back(std::move(row)); };
  ZeekReadOptions options;
  options.kind = ZeekLogKind::conn;
  log.result = read_zeek_log_file(path, sink, options);
  return log;
}

ZeekSslLog read_zeek_ssl_log(const std::string& path) {
  ZeekSslLog log;
  ZeekLogSink sink;
  sink.on_ssl = [&](ZeekSsl&& row) { log.rows.push_back(std::move(row)); };
  ZeekReadOptions options;
  options.kind = ZeekLogKind::ssl;
  log.result = read_zeek_log_file(path, sink, options);
  return log;
}

}  // namespace iotscope
