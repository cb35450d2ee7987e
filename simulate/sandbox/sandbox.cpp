#include "simulate/sandbox/sandbox.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "lint/support/process_interrupt.h"
#include "simulate/sandbox/sandbox_internal.h"

namespace pgdrydock {

std::unique_ptr<Sandbox> Sandbox::start(const SandboxOptions& options) {
  return options.dsn.empty() ? start_cluster_sandbox(options) : start_dsn_sandbox(options);
}

namespace {

// Every live sandbox, so that a signal or the end of the process stops its servers. The object
// owns that cleanup: its destructor stops what is still registered at exit. Being the first
// function-local static any sandbox code touches, it is destroyed after everything built later
// (an atexit handler, registered before the registry's statics existed, ran after they were
// destroyed).
class SandboxRegistry {
public:
  static SandboxRegistry& instance() {
    static SandboxRegistry registry;
    return registry;
  }
  SandboxRegistry(const SandboxRegistry&) = delete;
  SandboxRegistry& operator=(const SandboxRegistry&) = delete;
  ~SandboxRegistry() { stop_all(); }

  void add(Sandbox* sandbox) {
    std::lock_guard lock(mutex_);
    sandboxes_.push_back(sandbox);
  }
  void remove(Sandbox* sandbox) {
    std::lock_guard lock(mutex_);
    sandboxes_.erase(std::remove(sandboxes_.begin(), sandboxes_.end(), sandbox), sandboxes_.end());
  }
  void stop_all() {
    // Held for the whole loop: a destructor elsewhere waits in remove() until every server is
    // down, so the object it destroys is never one we are stopping.
    std::lock_guard lock(mutex_);
    for (Sandbox* sandbox : sandboxes_) {
      try {
        sandbox->stop();
      } catch (...) {
        // cleanup path: keep stopping the others
      }
    }
  }

private:
  SandboxRegistry() = default;
  std::mutex mutex_;
  std::vector<Sandbox*> sandboxes_;
};

} // namespace

void register_sandbox(Sandbox* sandbox) {
  SandboxRegistry::instance().add(sandbox);
}

void unregister_sandbox(Sandbox* sandbox) {
  SandboxRegistry::instance().remove(sandbox);
}

void stop_all_sandboxes() {
  SandboxRegistry::instance().stop_all();
}

namespace {

int signal_pipe[2] = {-1, -1};
pid_t installed_in = 0;

extern "C" void forward_signal(int sig) {
  // Only async-signal-safe work here: note the interrupt (the main thread then stays quiet
  // about the servers dying under it) and hand the signal number to the watcher thread.
  note_interrupt(sig);
  unsigned char byte = static_cast<unsigned char>(sig);
  [[maybe_unused]] auto n = write(signal_pipe[1], &byte, 1);
}

void watch_signals() {
  unsigned char byte = 0;
  while (read(signal_pipe[0], &byte, 1) != 1) {
  }
  int sig = byte;
  std::fprintf(stderr, "pgdrydock: %s received, stopping the sandbox\n", strsignal(sig));
  stop_all_sandboxes();
  std::_Exit(128 + sig); // 130 for SIGINT, 143 for SIGTERM (cli/exit_codes.h)
}

} // namespace

void install_sandbox_signal_cleanup() {
  static std::mutex install_mutex;
  std::lock_guard lock(install_mutex);
  // A forked child inherits the flag but not the watcher thread: install again there.
  if (installed_in == getpid())
    return;
  // Built before the watcher thread exists, so it outlives it (see SandboxRegistry).
  SandboxRegistry::instance();
  installed_in = getpid();
  if (pipe(signal_pipe) != 0)
    return;
  std::thread(watch_signals).detach();
  struct sigaction action {};
  action.sa_handler = forward_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int sig : {SIGINT, SIGTERM, SIGHUP})
    sigaction(sig, &action, nullptr);
}

std::string random_hex(int n) {
  static std::mutex m;
  static std::mt19937_64 engine{std::random_device{}()};
  std::lock_guard lock(m);
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < n; ++i)
    out += digits[engine() % 16];
  return out;
}

bool is_plain_identifier(const std::string& name) {
  if (name.empty() || name.size() > 63)
    return false;
  if (!(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_'))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string scratch_database_name(const std::string& tag, const std::string& hint) {
  std::string name = "pgdrydock_" + tag;
  if (!hint.empty()) {
    name += '_';
    for (char c : hint) {
      unsigned char u = static_cast<unsigned char>(c);
      name += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
    }
  }
  if (name.size() > 63)
    name.resize(63);
  return name;
}

} // namespace pgdrydock
