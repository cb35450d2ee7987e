// Runs a libpg_query call on a thread with a large stack. libpg_query turns its trees into JSON
// with one recursive C call per nesting level and no depth check of its own. The nesting
// estimate (lint/statement_limits.h) refuses absurd statements first; as a second line the call
// runs with a stack far larger than the estimate allows, behind a guard region wide enough that
// no single frame can jump over it (a miss faults, never corrupts).
#pragma once

#include <cstddef>
#include <type_traits>

#include <pthread.h>

namespace pgdrydock {

inline constexpr std::size_t kParseStackBytes = std::size_t{64} << 20; // reserved, touched as used
inline constexpr std::size_t kParseGuardBytes = std::size_t{1} << 20;

// Returns call(); runs it on the calling thread when no thread can be had (the nesting check
// still stands). `call` must not throw (it wraps a C library).
template <typename Call> std::invoke_result_t<Call&> on_large_stack(Call call) {
  using Result = std::invoke_result_t<Call&>;
  struct Job {
    Call* work;
    Result result;
  } job{&call, {}};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kParseStackBytes);
  pthread_attr_setguardsize(&attr, kParseGuardBytes);
  auto body = [](void* arg) -> void* {
    auto* j = static_cast<Job*>(arg);
    j->result = (*j->work)();
    return nullptr;
  };
  pthread_t thread;
  int rc = pthread_create(&thread, &attr, body, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0)
    return call();
  pthread_join(thread, nullptr);
  return job.result;
}

} // namespace pgdrydock
