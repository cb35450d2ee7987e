// How each runner sends a script to PostgreSQL: the transaction mode and the reason shown
// beside it in reports.
#include <cctype>
#include <fstream>

#include "lint/sources/layouts.h"
#include "lint/sql_parser.h"

namespace pgdrydock::sources {
namespace {

// `CONCURRENTLY` as a word outside comments. A text search is enough to decide how Flyway
// runs the file; the lexer only runs when the word appears at all.
bool mentions_concurrently(std::string_view text) {
  std::string lower = lowercase_ascii(text);
  constexpr std::string_view kWord = "concurrently";
  std::vector<Comment> comments;
  bool scanned = false;
  for (std::size_t at = lower.find(kWord); at != std::string::npos;
       at = lower.find(kWord, at + kWord.size())) {
    auto word_char = [&](std::size_t i) {
      return std::isalnum(static_cast<unsigned char>(lower[i])) || lower[i] == '_';
    };
    if ((at > 0 && word_char(at - 1)) ||
        (at + kWord.size() < lower.size() && word_char(at + kWord.size())))
      continue;
    if (!scanned) {
      comments = scan_comments(text);
      scanned = true;
    }
    bool in_comment = false;
    for (const Comment& c : comments)
      in_comment = in_comment || (at >= c.begin && at < c.end);
    if (!in_comment)
      return true;
  }
  return false;
}

// Flyway reads per-script settings from `<script>.conf` beside it.
bool flyway_conf_disables_transaction(const std::filesystem::path& script_path) {
  std::filesystem::path conf = script_path;
  conf += ".conf";
  std::error_code ec;
  if (script_path.empty() || !std::filesystem::is_regular_file(conf, ec))
    return false;
  std::ifstream in(conf);
  std::string line;
  while (std::getline(in, line)) {
    std::string l = lowercase_ascii(line);
    std::erase_if(l, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    if (l == "executeintransaction=false")
      return true;
  }
  return false;
}

// sqlx: `-- no-transaction` as the script's first line.
bool first_line_opts_out(std::string_view text) {
  std::string_view first = text.substr(0, text.find('\n'));
  while (!first.empty() && std::isspace(static_cast<unsigned char>(first.back())))
    first.remove_suffix(1);
  while (!first.empty() && std::isspace(static_cast<unsigned char>(first.front())))
    first.remove_prefix(1);
  return first == "-- no-transaction";
}

} // namespace

Script whole_file_script(const SourceFilePtr& file, TransactionMode mode, std::string reason) {
  return Script{file, 0, file->content().size(), mode, std::move(reason)};
}

Script plain_script(const SourceFilePtr& file, const LoadOptions& options) {
  if (options.assume_in_transaction)
    return whole_file_script(file, TransactionMode::RunnerWrapped,
                             "--assume-in-transaction: the runner wraps the script in one "
                             "transaction");
  return whole_file_script(file, TransactionMode::Autocommit,
                           "run as psql -f would: each statement commits on its own");
}

Script golang_script(const SourceFilePtr& file) {
  return whole_file_script(file, TransactionMode::ImplicitMulti,
                           "golang-migrate sends the file as one multi-statement query: one "
                           "implicit transaction");
}

Script flyway_script(const SourceFilePtr& file, const std::filesystem::path& path) {
  if (flyway_conf_disables_transaction(path))
    return whole_file_script(file, TransactionMode::Autocommit,
                             "its .conf file sets executeInTransaction=false: Flyway runs it "
                             "outside a transaction");
  if (mentions_concurrently(file->content()))
    return whole_file_script(file, TransactionMode::Autocommit,
                             "it uses CONCURRENTLY: Flyway runs such a script outside a "
                             "transaction on PostgreSQL");
  return whole_file_script(file, TransactionMode::RunnerWrapped,
                           "Flyway wraps each migration in a transaction");
}

Script folder_migration_script(const SourceFilePtr& file, const std::string& runner,
                               const std::string& opt_out_reason) {
  // Opting out does not mean one transaction per statement: Diesel (batch_execute), sqlx and
  // sourcegraph send the file as one simple query, which PostgreSQL runs as one implicit
  // transaction. CONCURRENTLY therefore works only alone in its file.
  constexpr std::string_view kOneQuery =
      ": the file goes as one multi-statement query, one implicit transaction";
  if (!opt_out_reason.empty())
    return whole_file_script(file, TransactionMode::ImplicitMulti,
                             opt_out_reason + std::string(kOneQuery));
  if (runner != "diesel" && first_line_opts_out(file->content())) // Diesel ignores it
    return whole_file_script(file, TransactionMode::ImplicitMulti,
                             "`-- no-transaction` on its first line: " + runner +
                                 " runs it outside a wrapping transaction" +
                                 std::string(kOneQuery));
  return whole_file_script(file, TransactionMode::RunnerWrapped,
                           runner + " wraps each migration in a transaction");
}

} // namespace pgdrydock::sources
