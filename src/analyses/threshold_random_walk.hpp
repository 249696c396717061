#pragma once
// Threshold Random Walk (Jung, Paxson, Berger, Balakrishnan 2004): sequential hypothesis testing
// on the outcomes of a host's first contacts with distinct other hosts. A benign host's first
// contacts mostly succeed (probability theta0), a scanner's mostly fail (theta1); the walk adds
// the log-likelihood ratio of each outcome and decides once it crosses a threshold set by the
// wanted false-positive (alpha) and detection (beta) probabilities.
#include <cstddef>
#include <vector>

namespace iotscope {

struct TrwParameters {
  double theta0 = 0.8;  // P(success | benign)
  double theta1 = 0.2;  // P(success | scanner)
  double alpha = 0.01;  // wanted false-positive probability
  double beta = 0.99;   // wanted detection probability
};

enum class TrwDecision { pending, benign, scanner };

struct TrwOutcome {
  TrwDecision decision = TrwDecision::pending;
  std::size_t decided_after = 0;  // first contacts consumed when the scanner decision fell
  double log_ratio = 0;           // the walk's position at the end (or at the decision)
  std::size_t failures = 0;       // over the whole sequence, also after a decision
  std::size_t successes = 0;
};

// `first_contact_succeeded[i]` is the outcome of the host's i-th distinct target, in time order.
// A benign decision restarts the walk (as in the paper's online use), so a host that behaves for
// a while and then scans is still caught; a scanner decision is final.
TrwOutcome threshold_random_walk(const std::vector<bool>& first_contact_succeeded,
                                 const TrwParameters& parameters = {});

}  // namespace iotscope
