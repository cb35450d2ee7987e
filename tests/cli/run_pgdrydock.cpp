#include "run_pgdrydock.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "lint/support/process_runner.h"

namespace pgdrydock::test {

RunResult run_pgdrydock(const std::vector<std::string>& args, const RunOptions& options) {
  ProcessOptions command;
  command.argv = {PGDRYDOCK_BINARY};
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.stdin_text = options.stdin_text;
  command.cwd = options.cwd.string();
  if (options.as_nobody && geteuid() == 0)
    command.run_as = lookup_user("nobody").value_or(RunAs{"nobody", 65534, 65534, {}});
  ProcessResult run = run_process(command);
  RunResult r;
  r.exit_code = run.status.code();
  r.signal = run.status.signal();
  r.out = std::move(run.out);
  r.err = std::move(run.err) + run.status.start_error();
  r.max_rss_kb = run.max_rss_kb;
  return r;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "pgdrydock-test-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::write(const std::string& relative,
                                     const std::string& content) const {
  auto full = path_ / relative;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary);
  out << content;
  return full;
}

} // namespace pgdrydock::test
