#include "analyses/threshold_random_walk.hpp"

#include <cmath>

namespace iotscope {

TrwOutcome threshold_random_walk(const std::vector<bool>& first_contact_succeeded,
                                 const TrwParameters& p) {
  const double success_step = std::log(p.theta1 / p.theta0);
  const double failure_step = std::log((1 - p.theta1) / (1 - p.theta0));
  const double upper = std::log(p.beta / p.alpha);
  const double lower = std::log((1 - p.beta) / (1 - p.alpha));
  TrwOutcome outcome;
  double walk = 0;
  for (std::size_t i = 0; i < first_contact_succeeded.size(); ++i) {
    const bool succeeded = first_contact_succeeded[i];
    succeeded ? ++outcome.successes : ++outcome.failures;
    // After a scanner decision the walk stands still; the counts go on as evidence.
    if (outcome.decision == TrwDecision::scanner) continue;
    walk += succeeded ? success_step : failure_step;
    if (walk >= upper) {
      outcome.decision = TrwDecision::scanner;
      outcome.decided_after = i + 1;
    } else if (walk <= lower) {
      outcome.decision = TrwDecision::benign;
      walk = 0;
    }
  }
  outcome.log_ratio = walk;
  return outcome;
}

}  // namespace iotscope
