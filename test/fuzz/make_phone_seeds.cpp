// Writes phone seeds for fuzz_phone from test/unit/phone_samples.hpp's
// generator: `make_phone_seeds DIR [N]` writes N files (default 2000), each a
// region-selector byte (see fuzz_phone.cpp) and a generated cell; merge them
// into corpus/phone with `fuzz_phone -merge=1 test/fuzz/corpus/phone DIR`.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "../unit/phone_samples.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [N]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const long n = argc > 2 ? std::atol(argv[2]) : 2000;
  leadimport::phone_samples::Generator generator(20261201);
  for (long i = 0; i < n; ++i) {
    std::string cell = generator.next();
    std::string region = generator.default_region();
    // fuzz_phone: selector % 16 < 4 is "ZZ"; 4.. are a few real regions.
    unsigned char selector =
        region == "ZZ" ? static_cast<unsigned char>(i % 4) : static_cast<unsigned char>(4 + i % 12);
    std::string path = dir + "/gen_" + std::to_string(i);
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return 1;
    std::fputc(selector, f);
    std::fwrite(cell.data(), 1, cell.size(), f);
    std::fclose(f);
  }
  return 0;
}
