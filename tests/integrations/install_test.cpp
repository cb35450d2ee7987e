// `cmake --install` of this build folder into a temporary prefix, used from there as a user
// would: --version, a lint, the man page (groff without warnings, every option of every
// command in it) and the bash completion (sourced in a real bash, completing real options).
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "integration_support.h"
#include "tests/common/temp_folder.h"

namespace pgdrydock::test {
namespace {

namespace fs = std::filesystem;

// The long options a command's --help lists: the real option list the documents must match.
std::set<std::string> help_options(const std::string& binary, const std::string& command) {
  ToolRun help = run_tool({binary, command, "--help"}, fs::current_path());
  EXPECT_EQ(help.exit_code, 0) << help.output;
  std::set<std::string> out;
  // Only where an option is declared: at a line's start, after an optional short name ("-o,").
  static const std::regex option(R"(^ +(-[a-zA-Z], ?)?(--[a-z][a-z0-9-]*))", std::regex::multiline);
  for (std::sregex_iterator it(help.output.begin(), help.output.end(), option), end; it != end;
       ++it)
    out.insert((*it)[2]);
  EXPECT_TRUE(out.count("--help")) << help.output;
  return out;
}

class Installed : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    prefix_ = new testing::TempFolder;
    const fs::path build = fs::path(PGDRYDOCK_BINARY).parent_path();
    ToolRun install =
        run_tool({"cmake", "--install", build.string(), "--prefix", prefix_->str()}, build);
    ASSERT_EQ(install.exit_code, 0) << install.output;
  }
  static void TearDownTestSuite() { delete prefix_; }
  static fs::path at(const std::string& relative) { return prefix_->path() / relative; }
  static std::string binary() { return at("bin/pgdrydock").string(); }
  static testing::TempFolder* prefix_;
};
testing::TempFolder* Installed::prefix_ = nullptr;

TEST_F(Installed, VersionNamesTheGrammarAndTheDefaultTarget) {
  ToolRun version = run_tool({binary(), "--version"}, fs::current_path());
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(std::regex_search(version.output,
                                std::regex("^pgdrydock [0-9]+\\.[0-9]+\\.[0-9]+\n"
                                           "libpg_query grammar: PostgreSQL 1[0-9]\\.[0-9]+\n"
                                           "targets PostgreSQL 1[0-9] by default")))
      << version.output;
}

TEST_F(Installed, LintsFromThePrefix) {
  ToolRun lint = run_tool(
      {binary(), "lint", std::string(PGDRYDOCK_SOURCE_DIR) + "/examples/dbmate", "--format", "gcc"},
      fs::current_path());
  EXPECT_EQ(lint.exit_code, 1) << lint.output; // the example holds dangerous migrations
  EXPECT_NE(lint.output.find("examples/dbmate/20240106090000_add_project_status.sql:3:1: "),
            std::string::npos)
      << lint.output;
  EXPECT_TRUE(fs::exists(at("bin/pgdrydock-pre-commit")));
  EXPECT_TRUE(fs::exists(at("share/doc/pgdrydock/rules/require-concurrent-index-creation.md")));
  EXPECT_TRUE(fs::exists(at("share/pgdrydock/alembic/render_revisions.py")));
}

TEST_F(Installed, ManPageRendersAndListsEveryOption) {
  const fs::path page = at("share/man/man1/pgdrydock.1");
  ToolRun groff = run_tool({"groff", "-man", "-ww", "-z", page.string()}, fs::current_path());
  EXPECT_EQ(groff.exit_code, 0);
  EXPECT_EQ(groff.output, "") << "groff warnings";
  const std::string text = read_text(page);
  for (const char* command : {"lint", "simulate", "stats", "rules"}) {
    EXPECT_NE(text.find(std::string(".SS \"pgdrydock ") + command + "\""), std::string::npos);
    for (const std::string& option : help_options(binary(), command)) {
      std::string roff; // "--fail-on" as the page writes it: \-\-fail\-on
      for (char c : option)
        roff += c == '-' ? std::string("\\-") : std::string(1, c);
      EXPECT_NE(text.find(roff), std::string::npos) << command << ' ' << option;
    }
  }
  EXPECT_NE(text.find(".SH EXIT STATUS"), std::string::npos);
}

// Runs the installed bash completion for the words typed so far (the last one being completed).
std::string complete(const fs::path& script, const std::string& words) {
  ToolRun run = run_tool({"bash", "-c",
                          "source \"$0\"; COMP_WORDS=(" + words +
                              "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _pgdrydock; "
                              "printf '%s\\n' \"${COMPREPLY[@]}\"",
                          script.string()},
                         fs::current_path());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  return run.output;
}

TEST_F(Installed, BashCompletionOffersTheRealOptions) {
  const fs::path script = at("share/bash-completion/completions/pgdrydock");
  EXPECT_EQ(complete(script, "pgdrydock si"), "simulate\n");
  EXPECT_EQ(complete(script, "pgdrydock lint --fa"), "--fail-on\n");
  for (const char* command : {"lint", "simulate", "stats"}) {
    std::set<std::string> offered;
    std::istringstream lines(complete(script, std::string("pgdrydock ") + command + " --"));
    for (std::string line; std::getline(lines, line);)
      offered.insert(line);
    for (const std::string& option : help_options(binary(), command))
      EXPECT_TRUE(offered.count(option)) << command << ' ' << option;
  }
  EXPECT_TRUE(fs::exists(at("share/zsh/vendor-completions/_pgdrydock")));
  // fish: a valued option requires its value (-r), a flag does not.
  const std::string fish = read_text(at("share/fish/vendor_completions.d/pgdrydock.fish"));
  EXPECT_NE(fish.find("__fish_seen_subcommand_from lint' -l format -r -d"), std::string::npos);
  EXPECT_NE(fish.find("__fish_seen_subcommand_from lint' -l effects -d"), std::string::npos);
}

// fish completes for real (`complete -C` asks it what it would offer); zsh's script is checked
// for syntax only: exercising zsh's completion system needs a terminal.
TEST_F(Installed, FishCompletesAndZshParses) {
  const fs::path fish = at("share/fish/vendor_completions.d/pgdrydock.fish");
  ToolRun offered =
      run_tool({"fish", "--no-config", "-c",
                "source $argv[1]; complete -C 'pgdrydock lint --fa'; complete -C 'pgdrydock si'",
                fish.string()},
               prefix_->path(), {"HOME=" + prefix_->str()});
  EXPECT_EQ(offered.exit_code, 0) << offered.output;
  // One candidate each, with its description after a tab.
  EXPECT_TRUE(std::regex_match(offered.output, std::regex("--fail-on\t[^\n]+\nsimulate\t[^\n]+\n")))
      << offered.output;
  ToolRun zsh = run_tool({"zsh", "-n", at("share/zsh/vendor-completions/_pgdrydock").string()},
                         prefix_->path());
  EXPECT_EQ(zsh.exit_code, 0) << zsh.output;
  EXPECT_EQ(zsh.output, "");
}

TEST_F(Installed, AnUnknownShellIsAUsageError) {
  ToolRun run = run_tool({binary(), "--completions", "tcsh"}, prefix_->path());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find("--completions: unknown shell 'tcsh' (known: bash, zsh, fish)"),
            std::string::npos)
      << run.output;
}

} // namespace
} // namespace pgdrydock::test
