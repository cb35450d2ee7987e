#include "cli/cli_docs.h"

#include <iostream>

#include "cli/cli11.h"

#include "cli/exit_codes.h"

namespace pgdrydock {

std::vector<CommandDocs> documented_commands(const CLI::App& app) {
  std::vector<CommandDocs> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    CommandDocs docs{sub->get_name(), sub->get_description(), {}, {}};
    for (const CLI::Option* option : sub->get_options()) {
      if (option->get_group().empty())
        continue; // hidden
      (option->nonpositional() ? docs.options : docs.positionals).push_back(option);
    }
    out.push_back(std::move(docs));
  }
  return out;
}

std::string option_names(const CLI::Option& option) {
  std::string out;
  for (const auto& s : option.get_snames())
    out += (out.empty() ? "-" : ", -") + s;
  for (const auto& l : option.get_lnames())
    out += (out.empty() ? "--" : ", --") + l;
  return out;
}

bool takes_value(const CLI::Option& option) {
  // A flag has no type name (CLI11's help prints none for it); every valued option has one
  // (TEXT, INT, ...), though CLI11 gives flags a non-zero type size too.
  return option.get_type_size() != 0 && !option.get_type_name().empty();
}

std::optional<int> print_generated_docs(const CLI::App& app, int argc, char** argv) {
  const std::string first = argc > 1 ? argv[1] : "";
  if (argc == 2 && first == "--help-man") {
    std::cout << man_page(app);
    return kExitClean;
  }
  if (argc == 3 && first == "--completions") {
    Expected<std::string> script = completion_script(app, argv[2]);
    if (!script)
      return fail_with(script.error());
    std::cout << *script;
    return kExitClean;
  }
  return std::nullopt;
}

} // namespace pgdrydock
