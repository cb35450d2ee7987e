// The lower-cased text of the statements the catalog cannot follow (DO blocks, function bodies,
// CREATE EXTENSION), kept as a chain of immutable pieces: a copy of the catalog shares the chain
// (O(1) per snapshot, where one growing string was copied whole with every snapshot) and a new
// statement adds one piece in front.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pgdrydock {

class OpaqueText {
public:
  bool empty() const { return !last_; }
  // Adds one statement's text (lower-cased by the caller), ended by a newline.
  void append(std::string_view text) {
    last_ = std::make_shared<const Piece>(Piece{std::string(text) + '\n', last_});
  }
  // Whether `needle` occurs in one statement's text (a name never spans two statements).
  bool contains(std::string_view needle) const {
    for (const Piece* p = last_.get(); p; p = p->before.get())
      if (p->text.find(needle) != std::string::npos)
        return true;
    return false;
  }

  // Each statement's text, oldest first, without the newline append() added (to save it).
  std::vector<std::string> pieces() const {
    std::vector<std::string> out;
    for (const Piece* p = last_.get(); p; p = p->before.get())
      out.emplace_back(std::string_view(p->text).substr(0, p->text.size() - 1));
    return {out.rbegin(), out.rend()};
  }

private:
  struct Piece {
    std::string text;
    std::shared_ptr<const Piece> before;
  };
  std::shared_ptr<const Piece> last_;
};

} // namespace pgdrydock
