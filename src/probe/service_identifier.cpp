#include "probe/service_identifier.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "probe/builtin_service_table.hpp"
#include "probe/service_connection.hpp"
#include "probe/service_matcher.hpp"

namespace iotscope {

namespace {

using Milliseconds = std::chrono::milliseconds;

ServiceClock::time_point earlier(ServiceClock::time_point a, ServiceClock::time_point b) {
  return std::min(a, b);
}

std::string join_cpe(const std::vector<std::string>& cpe) {
  std::string joined;
  for (const std::string& name : cpe) {
    if (!joined.empty()) joined += ' ';
    joined += name;
  }
  return joined;
}

enum class ProbeStep : std::uint8_t { hard_match, go_on, unreachable, tls_seen, tcpwrapped };

// One identification of one port: the probes it has sent, what they got back and the best
// match so far. Lives for a single identify() call.
class PortSession {
 public:
  PortSession(const ServiceProbeDatabase& database, const ServiceIdSettings& settings,
              const IpAddress& address, std::uint16_t port)
      : database_(database),
        matcher_(database, settings.regex_limits),
        settings_(settings),
        address_(address),
        port_(port),
        budget_end_(ServiceClock::now() + Milliseconds(settings.port_budget_ms)) {}

  ServiceIdentification run() {
    ServiceIdentification result;
    ProbeStep step = run_all_probes();
    if (step == ProbeStep::unreachable && probes_sent_ == 0) return result;
    result.connected = true;
    const bool ssl_found = step == ProbeStep::tls_seen || (hard_ && hard_->service == "ssl");
    if (ssl_found && settings_.tls_tunnel) {
      const std::optional<ServiceMatch> plain_ssl = hard_;
      tunnel_ = true;
      hard_.reset();
      soft_.reset();
      step = run_all_probes();
      if (!tunnel_worked_) {
        hard_ = plain_ssl;
        tunnel_ = false;
      }
    }
    result.probes_sent = probes_sent_;
    result.banner = printable_escape(banner_, settings_.max_banner_chars);
    result.tls = tunnel_;
    if (step == ProbeStep::tcpwrapped && !hard_ && !soft_) {
      result.service = "tcpwrapped";
      result.method = "probed";
      return result;
    }
    if (const std::optional<ServiceMatch>& found = hard_ ? hard_ : soft_) {
      fill_from_match(*found, result);
    } else if (ssl_found) {
      result.service = "ssl";
      result.method = "probed";
    } else if (auto guess = guess_service_by_port(port_)) {
      result.service = std::string(*guess);
      result.method = "table";
    }
    if (result.service == "ssl" && !tls_version_.empty() && result.info.empty()) {
      result.info = tls_version_;
    }
    return result;
  }

 private:
  void fill_from_match(const ServiceMatch& match, ServiceIdentification& result) const {
    result.service = (tunnel_ && match.service != "ssl") ? "ssl/" + match.service : match.service;
    result.product = match.product;
    result.version = match.version;
    result.info = match.info;
    result.hostname = match.hostname;
    result.os = match.os;
    result.device_type = match.device_type;
    result.cpe = join_cpe(match.cpe);
    result.soft = !hard_.has_value();
    result.method = "probed";
  }

  // nmap's order: the NULL probe, the probes registered for this port (any rarity), then the
  // rest up to the intensity; after a softmatch only probes that can name that service.
  ProbeStep run_all_probes() {
    if (const ServiceProbe* null_probe = database_.null_probe()) {
      const ProbeStep step = run_probe(*null_probe);
      if (step != ProbeStep::go_on) return step;
    }
    std::vector<const ServiceProbe*> order;
    for (const bool registered : {true, false}) {
      for (const ServiceProbe& probe : database_.probes()) {
        if (probe.protocol != ProbeProtocol::tcp || probe.is_null()) continue;
        if (probe.port_is_probable(port_, tunnel_) != registered) continue;
        if (!registered && probe.rarity > settings_.intensity) continue;
        order.push_back(&probe);
      }
    }
    for (const ServiceProbe* probe : order) {
      if (ServiceClock::now() >= budget_end_) break;
      if (soft_ && !probe->can_detect(soft_->service)) continue;
      const ProbeStep step = run_probe(*probe);
      if (step == ProbeStep::hard_match || step == ProbeStep::tls_seen) return step;
      if (step == ProbeStep::unreachable) return step;
    }
    return ProbeStep::go_on;
  }

  int wait_ms(const ServiceProbe& probe) const {
    const int cap = probe.is_null() ? settings_.banner_wait_ms : settings_.probe_wait_cap_ms;
    return std::max(0, std::min(probe.total_wait_ms, cap));
  }

  ProbeStep run_probe(const ServiceProbe& probe) {
    const auto started = ServiceClock::now();
    auto connection = ServiceConnection::open(
        address_, port_,
        earlier(started + Milliseconds(settings_.connect_timeout_ms), budget_end_));
    if (!connection) return ProbeStep::unreachable;
    ++probes_sent_;
    if (tunnel_) {
      const auto handshake_end =
          earlier(ServiceClock::now() + Milliseconds(settings_.probe_wait_cap_ms), budget_end_);
      if (!connection->start_tls(handshake_end)) return ProbeStep::go_on;
      tunnel_worked_ = true;
      tls_version_ = connection->tls_version();
    }
    const auto read_end = earlier(ServiceClock::now() + Milliseconds(wait_ms(probe)), budget_end_);
    if (!probe.payload.empty() && !connection->send_all(probe.payload, read_end)) {
      return ProbeStep::go_on;
    }
    std::string response;
    ReadStatus status = ReadStatus::data;
    while (status == ReadStatus::data && response.size() < settings_.max_response_bytes) {
      status = connection->read_some(&response, settings_.max_response_bytes - response.size(),
                                     read_end);
      if (status != ReadStatus::data) break;
      if (!tunnel_ && settings_.tls_tunnel && looks_like_tls_record(response)) {
        remember_banner(probe, response, false);
        return ProbeStep::tls_seen;
      }
      if (match_response(probe, response)) {
        remember_banner(probe, response, true);
        return ProbeStep::hard_match;
      }
    }
    remember_banner(probe, response, soft_.has_value());
    if (probe.is_null() && response.empty() && status == ReadStatus::closed &&
        ServiceClock::now() - started < Milliseconds(probe.tcpwrapped_ms)) {
      return ProbeStep::tcpwrapped;
    }
    return ProbeStep::go_on;
  }

  // True on a hard match; a first softmatch is kept and narrows what follows.
  bool match_response(const ServiceProbe& probe, std::string_view response) {
    auto found = matcher_.match(probe, response, soft_ ? soft_->service : std::string_view{});
    if (!found) return false;
    if (!found->soft) {
      hard_ = std::move(found);
      return true;
    }
    if (!soft_) soft_ = std::move(found);
    return false;
  }

  // The NULL probe's answer is the service's own banner; without one, the answer that matched,
  // else the first answer any probe got.
  void remember_banner(const ServiceProbe& probe, const std::string& response, bool matched) {
    if (response.empty() || banner_from_null_) return;
    if (probe.is_null() || matched || banner_.empty()) {
      banner_ = response;
      banner_from_null_ = probe.is_null();
    }
  }

  const ServiceProbeDatabase& database_;
  ServiceMatcher matcher_;
  const ServiceIdSettings& settings_;
  IpAddress address_;
  std::uint16_t port_;
  ServiceClock::time_point budget_end_;
  std::optional<ServiceMatch> hard_;
  std::optional<ServiceMatch> soft_;
  std::string banner_;
  bool banner_from_null_ = false;
  bool tunnel_ = false;
  bool tunnel_worked_ = false;
  std::string tls_version_;
  int probes_sent_ = 0;
};

}  // namespace

ServiceIdentifier::ServiceIdentifier(std::shared_ptr<const ServiceProbeDatabase> database,
                                     ServiceIdSettings settings)
    : database_(std::move(database)), settings_(settings) {
  if (!database_) {
    database_ = std::make_shared<const ServiceProbeDatabase>(builtin_service_database());
    builtin_ = true;
  }
}

ServiceIdentifier ServiceIdentifier::with_database_at(const std::string& path,
                                                      ServiceIdSettings settings,
                                                      std::string* note) {
  std::string error;
  auto loaded = ServiceProbeDatabase::load(path, &error);
  if (!loaded) {
    if (note) *note = error + "; using the built-in service table";
    return ServiceIdentifier(nullptr, settings);
  }
  if (note) {
    *note = path + ": " + std::to_string(loaded->probes().size()) + " probes, " +
            std::to_string(loaded->rule_count()) + " match rules";
    if (!loaded->issues().empty()) {
      *note += ", " + std::to_string(loaded->issues().size()) +
               " lines skipped (first: " + loaded->issues().front().message + ")";
    }
  }
  return ServiceIdentifier(std::make_shared<const ServiceProbeDatabase>(std::move(*loaded)),
                           settings);
}

ServiceIdentification ServiceIdentifier::identify(const IpAddress& address,
                                                  std::uint16_t port) const {
  return PortSession(*database_, settings_, address, port).run();
}

void ServiceIdentifier::fill(ServiceOffer& offer) const {
  if (offer.transport != Transport::tcp || offer.state != PortState::open) return;
  ServiceIdentification found = identify(offer.address, offer.port);
  if (!found.connected) return;
  offer.banner = std::move(found.banner);
  offer.service = std::move(found.service);
  offer.product = std::move(found.product);
  offer.version = std::move(found.version);
  offer.info = std::move(found.info);
  offer.hostname = std::move(found.hostname);
  offer.os = std::move(found.os);
  offer.device_type = std::move(found.device_type);
  offer.cpe = std::move(found.cpe);
  offer.method = std::move(found.method);
}

}  // namespace iotscope
