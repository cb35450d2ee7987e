// A migration file's bytes and the index that turns byte offsets into line:column.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pgdrydock {

// 1-based line and column; the column counts UTF-8 code points, as editors do.
struct Position {
  int line = 0;
  int column = 0;
};

struct SourceLocation {
  std::string file; // as the user named it (display path)
  int line = 0;
  int column = 0;
};

// One UTF-8-aware line index per file: every location in every report goes through it.
class LineIndex {
public:
  explicit LineIndex(std::string_view text);
  Position position(std::size_t byte_offset) const;
  // libpg_query's error cursorpos is a 1-based *character* index into the string it was given.
  static std::size_t byte_offset_of_char(std::string_view text, int char_index_1based);

private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

// Where a byte range of generated text came from. Alembic revisions are Python files rendered
// to SQL: the SQL is what is parsed, but a finding must point at the .py line of the op.* call
// that produced it, and `# pgdrydock:ignore` comments there apply to its statements.
struct OriginIgnore {
  std::string rule;
  std::string reason;
  int line = 0; // of the comment, in the origin file
};
struct SourceOrigin {
  std::size_t begin = 0; // byte range in SourceFile::content()
  std::size_t end = 0;
  int line = 0; // 1-based, in the file SourceFile::path() names
  int column = 1;
  std::vector<OriginIgnore> ignores;
};

class SourceFile {
public:
  SourceFile(std::string display_path, std::string content);
  // Generated content: locations are reported at the origins (sorted by begin; an offset maps
  // to the last origin starting at or before it). Without origins, identical to the above.
  SourceFile(std::string display_path, std::string content, std::vector<SourceOrigin> origins);
  // The index views content_: a SourceFile lives in one place (behind a SourceFilePtr).
  SourceFile(const SourceFile&) = delete;
  SourceFile& operator=(const SourceFile&) = delete;
  const std::string& path() const { return path_; }
  const std::string& content() const { return content_; }
  std::string_view view(std::size_t begin, std::size_t end) const {
    return std::string_view(content_).substr(begin, end - begin);
  }
  Position position(std::size_t byte_offset) const { return index_.position(byte_offset); }
  SourceLocation location(std::size_t byte_offset) const;
  // The origin covering byte_offset, or nullptr when the content is not generated.
  const SourceOrigin* origin_at(std::size_t byte_offset) const;

private:
  std::string path_;
  std::string content_;
  LineIndex index_;
  std::vector<SourceOrigin> origins_;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

} // namespace pgdrydock
