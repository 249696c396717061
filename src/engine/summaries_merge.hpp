#pragma once
// Per-home summaries into one Summaries sorted by home, and back. A home reduced in two pieces
// (rows arrived after the source had closed it, which the source reports as late) is combined
// key by key: totals add up, and distinct counts add up too, an upper bound.
#include <cstdint>
#include <vector>

#include "engine/summaries.hpp"

namespace iotscope {

enum class MergeTrim : std::uint8_t {
  none,        // small merges (a batch of homes): a trim walks the whole heap
  as_it_goes,  // the merge of everything: pieces' pages returned as they are moved out
};

Summaries merge_home_summaries(std::vector<HomeSummaries> homes, MergeTrim trim = MergeTrim::none);

// Moves `piece`'s per-device activity after `out`'s and adds its flow count, time span and
// histograms: what a run keeps of each home once its other tables are analysed.
void append_run_totals(Summaries& out, Summaries& piece);

// Cuts merged summaries (sorted by key, so by home) into one piece per home; the first piece
// carries the run totals.
std::vector<HomeSummaries> split_by_home(Summaries summaries);

}  // namespace iotscope
