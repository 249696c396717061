// classify_device_type: the strongest evidence decides. In order: the user's type label, the
// user's name and vendor label, learnt names (keywords, then model codes), the gateway flag, the
// vendor's usual type, and finally what the registry organisation implies ("Ring LLC").
#include <optional>

#include "identify/device_identifier.hpp"
#include "identify/device_vendor.hpp"
#include "identify/model_code_hints.hpp"
#include "identify/type_matcher.hpp"

namespace iotscope {
namespace {

// Remembers a weak "other" (a fan, a fridge, a label saying "Other") while stronger evidence is
// still being looked for.
class TypeEvidence {
 public:
  // True when `found` settles the question.
  bool offer(std::optional<DeviceType> found) {
    if (!found || *found == DeviceType::unknown) return false;
    if (*found == DeviceType::other) {
      saw_other_ = true;
      return false;
    }
    settled_ = *found;
    return true;
  }
  DeviceType result() const {
    if (settled_) return *settled_;
    return saw_other_ ? DeviceType::other : DeviceType::unknown;
  }

 private:
  std::optional<DeviceType> settled_;
  bool saw_other_ = false;
};

std::optional<DeviceType> type_of_learnt_name(const TypeMatcher& types, std::string_view name) {
  if (auto type = types.find(name)) return type;
  if (auto hint = model_code_hint(name); hint && hint->type != DeviceType::unknown) {
    return hint->type;
  }
  return std::nullopt;
}

bool offer_labels(const TypeMatcher& types, const DeviceRecord& device, TypeEvidence& evidence) {
  if (auto exact = parse_device_type(device.labels.type); evidence.offer(exact)) return true;
  for (const std::string* text :
       {&device.labels.type, &device.labels.name, &device.labels.vendor}) {
    if (evidence.offer(types.find(*text))) return true;
  }
  if (auto hint = model_code_hint(device.labels.name); hint && evidence.offer(hint->type)) {
    return true;
  }
  return false;
}

bool offer_learnt_names(const TypeMatcher& types, const DeviceRecord& device,
                        TypeEvidence& evidence) {
  for (const std::string& name : device.learnt_names) {
    if (evidence.offer(type_of_learnt_name(types, name))) return true;
  }
  return false;
}

}  // namespace

DeviceType classify_device_type(const DeviceRecord& device) {
  const TypeMatcher& types = TypeMatcher::instance();
  TypeEvidence evidence;
  if (offer_labels(types, device, evidence)) return evidence.result();
  if (offer_learnt_names(types, device, evidence)) return evidence.result();
  if (device.is_gateway) return DeviceType::router;
  const std::string_view vendor = device.vendor.empty() ? infer_vendor(device) : device.vendor;
  if (evidence.offer(types.default_for_vendor(vendor))) return evidence.result();
  evidence.offer(types.find_organisation_hint(device.oui_vendor));
  return evidence.result();
}

}  // namespace iotscope
