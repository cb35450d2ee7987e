#include "lint/source_file.h"

#include <algorithm>

namespace pgdrydock {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n')
      line_starts_.push_back(i + 1);
  }
}

Position LineIndex::position(std::size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  std::size_t line = static_cast<std::size_t>(it - line_starts_.begin()); // 1-based
  std::size_t start = line_starts_[line - 1];
  int column = 1;
  for (std::size_t i = start; i < byte_offset; ++i) {
    // Count only lead bytes: continuation bytes (10xxxxxx) belong to the previous code point.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80)
      ++column;
  }
  return {static_cast<int>(line), column};
}

std::size_t LineIndex::byte_offset_of_char(std::string_view text, int char_index_1based) {
  if (char_index_1based <= 1)
    return 0;
  int seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (++seen == char_index_1based)
        return i;
    }
  }
  return text.size();
}

SourceFile::SourceFile(std::string display_path, std::string content)
    : path_(std::move(display_path)), content_(std::move(content)), index_(content_) {}

SourceFile::SourceFile(std::string display_path, std::string content,
                       std::vector<SourceOrigin> origins)
    : path_(std::move(display_path)), content_(std::move(content)), index_(content_),
      origins_(std::move(origins)) {
  std::stable_sort(origins_.begin(), origins_.end(),
                   [](const SourceOrigin& a, const SourceOrigin& b) { return a.begin < b.begin; });
}

const SourceOrigin* SourceFile::origin_at(std::size_t byte_offset) const {
  auto it =
      std::upper_bound(origins_.begin(), origins_.end(), byte_offset,
                       [](std::size_t offset, const SourceOrigin& o) { return offset < o.begin; });
  if (it == origins_.begin())
    return nullptr;
  return &*std::prev(it);
}

SourceLocation SourceFile::location(std::size_t byte_offset) const {
  if (const SourceOrigin* origin = origin_at(byte_offset))
    return {path_, origin->line, origin->column};
  Position p = index_.position(byte_offset);
  return {path_, p.line, p.column};
}

} // namespace pgdrydock
