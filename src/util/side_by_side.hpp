#pragma once
// Two independent pieces of work at once: the second on a thread of its own, the first on the
// caller's. Both always finish; the second's failure is rethrown after the first's success.
#include <exception>
#include <thread>

namespace iotscope {

template <typename First, typename Second>
void run_side_by_side(First&& first, Second&& second) {
  std::exception_ptr failure;
  {
    const std::jthread other([&second, &failure] {
      try {
        second();
      } catch (...) {
        failure = std::current_exception();
      }
    });
    first();  // should it throw, `other` is joined on the way out
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace iotscope
