// One named test per bad input given to `pgdrydock lint` (and the commands sharing its options):
// each asserts the documented exit code, a stderr line naming the file or option, no sanitizer
// report, and a stdout that is either empty (refused before any report) or a complete report.
#include <sys/stat.h>
#include <sys/types.h>

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bad_input_support.h"

namespace pgdrydock::testing {
namespace {

enum class Stdout { Empty, CompleteJson };

struct Case {
  const char* name;
  std::function<void(const TempFolder&)> setup;
  std::vector<std::string> args; // after `pgdrydock`
  int exit_code;
  std::string names; // stderr must contain this (the file, line or option)
  Stdout out = Stdout::Empty;
  std::optional<std::string> stdin_text = {};
};

void nothing(const TempFolder&) {}

std::function<void(const TempFolder&)> file(std::string name, std::string bytes) {
  return [=](const TempFolder& d) {
    d.write("ok.sql", "SELECT 1;\n");
    d.write(name, bytes);
  };
}

std::string nested(int depth) {
  return "SELECT " + std::string(static_cast<std::size_t>(depth), '(') + "1" +
         std::string(static_cast<std::size_t>(depth), ')') + ";\n";
}

std::string binary() {
  std::string b = "\x7f"
                  "ELF\x02\x01";
  for (int i = 0; i < 2048; ++i)
    b += static_cast<char>((i * 131 + 7) % 256);
  return b;
}

void fifo(const TempFolder& d) {
  d.write("ok.sql", "SELECT 1;\n");
  ASSERT_EQ(mkfifo((d.path() / "pipe").c_str(), 0600), 0);
}

void folder(const TempFolder& d) {
  d.write("ok.sql", "SELECT 1;\n");
  std::filesystem::create_directories(d.path() / "dir");
}

std::vector<Case> cases() {
  const std::vector<std::string> json = {"--format", "json"};
  auto lint = [&](std::vector<std::string> a) {
    a.insert(a.begin(), "lint");
    a.insert(a.end(), json.begin(), json.end());
    return a;
  };
  return {
      // Files that cannot be linted; the good file beside them is still reported (exit 2).
      {"MissingFile", file("x", ""), lint({"missing.sql", "ok.sql"}), 2, "missing.sql",
       Stdout::CompleteJson},
      {"BinaryFile", file("bin.sql", binary()), lint({"bin.sql", "ok.sql"}), 2, "bin.sql",
       Stdout::CompleteJson},
      {"InvalidUtf8", file("latin1.sql", "SELECT 'caf\xe9';\n"), lint({"latin1.sql", "ok.sql"}), 2,
       "latin1.sql", Stdout::CompleteJson},
      {"NulBytes", file("nul.sql", std::string("SELECT 1;\0\n", 11)), lint({"nul.sql", "ok.sql"}),
       2, "nul.sql", Stdout::CompleteJson},
      {"FifoAsMigration", fifo, lint({"pipe", "ok.sql"}), 2, "pipe: error: is a FIFO",
       Stdout::CompleteJson},
      {"DeviceAsMigration", file("x", ""), lint({"/dev/zero", "ok.sql"}), 2,
       "/dev/zero: error: is a device", Stdout::CompleteJson},
      {"OverTheSizeLimit", file("big.sql", std::string(4096, '-') + "\n"),
       lint({"big.sql", "ok.sql", "--max-file-size", "2kB"}), 2,
       "big.sql: error: larger than the limit of 2048 bytes", Stdout::CompleteJson},
      {"StdinOverTheSizeLimit", nothing, lint({"-", "--max-file-size", "1kB"}), 2,
       "larger than the limit of 1024 bytes", Stdout::CompleteJson,
       std::string(5000, ' ') + "SELECT 1;\n"},
      {"NestedBeyondTheLimit", file("deep.sql", "SELECT 1;\n" + nested(5000)),
       lint({"deep.sql", "ok.sql"}), 2, "deep.sql:2:", Stdout::CompleteJson},
      {"SymlinkLoop",
       [](const TempFolder& d) {
         d.write("ok.sql", "SELECT 1;\n");
         std::filesystem::create_symlink("loop.sql", d.path() / "loop.sql");
       },
       lint({"loop.sql", "ok.sql"}), 2, "symlink loop", Stdout::CompleteJson},
      {"PathThroughAFile", file("x", ""), lint({"ok.sql/inner.sql", "ok.sql"}), 2,
       "ok.sql/inner.sql", Stdout::CompleteJson},
      {"DuplicateVersions",
       [](const TempFolder& d) {
         d.write("m/V1__a.sql", "SELECT 1;\n");
         d.write("m/V1__b.sql", "SELECT 2;\n");
       },
       lint({"m", "--layout", "flyway"}), 2, "V1__", Stdout::CompleteJson},
      {"MissingFolder", nothing, lint({"no/such/folder"}), 2, "no/such/folder",
       Stdout::CompleteJson},
      // Not errors, still reported as documented: a syntax error is a finding (exit 1).
      {"SyntaxErrorIsAFinding", file("bad.sql", "SELEC 1;\n"), lint({"bad.sql", "ok.sql"}), 1,
       "bad.sql:1:", Stdout::CompleteJson},
      {"CrlfLineEnds", file("crlf.sql", "SELECT 1;\r\nSELEC 2;\r\n"), lint({"crlf.sql", "ok.sql"}),
       1, "crlf.sql:2:", Stdout::CompleteJson},
      {"ByteOrderMark", file("bom.sql", "\xEF\xBB\xBFSELEC 1;\n"), lint({"bom.sql", "ok.sql"}), 1,
       "bom.sql:1:", Stdout::CompleteJson},
      // Options: refused before anything is read, stdout empty.
      {"ConfigIsAFifo", fifo, lint({"ok.sql", "--config", "pipe"}), 2, "pipe: is a FIFO"},
      {"ConfigIsAFolder", folder, lint({"ok.sql", "--config", "dir"}), 2, "dir: is a folder"},
      {"ConfigIsADevice", file("x", ""), lint({"ok.sql", "--config", "/dev/zero"}), 2,
       "/dev/zero: is a device"},
      {"ConfigMissing", file("x", ""), lint({"ok.sql", "--config", "nope.toml"}), 2,
       "nope.toml: config file not found"},
      {"ConfigUnknownKey", file("c.toml", "colour = true\n"),
       lint({"ok.sql", "--config", "c.toml"}), 2, "unknown key colour"},
      {"ConfigBadToml", file("c.toml", "pg_version = = 3\n"),
       lint({"ok.sql", "--config", "c.toml"}), 2, "c.toml:1:"},
      {"ConfigBadLimit", file("c.toml", "[limits]\nmax_file_bytes = -1\n"),
       lint({"ok.sql", "--config", "c.toml"}), 2, "c.toml:2:"},
      {"ConfigUnknownLimit", file("c.toml", "[limits]\nmax_bytes = 10\n"),
       lint({"ok.sql", "--config", "c.toml"}), 2, "unknown key limits.max_bytes"},
      {"ConfigLimitApplies", file("c.toml", "[limits]\nmax_file_bytes = 5\n"),
       lint({"ok.sql", "--config", "c.toml"}), 2, "ok.sql: error: larger than the limit of 5 bytes",
       Stdout::CompleteJson},
      {"ConfigOverTheLimit", file("c.toml", "# " + std::string(3000, 'x') + "\n"),
       lint({"ok.sql", "--config", "c.toml", "--max-file-size", "1kB"}), 2,
       "c.toml: larger than the limit of 1024 bytes"},
      {"StatsIsAFifo", fifo, lint({"ok.sql", "--stats", "pipe"}), 2, "pipe: is a FIFO"},
      {"StatsIsDevZero", file("x", ""), lint({"ok.sql", "--stats", "/dev/zero"}), 2,
       "/dev/zero: is a device"},
      {"StatsIsAFolder", folder, lint({"ok.sql", "--stats", "dir"}), 2, "dir: is a folder"},
      {"StatsOverTheLimit", file("s.json", std::string(3000, ' ') + "{}"),
       lint({"ok.sql", "--stats", "s.json", "--max-file-size", "1kB"}), 2,
       "s.json: larger than the limit of 1024 bytes"},
      {"StatsNotJson", file("s.json", "{\"tables\": [1e400]}"),
       lint({"ok.sql", "--stats", "s.json"}), 2, "s.json:"},
      {"SchemaIsAFifo", fifo, lint({"ok.sql", "--schema", "pipe"}), 2, "pipe: --schema: is a FIFO"},
      {"SchemaIsDevZero", file("x", ""), lint({"ok.sql", "--schema", "/dev/zero"}), 2,
       "/dev/zero: --schema: is a device"},
      {"SchemaIsAFolder", folder, lint({"ok.sql", "--schema", "dir"}), 2,
       "dir: --schema: is a folder"},
      {"SchemaOverTheLimit", file("s.sql", std::string(3000, '-') + "\n"),
       lint({"ok.sql", "--schema", "s.sql", "--max-file-size", "1kB"}), 2,
       "s.sql: --schema: larger than the limit of 1024 bytes"},
      {"BadMaxFileSize", file("x", ""), lint({"ok.sql", "--max-file-size", "lots"}), 2,
       "--max-file-size: \"lots\""},
      {"AlembicNotAnIni", file("x", ""), lint({"ok.sql", "--alembic", "ok.sql"}), 2,
       "--alembic ok.sql: not an Alembic configuration"},
      // An input error like a missing migration file: reported in a complete report, exit 2.
      {"AlembicMissingIni", file("x", ""), lint({"ok.sql", "--alembic", "none.ini"}), 2,
       "none.ini: error: no such Alembic configuration file", Stdout::CompleteJson},
      {"UnknownFormat", file("x", ""), {"lint", "ok.sql", "--format", "xml"}, 2, "--format 'xml'"},
      {"UnknownLayout", file("x", ""), lint({"ok.sql", "--layout", "rails"}), 2,
       "--layout 'rails'"},
      {"BadFailOn", file("x", ""), {"lint", "ok.sql", "--fail-on", "fatal"}, 2, "--fail-on"},
      {"BadPgVersion", file("x", ""), {"lint", "ok.sql", "--pg-version", "99"}, 2, "--pg-version"},
      {"UnknownFlag", file("x", ""), {"lint", "ok.sql", "--frobnicate"}, 2, "--frobnicate"},
      {"NoPaths", nothing, {"lint"}, 2, "name the migrations"},
      {"AlembicOptionWithoutProject",
       file("x", ""),
       {"lint", "ok.sql", "--from", "abc"},
       2,
       "--from"},
      {"BadAlembicTimeout",
       file("x", ""),
       {"lint", "ok.sql", "--alembic-timeout", "soon"},
       2,
       "--alembic-timeout"},
      {"BadDsnPasswordNotShown",
       nothing,
       {"stats", "--dsn", "postgresql://alice:S3cret%zz@127.0.0.1:1/db", "-o", "out.json"},
       2,
       "postgresql://alice"},
      // libpq would read "S3cret@127.0.0.1" as the host and quote it back.
      {"DsnPasswordWithRawAt",
       nothing,
       {"stats", "--dsn", "postgresql://alice:x@S3cret@127.0.0.1:1/db", "-o", "out.json"},
       2,
       "write it as %40"},
      {"RefusingServer",
       nothing,
       {"stats", "--dsn", "postgresql://alice:S3cret@127.0.0.1:1/db", "-o", "out.json"},
       2,
       "127.0.0.1"},
      {"BadSimulateSizes", file("x", ""), {"simulate", "ok.sql", "--sizes", "many"}, 2, "--sizes"},
  };
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, ExitCodeMessageNoCrashNoPartialOutput) {
  const Case& c = GetParam();
  TempFolder dir, tmp;
  c.setup(dir);
  BadRun r = run_bad(c.args, dir.str(), tmp.str(), c.stdin_text);
  EXPECT_EQ(r.signal, 0) << "crashed: " << r.err;
  EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
  EXPECT_NE(r.err.find(c.names), std::string::npos) << "stderr: " << r.err;
  EXPECT_FALSE(sanitizer_report(r.err)) << r.err;
  EXPECT_EQ(r.err.find("S3cret"), std::string::npos) << "password shown: " << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out.json")) << "partial output file";
  expect_nothing_left(tmp);
  if (c.out == Stdout::Empty) {
    EXPECT_EQ(r.out, "") << "a refused run printed a report";
  } else {
    nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(report.is_discarded()) << "incomplete report: " << r.out.substr(0, 500);
  }
}

INSTANTIATE_TEST_SUITE_P(Lint, BadInput, ::testing::ValuesIn(cases()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// chmod 000 does not stop root: the unreadable file is read by `nobody`.
TEST(BadInputUnreadable, FileWithoutReadPermission) {
  std::optional<RunAs> nobody = lookup_user("nobody");
  if (geteuid() != 0 || !nobody)
    GTEST_SKIP() << "needs root to run as nobody";
  TempFolder dir, tmp;
  dir.write("ok.sql", "SELECT 1;\n");
  dir.write("secret.sql", "SELECT 1;\n");
  ASSERT_EQ(chmod((dir.path() / "secret.sql").c_str(), 0), 0);
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  ASSERT_EQ(chmod(tmp.path().c_str(), 0777), 0);
  BadRun r = run_bad({"lint", "secret.sql", "ok.sql", "--format", "json"}, dir.str(), tmp.str(),
                     std::nullopt, nobody);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("secret.sql: error: cannot open: Permission denied"), std::string::npos)
      << r.err;
  EXPECT_FALSE(sanitizer_report(r.err)) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(r.out, nullptr, false).is_discarded()) << r.out;
}

// Alembic's rendered SQL has the same size limit as a file: the revision over it is named, the
// others still linted (the fixture's alembic.ini is 830 bytes, its first revision renders to
// more than 1 kB).
TEST(BadInputAlembic, RenderedSqlOverTheSizeLimit) {
  TempFolder dir, tmp;
  const std::string ini =
      std::string(PGDRYDOCK_SOURCE_DIR) + "/tests/fixtures/alembic_project/alembic.ini";
  BadRun r = run_bad({"lint", "--alembic", ini, "--format", "json", "--max-file-size", "1kB"},
                     dir.str(), tmp.str());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("001_consolidated_schema.py: error: larger than the limit of 1024 bytes"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(sanitizer_report(r.err)) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(r.out, nullptr, false).is_discarded()) << r.out;
}

// A file name with bytes a terminal must not see raw: stderr shows them as \xNN.
TEST(BadInputNames, ControlBytesInNamesEscapedOnStderr) {
  TempFolder dir, tmp;
  BadRun r = run_bad({"lint", "a\xff\x1b[31m\rb.sql", "--format", "json"}, dir.str(), tmp.str());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("a\\xFF\\x1B[31m\\x0Db.sql: error: no such file"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
}

} // namespace
} // namespace pgdrydock::testing
