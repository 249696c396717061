#pragma once
// Helpers for the simulator tests: run into a fresh temp dir, read (and decompress) files, split
// rows, parse truth.json.
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "simulate/simulate.hpp"

namespace iotscope::simtest {

inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("iotscope-simtest-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string gunzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) throw std::runtime_error("inflateInit2");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  std::vector<char> buffer(1 << 16);
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&z);
      throw std::runtime_error("inflate failed");
    }
    out.append(buffer.data(), buffer.size() - z.avail_out);
  }
  inflateEnd(&z);
  return out;
}

inline std::string unzstd(const std::string& data) {
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::string out;
  std::vector<char> buffer(1 << 16);
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buffer.data(), buffer.size(), 0};
    const std::size_t rc = ZSTD_decompressStream(ctx, &o, &in);
    if (ZSTD_isError(rc) != 0) {
      ZSTD_freeDCtx(ctx);
      throw std::runtime_error(ZSTD_getErrorName(rc));
    }
    out.append(buffer.data(), o.pos);
  }
  ZSTD_freeDCtx(ctx);
  return out;
}

// Splits a CSV line that has no quoted fields (the generator's flows never need quoting).
inline std::vector<std::string> split(const std::string& line, char separator = ',') {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator) {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  fields.push_back(field);
  return fields;
}

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

struct FlowRow {
  std::string home, device, remote_ip, protocol, syn, hostname;
  unsigned device_port = 0, remote_port = 0;
  std::uint64_t ts = 0;
};

inline std::vector<FlowRow> parse_flows(const std::string& text) {
  std::vector<FlowRow> rows;
  const auto all = lines(text);
  for (std::size_t i = 1; i < all.size(); ++i) {
    const auto f = split(all[i]);
    if (f.size() != 19)
      throw std::runtime_error("flow row " + std::to_string(i) + " has " +
                               std::to_string(f.size()) + " fields");
    FlowRow r;
    r.home = f[0];
    r.device = f[1];
    r.device_port = static_cast<unsigned>(std::stoul(f[2]));
    r.remote_ip = f[3];
    r.remote_port = static_cast<unsigned>(std::stoul(f[4]));
    r.protocol = f[5];
    r.syn = f[6];
    r.hostname = f[7];
    r.ts = std::stoull(f[15]);
    rows.push_back(std::move(r));
  }
  return rows;
}

inline nlohmann::json read_truth(const std::filesystem::path& dir) {
  return nlohmann::json::parse(read_file(dir / "truth.json"));
}

inline SimulationConfig small_config(const std::filesystem::path& dir, std::uint64_t homes,
                                     std::uint64_t seed = 7) {
  SimulationConfig config;
  config.homes = homes;
  config.seed = seed;
  config.out_dir = dir.string();
  config.threads = 2;
  return config;
}

}  // namespace iotscope::simtest
