// `pgdrydock rules [ID]`: every rule with its severity and one line, or one rule's full doc.
#include <algorithm>
#include <iostream>

#include "cli/cli11.h"
#include <fmt/format.h>

#include "cli/command.h"
#include "cli/common_options.h"
#include "lint/rule_registry.h"

namespace pgdrydock {
namespace {

class RulesCommand : public Command {
public:
  std::string_view name() const override { return "rules"; }
  std::string_view description() const override {
    return "List the rules, or show one rule's documentation";
  }
  void configure(CLI::App& sub) override {
    sub.add_option("rule", rule_id_, "A rule id: print its full documentation");
  }
  int run() override {
    const auto& registry = RuleRegistry::instance();
    if (rule_id_.empty()) {
      std::size_t width = 0;
      for (const auto& r : registry.rules())
        width = std::max(width, r->id().size());
      for (const auto& r : registry.rules())
        std::cout << fmt::format("{:<{}}  {:<7}  {}\n", r->id(), width,
                                 to_string(r->default_severity()), r->summary());
      return 0;
    }
    const Rule* rule = registry.find(rule_id_);
    if (!rule)
      throw ErrorException(
          usage_error(fmt::format("unknown rule '{}' (see `pgdrydock rules`)", rule_id_)));
    std::cout << rule->id() << " (" << to_string(rule->default_severity())
              << "): " << rule->summary() << "\n\n";
    const auto& docs = rule_docs();
    if (auto it = docs.find(rule_id_); it != docs.end()) {
      std::cout << it->second;
      if (!it->second.empty() && it->second.back() != '\n')
        std::cout << '\n';
    } else {
      std::cout << "(no documentation page yet)\n";
    }
    return 0;
  }

private:
  std::string rule_id_;
};

} // namespace
PGDRYDOCK_REGISTER_COMMAND(RulesCommand)
} // namespace pgdrydock
