#include "report/evidence_json.hpp"

#include <sstream>
#include <type_traits>

namespace iotscope {
namespace {

void write_value(JsonWriter& json, const EvidenceValue& value, const ReportContext& context) {
  std::visit(
      [&](const auto& held) {
        using Held = std::decay_t<decltype(held)>;
        if constexpr (std::is_same_v<Held, std::int64_t>) {
          json.integer(held);
        } else if constexpr (std::is_same_v<Held, double>) {
          json.number(held);
        } else if constexpr (std::is_same_v<Held, std::string>) {
          json.string(context.text(held));
        } else if constexpr (std::is_same_v<Held, std::vector<std::int64_t>>) {
          json.begin_array();
          for (const auto number : held) json.integer(number);
          json.end_array();
        } else {
          json.begin_array();
          for (const auto& text : held) json.string(context.text(text));
          json.end_array();
        }
      },
      value);
}

}  // namespace

void write_evidence(JsonWriter& json, const Evidence& evidence, const ReportContext& context) {
  json.begin_object();
  for (const auto& [name, value] : evidence) {
    json.key(name);  // names are the analyses' own vocabulary, never data
    write_value(json, value, context);
  }
  json.end_object();
}

std::string evidence_json(const Evidence& evidence, const ReportContext& context) {
  std::ostringstream out;
  {
    JsonWriter json(out);
    write_evidence(json, evidence, context);
  }
  return out.str();
}

}  // namespace iotscope
