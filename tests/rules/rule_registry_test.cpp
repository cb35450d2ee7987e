// lint/rule_registry.cpp: the registry refuses a second rule with an id it already holds,
// both on an instance of its own and at start-up through PGDRYDOCK_REGISTER_RULE's path.
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "lint/rule_registry.h"

namespace pgdrydock {
namespace {

class NamedRule : public Rule {
public:
  explicit NamedRule(std::string id) : id_(std::move(id)) {}
  std::string_view id() const override { return id_; }
  Severity default_severity() const override { return Severity::Warning; }
  std::string_view summary() const override { return "a rule for the registry test"; }

private:
  std::string id_;
};

TEST(RuleRegistry, RefusesADuplicateIdAndKeepsTheFirst) {
  RuleRegistry registry;
  registry.add(std::make_unique<NamedRule>("b-rule"));
  registry.add(std::make_unique<NamedRule>("a-rule"));
  try {
    registry.add(std::make_unique<NamedRule>("b-rule"));
    FAIL() << "a second rule with the id b-rule must be refused";
  } catch (const ErrorException& e) {
    EXPECT_EQ(e.error().kind, ErrorKind::Internal);
    EXPECT_NE(std::string(e.what()).find("'b-rule'"), std::string::npos) << e.what();
  }
  ASSERT_EQ(registry.rules().size(), 2u);
  EXPECT_EQ(registry.rules()[0]->id(), "a-rule"); // still sorted by id
  EXPECT_EQ(registry.rules()[1]->id(), "b-rule");
}

TEST(RuleRegistryDeathTest, StartUpStopsOnAnIdARealRuleAlreadyHas) {
  ASSERT_NE(RuleRegistry::instance().find("table-rewrite"), nullptr);
  EXPECT_DEATH(register_rule(std::make_unique<NamedRule>("table-rewrite")),
               "two rules register the id 'table-rewrite'");
}

TEST(RuleRegistry, EveryRegisteredIdIsUnique) {
  const auto& rules = RuleRegistry::instance().rules();
  for (std::size_t i = 1; i < rules.size(); ++i)
    EXPECT_LT(rules[i - 1]->id(), rules[i]->id());
}

} // namespace
} // namespace pgdrydock
