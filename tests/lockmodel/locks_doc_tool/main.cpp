// pgdrydock_locks_doc CASES OUT: writes docs/locks.md from tests/lockmodel/cases.txt (see
// tests/lockmodel/locks_doc.h). A developer tool, not part of the installed product.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "locks_doc.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: pgdrydock_locks_doc CASES_FILE OUTPUT_FILE\n";
    return 2;
  }
  const std::string out_path = argv[2];
  try {
    const std::string text =
        pgdrydock::lockmodel::render_locks_doc(pgdrydock::lockmodel::read_case_file(argv[1]), 15);
    // Written beside the target and renamed over it: never a half-written page.
    const std::string tmp = out_path + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary);
      out << text;
      if (!out.flush()) {
        std::cerr << out_path << ": cannot write\n";
        std::filesystem::remove(tmp);
        return 2;
      }
    }
    std::filesystem::rename(tmp, out_path);
  } catch (const std::exception& e) {
    std::cerr << e.what() << '\n';
    return 2;
  }
  return 0;
}
