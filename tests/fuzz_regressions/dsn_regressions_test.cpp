// Inputs the DSN fuzzer (tests/fuzz/targets/dsn_fuzzer.cpp) found, fed through its entry.
#include <string>

#include <gtest/gtest.h>

#include "simulate/sandbox/dsn_redaction.h"
#include "tests/fuzz/entries/dsn_entry.h"

namespace pgdrydock::fuzz {
namespace {

// A '?' inside an IPv6 host's brackets was taken for the start of the query, so the real
// query's "password=" became part of a longer key and was shown (fix: dsn_redaction.cpp,
// redact_query: a key also starts after any '?').
TEST(DsnFuzzRegressions, QuestionMarkInsideIpv6HostHidesQueryPassword) {
  const std::string input = "postgres://bob:Passw0rd@[:?:1]:5433,h2:5434/app?password=Other13"
                            "&target_sers&on_attrs=any";
  EXPECT_NO_THROW(parse_and_redact_dsn(input));
  const std::string shown = redact_dsn(input);
  EXPECT_EQ(shown.find("Other13"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("Passw0rd"), std::string::npos) << shown;
  EXPECT_NE(shown.find("target_sers"), std::string::npos) << shown; // the rest is kept
}

// The same with the stray '?' in a value: "passvord=Othe33,h2:5app?password=Other123" was one
// parameter named "passvord"; libpq refuses the string, and the message showed the password.
TEST(DsnFuzzRegressions, QuestionMarkInsideAValueHidesTheNextPassword) {
  std::string input = "postgres://b";
  input += "\x92\x9d\xc5\xaf\x9e\x8c\x8c\x88"; // as found; any bytes will do
  input += "0re@[::1]:545434/app?passvord=Othe33,h2:5app?password=Other123&tar";
  EXPECT_NO_THROW(parse_and_redact_dsn(input));
  const std::string shown = redact_dsn(input);
  EXPECT_EQ(shown.find("Other123"), std::string::npos) << shown;
  EXPECT_NE(shown.find("passvord=Othe33"), std::string::npos) << shown; // not a secret key
  EXPECT_EQ(redact_message("quoted back: " + input, input).find("Other123"), std::string::npos);
}

// An empty value before the password ("host= password=x", as an unset shell variable leaves
// it): libpq reads "password=x" as the host's value and quotes it in its errors, but the
// redaction showed it as an ordinary value (fix: dsn_redaction.cpp, scan_keywords).
TEST(DsnFuzzRegressions, EmptyValueBeforePasswordStillHidesIt) {
  std::string input = "$hos.";
  input += "\x89xamper\xc3\x9b\x9e\x86"; // as found
  input += "e= password=Tr1ubo 4rddbname=prtgod ss\x16relp";
  EXPECT_NO_THROW(parse_and_redact_dsn(input));
  EXPECT_EQ(redact_dsn(input).find("Tr1ubo"), std::string::npos) << redact_dsn(input);
  const std::string typed = "host= password=S3cretPw dbname=app";
  EXPECT_EQ(redact_dsn(typed), "host= password=*** dbname=app");
  EXPECT_EQ(
      redact_message("could not translate host name \"password=S3cretPw\"", typed).find("S3cretPw"),
      std::string::npos);
  EXPECT_NO_THROW(parse_and_redact_dsn(typed)); // libpq accepts it: the host is "password=..."
}

// A ':' and an '@' in the query made the redaction take everything before the ':' for the
// user and show it, the query's password= included (fix: dsn_redaction.cpp, scan_uri).
TEST(DsnFuzzRegressions, QueryBeforeAColonAndAnAtIsStillRedacted) {
  const std::string input = "postgres://bo4/app?password=Otherxdb2&o4/app?password=Otpostgresql:"
                            "//alice:S3crheP99@er127.0.0.clie[nt_encodingde=di";
  EXPECT_NO_THROW(parse_and_redact_dsn(input));
  const std::string shown = redact_dsn(input);
  EXPECT_EQ(shown.find("Otherxdb2"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("S3crheP99"), std::string::npos) << shown;
  EXPECT_EQ(shown.rfind("postgres://bo4/app?password=***&", 0), 0u) << shown;
  EXPECT_EQ(redact_dsn("postgresql://alice:S3cret99@h/db"), "postgresql://alice:***@h/db");
}

// An '@' inside the query made the redaction take the text after it for the hosts, shown
// verbatim with an "&password=" in it (fix: dsn_redaction.cpp, scan_uri searches every part).
TEST(DsnFuzzRegressions, AtSignInTheQueryStillHidesLaterPasswords) {
  std::string input = "postgresql://postgres://bo4/ap";
  input += "\x81?password=Otherxdb2&o4/app?password=\x81"; // as found
  input += "erxd2&o4/app?password=b2&o4/app@password=Othexdb2&password=Othethxdb2&o4/app?password="
           "Oeapp?p[ssworetmp&tsertgres://://ike:S%zzet%ice:re%zzho/aph?passw@ord=Other[";
  EXPECT_NO_THROW(parse_and_redact_dsn(input));
  const std::string shown = redact_dsn(input);
  for (const char* secret : {"Othethxdb2", "Otherxdb2"}) // "@password=" starts no key
    EXPECT_EQ(shown.find(secret), std::string::npos) << secret << " in " << shown;
  EXPECT_EQ(redact_dsn("postgresql://h:5432/db?sslmode=require&password=Pw123456"),
            "postgresql://h:5432/db?sslmode=require&password=***");
}

// A URI prefix (after a stray quote) followed by key=value pairs: the redaction read it as a URI
// and showed the password= after the blank (fix: dsn_redaction.cpp, redact_query).
TEST(DsnFuzzRegressions, BlankBeforePasswordInAUriIsStillRedacted) {
  const std::string input = "\"postgres:// password=Tur0b4doi password=?de\xffi pas";
  EXPECT_NO_THROW(parse_and_redact_dsn(input));
  EXPECT_EQ(redact_dsn(input).find("Tur0b4doi"), std::string::npos) << redact_dsn(input);
}

// "password=*" given several times: each secret's replacement pass turned every '*' of the
// message into "***" again, so the text grew exponentially (a libFuzzer timeout; fix:
// dsn_redaction.cpp, redact_message masks in one pass).
TEST(DsnFuzzRegressions, RepeatedStarPasswordsDoNotGrowTheMessage) {
  std::string input = "postgresql://ca:Hnte22@[po4/ap?";
  for (int i = 0; i < 12; ++i)
    input += "password=*&o4/Zpp?";
  input += "password=Otherx'b0";
  EXPECT_NO_THROW(parse_and_redact_dsn(input));
  const std::string shown = redact_message("libpq says: " + input, input);
  EXPECT_LT(shown.size(), 4 * input.size()) << shown.size();
  EXPECT_EQ(shown.find("Hnte22"), std::string::npos);
}

} // namespace
} // namespace pgdrydock::fuzz
