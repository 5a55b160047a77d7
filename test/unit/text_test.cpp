#include "core/text.hpp"

#include <gtest/gtest.h>

namespace leadimport {
namespace {

TEST(Trim, AsciiTakesJsonWhitespaceOnly) {
  EXPECT_EQ(trim(" \t\r\nx y\n\t ", Blanks::ascii), "x y");
  EXPECT_EQ(trim("   ", Blanks::ascii), "");
  EXPECT_EQ(trim("", Blanks::ascii), "");
  EXPECT_EQ(trim("\vx\f", Blanks::ascii), "\vx\f");
  EXPECT_EQ(trim("\xC2\xA0x\xC2\xA0", Blanks::ascii), "\xC2\xA0x\xC2\xA0");
}

TEST(Trim, CellTakesEveryAsciiSpaceAndNoBreakSpace) {
  EXPECT_EQ(trim(" \t\r\n\v\fx y\t "), "x y");
  EXPECT_EQ(trim("\xC2\xA0 x \xC2\xA0\xC2\xA0"), "x");
  EXPECT_EQ(trim("\xC2\xA0"), "");
  EXPECT_EQ(trim("\xC2"), "\xC2");  // half a no-break space is text
  EXPECT_EQ(trim("a\xC2\xA0"), "a");
  EXPECT_EQ(trim("\xEF\xBB\xBFx"), "\xEF\xBB\xBFx");
}

TEST(Trim, HeaderAlsoTakesByteOrderMarks) {
  EXPECT_EQ(trim("\xEF\xBB\xBF Phone \xC2\xA0\xEF\xBB\xBF", Blanks::header), "Phone");
  EXPECT_EQ(trim("\v\xEF\xBB\xBF\f", Blanks::header), "");
  EXPECT_EQ(trim("\xEF\xBB", Blanks::header), "\xEF\xBB");
}

}  // namespace
}  // namespace leadimport
