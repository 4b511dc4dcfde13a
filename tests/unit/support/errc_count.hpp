#pragma once
// How many errc values exist. Tables in the tests list every one of them; when
// an errc is added this number (and each table) must be updated, which is the
// point: every new code gets a kind, a name, a class, an exception and an exit
// status decided on purpose.

#include <tether/core/errc.hpp>

#include <cstddef>

namespace tether::unit {

inline constexpr std::size_t errc_count = 32;

// internal_error is the last enumerator; it sits at errc_count - 1 while the
// enum has exactly the values the tables list.
static_assert(static_cast<std::size_t>(errc::internal_error) == errc_count - 1,
              "errc changed: update errc_count and every table in tests/unit that lists all codes");

}  // namespace tether::unit
