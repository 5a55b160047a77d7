#include "core/read/xls/xls_cfb.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "core/error_codes.hpp"
#include "core/errors.hpp"
#include "core/interrupt.hpp"

namespace leadimport::xls {

namespace {

constexpr uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr uint32_t kFree = 0xFFFFFFFF;
const char* kResaveHint = "Open the file in Excel or LibreOffice and save it again.";

[[noreturn]] void corrupt(const std::string& why) {
  throw FileError(codes::corrupt_file.code, "the .xls file is damaged (" + why + ")", kResaveHint);
}

uint32_t u32(std::string_view b, size_t at) {
  if (at + 4 > b.size()) corrupt("truncated");
  const auto* p = reinterpret_cast<const unsigned char*>(b.data() + at);
  return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
}

uint16_t u16(std::string_view b, size_t at) {
  if (at + 2 > b.size()) corrupt("truncated");
  const auto* p = reinterpret_cast<const unsigned char*>(b.data() + at);
  return static_cast<uint16_t>(p[0] | p[1] << 8);
}

}  // namespace

CompoundFile::CompoundFile(std::string_view bytes) : bytes_(bytes) {
  if (bytes.size() < 512 || std::memcmp(bytes.data(), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0)
    corrupt("no OLE2 header");
  uint16_t shift = u16(bytes, 0x1E);
  if (shift != 9 && shift != 12) corrupt("bad sector size");
  sector_size_ = size_t{1} << shift;
  mini_cutoff_ = u32(bytes, 0x38);
  const size_t sectors = (bytes.size() + sector_size_ - 1) / sector_size_;  // an upper bound
  auto sector_at = [&](uint32_t s) -> std::string_view {
    size_t off = (static_cast<size_t>(s) + 1) * sector_size_;
    if (s >= sectors || off + sector_size_ > bytes.size() + sector_size_) corrupt("bad sector");
    return bytes.substr(off, sector_size_);  // the last sector may be short
  };

  // The FAT's own sectors: 109 listed in the header, the rest in a DIFAT chain.
  std::vector<uint32_t> fat_sectors;
  uint32_t n_fat = u32(bytes, 0x2C);
  if (n_fat > sectors) corrupt("bad FAT size");
  for (size_t i = 0; i < 109 && fat_sectors.size() < n_fat; ++i)
    fat_sectors.push_back(u32(bytes, 0x4C + 4 * i));
  uint32_t difat = u32(bytes, 0x44);
  for (size_t hops = 0; fat_sectors.size() < n_fat && difat < kEndOfChain - 1; ++hops) {
    if (hops > sectors) corrupt("DIFAT loop");
    std::string_view s = sector_at(difat);
    size_t per = sector_size_ / 4 - 1;
    for (size_t i = 0; i < per && fat_sectors.size() < n_fat; ++i)
      fat_sectors.push_back(u32(s, 4 * i));
    difat = u32(s, 4 * per);
  }
  for (uint32_t fs : fat_sectors) {
    std::string_view s = sector_at(fs);
    for (size_t i = 0; i + 4 <= s.size(); i += 4) fat_.push_back(u32(s, i));
  }

  std::string dir = chain(fat_, u32(bytes, 0x30), UINT64_MAX, bytes, sector_size_, sector_size_);
  for (size_t at = 0; at + 128 <= dir.size(); at += 128) {
    Entry e;
    size_t name_len = std::min<size_t>(u16(dir, at + 0x40), 64);
    for (size_t i = 0; i + 1 < name_len; i += 2) {
      uint16_t ch = u16(dir, at + i);
      if (ch == 0) break;
      e.name += ch < 128 ? static_cast<char>(ch) : '?';
    }
    e.type = static_cast<unsigned char>(dir[at + 0x42]);
    e.start = u32(dir, at + 0x74);
    e.size = u32(dir, at + 0x78);  // version 3 files use only the low 32 bits
    if (e.type != 0) entries_.push_back(std::move(e));
  }
  uint32_t mini_start = u32(bytes, 0x3C);
  if (mini_start < kEndOfChain - 1) {
    std::string mf = chain(fat_, mini_start, UINT64_MAX, bytes, sector_size_, sector_size_);
    for (size_t i = 0; i + 4 <= mf.size(); i += 4) mini_fat_.push_back(u32(mf, i));
  }
}

std::string CompoundFile::chain(const std::vector<uint32_t>& fat, uint32_t start, uint64_t size,
                                std::string_view data, size_t sector_size, size_t base) const {
  std::string out;
  uint32_t s = start;
  // A chain visits each sector at most once: more hops than the data has
  // sectors means a loop, which must not grow `out` without bound.
  const size_t max_hops = data.size() / sector_size + 1;
  for (size_t hops = 0; s != kEndOfChain && out.size() < size; ++hops) {
    if (hops % 256 == 0) interruption_point();
    if (s == kFree || s >= fat.size() || hops > max_hops) corrupt("broken sector chain");
    size_t off = base + static_cast<size_t>(s) * sector_size;
    if (off >= data.size()) corrupt("sector past the end of the file");
    out.append(data.substr(off, sector_size));
    s = fat[s];
  }
  if (size != UINT64_MAX) {
    if (out.size() < size) corrupt("stream shorter than its directory entry says");
    out.resize(size);
  }
  return out;
}

bool CompoundFile::has(std::string_view name) const {
  for (const auto& e : entries_)
    if (equal_nocase(e.name, name)) return true;
  return false;
}

std::string CompoundFile::read(std::string_view name, bool& found) const {
  found = false;
  for (const auto& e : entries_) {
    if (e.type != 2 || !equal_nocase(e.name, name)) continue;
    found = true;
    if (e.size > bytes_.size()) corrupt("stream larger than the file");
    if (e.size >= mini_cutoff_)
      return chain(fat_, e.start, e.size, bytes_, sector_size_, sector_size_);
    // Small streams live in 64-byte sectors inside the root entry's stream.
    for (const auto& root : entries_)
      if (root.type == 5) {
        if (root.size > bytes_.size()) corrupt("mini stream larger than the file");
        std::string mini = chain(fat_, root.start, root.size, bytes_, sector_size_, sector_size_);
        return chain(mini_fat_, e.start, e.size, mini, 64, 0);
      }
    corrupt("no root entry");
  }
  return {};
}

namespace {

void put16(std::string& b, size_t at, uint16_t v) {
  b[at] = static_cast<char>(v & 0xFF);
  b[at + 1] = static_cast<char>(v >> 8);
}

void put32(std::string& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>(v >> (8 * i));
}

// One 128-byte directory entry at `at`.
void put_entry(std::string& b, size_t at, const char* name, int type, uint32_t child,
               uint32_t start, uint32_t size) {
  size_t len = std::strlen(name);
  for (size_t i = 0; i < len; ++i) put16(b, at + 2 * i, static_cast<unsigned char>(name[i]));
  put16(b, at + 0x40, static_cast<uint16_t>(2 * (len + 1)));  // bytes, with the NUL
  b[at + 0x42] = static_cast<char>(type);
  b[at + 0x43] = 1;            // black
  put32(b, at + 0x44, kFree);  // no left sibling
  put32(b, at + 0x48, kFree);  // no right sibling
  put32(b, at + 0x4C, child);
  put32(b, at + 0x74, start);
  put32(b, at + 0x78, size);
}

}  // namespace

SingleStreamFile single_stream_file(uint64_t stream_size) {
  constexpr size_t kSector = 4096;             // version 4: 1,024 FAT entries a sector
  constexpr uint32_t kFatSector = 0xFFFFFFFD;  // marks a sector of the FAT itself
  // A stream under the 4,096-byte cutoff would belong in the mini stream:
  // zero bytes pad it instead (after the workbook's last EOF record, which
  // ends it).
  const uint64_t declared = std::max<uint64_t>(stream_size, 4096);
  const uint64_t data_sectors = (declared + kSector - 1) / kSector;
  // FAT sectors, then the directory sector, then the stream: the FAT must
  // cover all of them, itself included; the header lists up to 109 FAT
  // sectors (no DIFAT needed below ~435 MiB).
  const uint64_t fat_sectors = (data_sectors + 1 + 1022) / 1023;
  if (fat_sectors > 109)
    throw FileError(codes::file_too_large.code, "the .xls workbook stream is too large",
                    "Save it as .xlsx or CSV (UTF-8) and import that.");
  const auto dir_sector = static_cast<uint32_t>(fat_sectors);
  SingleStreamFile out;
  std::string& b = out.head;
  b.assign(kSector * (1 + fat_sectors + 1), '\0');

  std::memcpy(b.data(), "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  put16(b, 0x18, 0x003E);  // minor version
  put16(b, 0x1A, 0x0004);  // major version 4: 4 KiB sectors
  put16(b, 0x1C, 0xFFFE);  // little-endian
  put16(b, 0x1E, 12);      // sector size 2^12
  put16(b, 0x20, 6);       // mini sector size 2^6
  put32(b, 0x28, 1);       // directory sectors
  put32(b, 0x2C, dir_sector);
  put32(b, 0x30, dir_sector);
  put32(b, 0x38, 4096);         // mini stream cutoff: unused, there is no mini FAT
  put32(b, 0x3C, kEndOfChain);  // mini FAT
  put32(b, 0x44, kEndOfChain);  // DIFAT
  for (uint32_t i = 0; i < 109; ++i) put32(b, 0x4C + 4 * i, i < fat_sectors ? i : kFree);

  auto fat_entry = [&](uint64_t sector, uint32_t next) {
    put32(b, kSector * (1 + sector / 1024) + 4 * (sector % 1024), next);
  };
  for (uint64_t s = 0; s < fat_sectors * 1024; ++s) fat_entry(s, kFree);
  for (uint64_t s = 0; s < fat_sectors; ++s) fat_entry(s, kFatSector);
  fat_entry(dir_sector, kEndOfChain);
  const uint64_t first = dir_sector + 1;
  for (uint64_t i = 0; i < data_sectors; ++i)
    fat_entry(first + i, i + 1 < data_sectors ? static_cast<uint32_t>(first + i + 1) : kEndOfChain);

  const size_t dir = kSector * (1 + fat_sectors);
  put_entry(b, dir, "Root Entry", 5, 1, kEndOfChain, 0);
  put_entry(b, dir + 128, "Workbook", 2, kFree,
            data_sectors ? static_cast<uint32_t>(first) : kEndOfChain,
            static_cast<uint32_t>(declared));
  for (size_t at = dir + 256; at < dir + kSector; at += 128) {  // unused entries
    put32(b, at + 0x44, kFree);
    put32(b, at + 0x48, kFree);
    put32(b, at + 0x4C, kFree);
  }
  out.padding = static_cast<size_t>(data_sectors * kSector - stream_size);
  return out;
}

}  // namespace leadimport::xls
