// Decoding libpg_query's scan result (a PgQuery__ScanResult protobuf): the hand-written
// decoder pgdrydock used until issue 12 against the protobuf-c code libpg_query ships
// (pg_query__scan_result__unpack, now used by lint/sql_parser.cpp). Results: bench/README.md,
// section "scan decoding".
//
// Corpus: rules/fixtures/*.sql, every .sql under examples/, and 2,000 generated migrations
// (bench/corpus.h). BM_Decode* time the decoding alone (buffers scanned beforehand);
// BM_SplitAndScan* the whole per-file work it is part of: split into statements, scan, decode.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "bench/corpus.h"
#include "lint/sql_parser.h"

namespace {

using namespace pgdrydock;

struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint64_t kind = 0;
};

// --- The hand decoder of lint/sql_parser.cpp until issue 12 (moved here, gone from there) ---
// PgQuery__ScanResult: field 2 = repeated ScanToken {1: start, 2: end, 4: token}.
bool read_varint(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    std::uint8_t b = *p++;
    v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80))
      return true;
  }
  return false;
}

bool skip_field(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t wire) {
  std::uint64_t v = 0;
  switch (wire) {
  case 0:
    return read_varint(p, end, v);
  case 1:
    p += 8;
    return p <= end;
  case 2:
    if (!read_varint(p, end, v) || v > static_cast<std::uint64_t>(end - p))
      return false;
    p += v;
    return true;
  case 5:
    p += 4;
    return p <= end;
  default:
    return false;
  }
}

// One ScanToken message body [p, tok_end).
Token hand_token(const std::uint8_t* p, const std::uint8_t* tok_end) {
  Token token;
  while (p < tok_end) {
    std::uint64_t k = 0, v = 0;
    if (!read_varint(p, tok_end, k))
      break;
    if ((k & 7) != 0) {
      if (!skip_field(p, tok_end, k & 7))
        break;
      continue;
    }
    if (!read_varint(p, tok_end, v))
      break;
    if ((k >> 3) == 1)
      token.begin = v;
    else if ((k >> 3) == 2)
      token.end = v;
    else if ((k >> 3) == 4)
      token.kind = v;
  }
  return token;
}

void hand_decode(const PgQueryProtobuf& pbuf, std::vector<Token>& out) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(pbuf.data);
  const auto* end = p + pbuf.len;
  while (p < end) {
    std::uint64_t key = 0;
    if (!read_varint(p, end, key))
      break;
    if ((key >> 3) == 2 && (key & 7) == 2) {
      std::uint64_t len = 0;
      if (!read_varint(p, end, len) || len > static_cast<std::uint64_t>(end - p))
        break;
      out.push_back(hand_token(p, p + len));
      p += len;
    } else if (!skip_field(p, end, key & 7)) {
      break;
    }
  }
}

// --- The generated decoder, as lint/sql_parser.cpp uses it ---
void generated_decode(const PgQueryProtobuf& pbuf, std::vector<Token>& out) {
  PgQuery__ScanResult* r = pg_query__scan_result__unpack(
      nullptr, pbuf.len, reinterpret_cast<const std::uint8_t*>(pbuf.data));
  if (!r)
    return;
  for (std::size_t i = 0; i < r->n_tokens; ++i)
    out.push_back({static_cast<std::size_t>(r->tokens[i]->start),
                   static_cast<std::size_t>(r->tokens[i]->end),
                   static_cast<std::uint64_t>(r->tokens[i]->token)});
  pg_query__scan_result__free_unpacked(r, nullptr);
}

// The lint corpus: one string per file.
struct Corpus {
  std::vector<std::string> files;
  std::size_t bytes = 0;

  Corpus() {
    std::filesystem::path root = PGDRYDOCK_SOURCE_DIR;
    for (const auto& dir : {root / "rules" / "fixtures", root / "examples"})
      for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".sql")
          add(read(entry.path()));
    for (int i = 1; i <= 2000; ++i)
      add(bench::corpus_migration(i));
  }
  static std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  void add(std::string text) {
    bytes += text.size();
    files.push_back(std::move(text));
  }
};

const Corpus& corpus() {
  static const Corpus c;
  return c;
}

// Scans every file of the corpus once; the buffers stay valid until destruction.
struct Scanned {
  std::vector<PgQueryScanResult> results;
  std::size_t tokens = 0;
  Scanned() {
    for (const std::string& text : corpus().files) {
      PgQueryScanResult r = pg_query_scan(text.c_str());
      if (r.error) {
        pg_query_free_scan_result(r);
        continue;
      }
      results.push_back(r);
    }
  }
  ~Scanned() {
    for (PgQueryScanResult& r : results)
      pg_query_free_scan_result(r);
  }
  Scanned(const Scanned&) = delete;
  Scanned& operator=(const Scanned&) = delete;
};

const Scanned& scanned() {
  static const Scanned s;
  return s;
}

template <void (*Decode)(const PgQueryProtobuf&, std::vector<Token>&)>
void BM_Decode(benchmark::State& state) {
  const Scanned& s = scanned();
  std::vector<Token> tokens;
  std::size_t bytes = 0;
  for (const PgQueryScanResult& r : s.results)
    bytes += r.pbuf.len;
  for (auto _ : state) {
    for (const PgQueryScanResult& r : s.results) {
      tokens.clear();
      Decode(r.pbuf, tokens);
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}
BENCHMARK(BM_Decode<hand_decode>)->Name("BM_DecodeHand")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Decode<generated_decode>)->Name("BM_DecodeGenerated")->Unit(benchmark::kMillisecond);

// What a file costs end to end: the product's split, then a scan of the whole file decoded by
// the given decoder (the product scans for comments and for statements the splitter left out).
template <void (*Decode)(const PgQueryProtobuf&, std::vector<Token>&)>
void BM_SplitAndScan(benchmark::State& state) {
  const Corpus& c = corpus();
  std::vector<Token> tokens;
  for (auto _ : state) {
    for (const std::string& text : c.files) {
      benchmark::DoNotOptimize(split_statements(text));
      PgQueryScanResult r = pg_query_scan(text.c_str());
      tokens.clear();
      if (!r.error)
        Decode(r.pbuf, tokens);
      pg_query_free_scan_result(r);
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(c.bytes) * state.iterations());
}
BENCHMARK(BM_SplitAndScan<hand_decode>)->Name("BM_SplitAndScanHand")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SplitAndScan<generated_decode>)
    ->Name("BM_SplitAndScanGenerated")
    ->Unit(benchmark::kMillisecond);

// Both decoders must agree token for token, or the timings compare different work.
bool decoders_agree() {
  for (const PgQueryScanResult& r : scanned().results) {
    std::vector<Token> a, b;
    hand_decode(r.pbuf, a);
    generated_decode(r.pbuf, b);
    if (a.size() != b.size())
      return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].begin != b[i].begin || a[i].end != b[i].end || a[i].kind != b[i].kind)
        return false;
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  if (!decoders_agree()) {
    fmt::print(stderr, "scan_decoding: the two decoders disagree on the corpus\n");
    return 1;
  }
  fmt::print("corpus: {} files, {} bytes, {} scanned\n", corpus().files.size(), corpus().bytes,
             scanned().results.size());
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
