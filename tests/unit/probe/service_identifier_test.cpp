#include "probe/service_identifier.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace iotscope {
namespace {

const IpAddress kLoopback = *IpAddress::parse("127.0.0.1");

// A listening loopback socket on a kernel-chosen port.
int listen_on_loopback(std::uint16_t* port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return -1;
  }
  *port = ntohs(address.sin_port);
  return fd;
}

std::uint16_t free_loopback_port() {
  std::uint16_t port = 0;
  const int fd = listen_on_loopback(&port);
  ::close(fd);
  return port;
}

bool wait_until_listening(std::uint16_t port, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Sends a fixed banner to every connection and holds it open until the client leaves.
class BannerServer {
 public:
  explicit BannerServer(std::string banner) : banner_(std::move(banner)) {
    fd_ = listen_on_loopback(&port_);
    thread_ = std::thread([this] { serve(); });
  }
  ~BannerServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::uint16_t port() const { return port_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd entry{fd_, POLLIN, 0};
      if (::poll(&entry, 1, 50) <= 0) continue;
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      (void)::send(client, banner_.data(), banner_.size(), MSG_NOSIGNAL);
      // Read until the client closes, so each probe connection sees the banner once.
      std::array<char, 512> sink{};
      for (int waited = 0; waited < 100 && !stop_; ++waited) {
        pollfd peer{client, POLLIN, 0};
        if (::poll(&peer, 1, 50) > 0 && ::recv(client, sink.data(), sink.size(), 0) <= 0) break;
      }
      ::close(client);
    }
  }
  std::string banner_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A child process we started; stopped by its PID only.
class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> argv) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> args;
      for (std::string& arg : argv) args.push_back(arg.data());
      args.push_back(nullptr);
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
  }
  ~ChildProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool started() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

std::string run_command(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return output;
  std::array<char, 4096> chunk{};
  std::size_t got = 0;
  while ((got = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
    output.append(chunk.data(), got);
  ::pclose(pipe);
  return output;
}

// The service name nmap -sV reports for 127.0.0.1:port ("ssl/http" style when tunnelled).
std::string nmap_service_name(std::uint16_t port, const std::string& extra = "") {
  const std::string xml = run_command("nmap -n -Pn -sT -sV " + extra + " -p " +
                                      std::to_string(port) + " 127.0.0.1 -oX - 2>/dev/null");
  std::smatch found;
  if (!std::regex_search(xml, found, std::regex("<service name=\"([^\"]+)\"([^>]*)"))) return "";
  const bool tunnelled = found[2].str().find("tunnel=\"ssl\"") != std::string::npos;
  return (tunnelled ? "ssl/" : "") + found[1].str();
}

std::shared_ptr<const ServiceProbeDatabase> real_database() {
  static const auto database = [] {
    std::string error;
    auto loaded = ServiceProbeDatabase::load(ServiceProbeDatabase::kDefaultPath, &error);
    EXPECT_TRUE(loaded) << error;
    return std::make_shared<const ServiceProbeDatabase>(std::move(*loaded));
  }();
  return database;
}

ServiceIdSettings quick_id_settings() {
  ServiceIdSettings settings;
  settings.banner_wait_ms = 1500;
  settings.probe_wait_cap_ms = 1500;
  settings.port_budget_ms = 30000;
  return settings;
}

TEST(ServiceIdentifier, FtpBannerFromTheNullProbe) {
  BannerServer server("220 (vsFTPd 3.0.3)\r\n");
  const ServiceIdentifier identifier(real_database(), quick_id_settings());
  const auto found = identifier.identify(kLoopback, server.port());
  EXPECT_TRUE(found.connected);
  EXPECT_EQ(found.service, "ftp");
  EXPECT_EQ(found.product, "vsftpd");
  EXPECT_EQ(found.version, "3.0.3");
  EXPECT_EQ(found.cpe, "cpe:/a:vsftpd:vsftpd:3.0.3");
  EXPECT_EQ(found.banner, "220 (vsFTPd 3.0.3)\\r\\n");
  EXPECT_EQ(found.method, "probed");
  EXPECT_EQ(found.probes_sent, 1);
  EXPECT_EQ(nmap_service_name(server.port()), "ftp");
}

TEST(ServiceIdentifier, TelnetNegotiationAndSshBanner) {
  BannerServer telnet(std::string("\xff\xfd\x18\xff\xfd\x20\xff\xfd\x23\xff\xfd\x27", 12));
  BannerServer ssh("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
  const ServiceIdentifier identifier(real_database(), quick_id_settings());
  const auto telnet_found = identifier.identify(kLoopback, telnet.port());
  EXPECT_EQ(telnet_found.service, "telnet");
  EXPECT_EQ(telnet_found.banner.rfind("\\xff\\xfd\\x18", 0), 0u);
  const auto ssh_found = identifier.identify(kLoopback, ssh.port());
  EXPECT_EQ(ssh_found.service, "ssh");
  EXPECT_EQ(ssh_found.product, "OpenSSH");
  EXPECT_EQ(ssh_found.version, "9.2p1 Debian 2+deb12u3");
  EXPECT_EQ(ssh_found.os, "Linux");
  EXPECT_EQ(ssh_found.cpe,
            "cpe:/a:openbsd:openssh:9.2p1 cpe:/o:debian:debian_linux cpe:/o:linux:linux_kernel");
  EXPECT_EQ(nmap_service_name(telnet.port()), "telnet");
}

TEST(ServiceIdentifier, PythonHttpServerComparedWithNmap) {
  const std::uint16_t port = free_loopback_port();
  ChildProcess server(
      {"python3", "-m", "http.server", "--bind", "127.0.0.1", std::to_string(port)});
  ASSERT_TRUE(server.started());
  ASSERT_TRUE(wait_until_listening(port, std::chrono::seconds(10)));
  const ServiceIdentifier identifier(real_database(), quick_id_settings());
  const auto found = identifier.identify(kLoopback, port);
  EXPECT_EQ(found.service, "http");
  EXPECT_EQ(found.product, "SimpleHTTPServer");
  EXPECT_FALSE(found.version.empty());
  EXPECT_NE(found.info.find("Python"), std::string::npos) << found.info;
  EXPECT_EQ(found.banner.rfind("HTTP/1.0 200 OK\\r\\n", 0), 0u) << found.banner;
  EXPECT_EQ(nmap_service_name(port), found.service);

  // Without nmap's database the built-in table still names it.
  const ServiceIdentifier builtin(nullptr, quick_id_settings());
  EXPECT_TRUE(builtin.uses_builtin_table());
  const auto builtin_found = builtin.identify(kLoopback, port);
  EXPECT_EQ(builtin_found.service, "http");
  EXPECT_EQ(builtin_found.product.rfind("SimpleHTTP/", 0), 0u) << builtin_found.product;
}

TEST(ServiceIdentifier, MosquittoBrokerComparedWithNmap) {
  if (!std::filesystem::exists("/usr/sbin/mosquitto")) GTEST_SKIP() << "mosquitto missing";
  const std::uint16_t port = free_loopback_port();
  const auto config = std::filesystem::temp_directory_path() /
                      ("iots-svcid-mosquitto-" + std::to_string(::getpid()) + ".conf");
  std::ofstream(config) << "listener " << port << " 127.0.0.1\nallow_anonymous true\n";
  ChildProcess broker({"/usr/sbin/mosquitto", "-c", config.string()});
  ASSERT_TRUE(broker.started());
  ASSERT_TRUE(wait_until_listening(port, std::chrono::seconds(10)));
  // nmap's mqtt probe has rarity 9 and is registered for 1883 only; on a free port (1883 may
  // be taken on a shared machine) both tools need intensity 9 (nmap's --version-all).
  ServiceIdSettings settings = quick_id_settings();
  settings.intensity = 9;
  settings.port_budget_ms = 60000;
  const ServiceIdentifier identifier(real_database(), settings);
  const auto found = identifier.identify(kLoopback, port);
  EXPECT_EQ(found.service, "mqtt");
  EXPECT_EQ(found.method, "probed");
  // nmap 7.93 names this broker oddly ("mosquitto version 2.0.11" as the service name in its
  // XML), so only check that nmap recognised the broker at all.
  const std::string nmap_name = nmap_service_name(port, "--version-all");
  EXPECT_TRUE(nmap_name == "mqtt" || nmap_name.find("mosquitto") != std::string::npos) << nmap_name;

  const ServiceIdentifier builtin(nullptr, settings);
  EXPECT_EQ(builtin.identify(kLoopback, port).service, "mqtt");
  std::filesystem::remove(config);
}

TEST(ServiceIdentifier, TlsTunnelShowsTheServiceBehindIt) {
  const std::uint16_t port = free_loopback_port();
  const auto dir =
      std::filesystem::temp_directory_path() / ("iots-svcid-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string key = (dir / "key.pem").string();
  const std::string cert = (dir / "cert.pem").string();
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=iotscope-test "
                         "-days 1 -keyout " +
                         key + " -out " + cert + " >/dev/null 2>&1")
                            .c_str()),
            0);
  ChildProcess server({"openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port),
                       "-key", key, "-cert", cert, "-www", "-quiet"});
  ASSERT_TRUE(wait_until_listening(port, std::chrono::seconds(10)));
  ServiceIdSettings settings = quick_id_settings();
  settings.banner_wait_ms = 500;
  const ServiceIdentifier identifier(real_database(), settings);
  const auto found = identifier.identify(kLoopback, port);
  EXPECT_TRUE(found.tls);
  EXPECT_EQ(found.service.rfind("ssl/", 0), 0u) << found.service;
  EXPECT_EQ(found.service, "ssl/http") << found.product;

  settings.tls_tunnel = false;
  const ServiceIdentifier no_tunnel(real_database(), settings);
  EXPECT_EQ(no_tunnel.identify(kLoopback, port).service, "ssl");
  std::filesystem::remove_all(dir);
}

TEST(ServiceIdentifier, SilentPortFallsBackToThePortTableAndClosedPortIsNotConnected) {
  BannerServer silent("");
  ServiceIdSettings settings = quick_id_settings();
  settings.banner_wait_ms = 200;
  settings.probe_wait_cap_ms = 200;
  settings.intensity = 0;  // only probes registered for the port
  const ServiceIdentifier identifier(nullptr, settings);
  const auto found = identifier.identify(kLoopback, silent.port());
  EXPECT_TRUE(found.connected);
  EXPECT_EQ(found.service, "");  // an ephemeral port has no guess
  EXPECT_EQ(found.method, "");

  const auto closed = identifier.identify(kLoopback, free_loopback_port());
  EXPECT_FALSE(closed.connected);

  ServiceOffer offer;
  offer.address = kLoopback;
  offer.port = silent.port();
  offer.transport = Transport::udp;
  identifier.fill(offer);
  EXPECT_EQ(offer.method, "");  // UDP offers are left alone
}

TEST(ServiceIdentifier, FillsAServiceOffer) {
  BannerServer ftp("220 (vsFTPd 3.0.3)\r\n");
  const ServiceIdentifier identifier(real_database(), quick_id_settings());
  ServiceOffer offer;
  offer.address = kLoopback;
  offer.port = ftp.port();
  identifier.fill(offer);
  EXPECT_EQ(offer.service, "ftp");
  EXPECT_EQ(offer.product, "vsftpd");
  EXPECT_EQ(offer.version, "3.0.3");
  EXPECT_EQ(offer.method, "probed");
  EXPECT_EQ(offer.cpe, "cpe:/a:vsftpd:vsftpd:3.0.3");
}

TEST(ServiceIdentifier, WithDatabaseAtFallsBackToBuiltinWhenMissing) {
  std::string note;
  const auto identifier =
      ServiceIdentifier::with_database_at("/nonexistent/probes", quick_id_settings(), &note);
  EXPECT_TRUE(identifier.uses_builtin_table());
  EXPECT_NE(note.find("built-in"), std::string::npos) << note;
  const auto real = ServiceIdentifier::with_database_at(
      std::string(ServiceProbeDatabase::kDefaultPath), quick_id_settings(), &note);
  EXPECT_FALSE(real.uses_builtin_table());
  EXPECT_EQ(real.database().probes().size(), 148u);
}

}  // namespace
}  // namespace iotscope
