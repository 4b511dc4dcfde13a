#include <tether/core/classify.hpp>

#include <gtest/gtest.h>

TEST(classify, placeholder_until_written) { EXPECT_EQ(tether::classify(tether::error(tether::errc::cancelled, "")), tether::error_class::fatal); }
