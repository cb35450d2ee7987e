// pgdrydock.1 in man(7) roff, from the CLI definitions: name, synopsis, one section per
// subcommand with its arguments and options, exit status (the app's footer), files.
#include <cctype>
#include <sstream>

#include "cli/cli11.h"

#include "cli/cli_docs.h"

namespace pgdrydock {
namespace {

// Text as roff shows it: a backslash is \e, a '-' is \- (so it is an ASCII hyphen to copy),
// and a line starting with '.' or '\'' would be a request: \& before it keeps it text.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\''))
      out += "\\&";
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
    line_start = c == '\n';
  }
  return out;
}

std::string upper(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

void option_entry(std::ostringstream& out, const CLI::Option& option) {
  out << ".TP\n\\fB" << roff(option_names(option)) << "\\fR";
  if (takes_value(option))
    out << " \\fI" << roff(option.get_type_name()) << "\\fR";
  out << '\n' << roff(option.get_description()) << '\n';
}

} // namespace

std::string man_page(const CLI::App& app) {
  // The app's description starts with the program's name, which NAME already shows.
  std::string summary = app.get_description();
  if (summary.starts_with("pgdrydock: "))
    summary.erase(0, std::string_view("pgdrydock: ").size());
  std::ostringstream out;
  out << ".TH PGDRYDOCK 1 \"\" \"pgdrydock " << PGDRYDOCK_VERSION << "\" \"User Commands\"\n"
      << ".SH NAME\npgdrydock \\- " << roff(summary) << '\n'
      << ".SH SYNOPSIS\n";
  const std::vector<CommandDocs> commands = documented_commands(app);
  for (const CommandDocs& c : commands) {
    out << ".B pgdrydock " << roff(c.name) << "\n[\\fIOPTIONS\\fR]";
    for (const CLI::Option* p : c.positionals)
      out << " \\fI" << roff(upper(p->get_name())) << "\\fR...";
    out << "\n.br\n";
  }
  out << ".B pgdrydock \\-\\-version\n.SH COMMANDS\n";
  for (const CommandDocs& c : commands) {
    out << ".SS \"pgdrydock " << roff(c.name) << "\"\n" << roff(c.description) << '\n';
    for (const CLI::Option* p : c.positionals) {
      out << ".TP\n\\fI" << roff(upper(p->get_name())) << "\\fR\n"
          << roff(p->get_description()) << '\n';
    }
    for (const CLI::Option* o : c.options)
      option_entry(out, *o);
  }
  out << ".SH EXIT STATUS\n"
      << roff(app.get_footer()) << '\n'
      << ".SH FILES\n.TP\n\\fIshare/doc/pgdrydock/rules/\\fR\n"
         "One page per rule: what it finds, why it matters, what to write instead.\n"
         ".TP\n\\fIshare/pgdrydock/alembic/\\fR\nThe helper that renders Alembic revisions.\n"
      << ".SH SEE ALSO\n\\fBpgdrydock rules\\fR lists the rules; README.md and docs/ in the "
         "source distribution.\n";
  return out.str();
}

} // namespace pgdrydock
