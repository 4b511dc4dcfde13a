#pragma once
// The fault draws of the sandbox's /chaos/ routes: reproducible dice for a
// sandbox_fault_mix.

#include <tether/testing/sandbox.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <random>
#include <string>

namespace tether::testing::detail {

enum class fault { none, unavailable, drop, slow };

/// Draws faults for a mix. Not synchronized: its owner locks.
class fault_dice {
public:
    /// Throws std::invalid_argument for a mix that makes no sense.
    explicit fault_dice(sandbox_fault_mix mix);

    /// The fault for the next request.
    [[nodiscard]] fault draw();
    /// A fair coin (which side of an effect a drop falls).
    [[nodiscard]] bool coin();
    [[nodiscard]] const sandbox_fault_mix& mix() const noexcept { return mix_; }

private:
    sandbox_fault_mix mix_;
    std::mt19937_64 engine_;
};

/// Why `mix` is not valid, or nullopt when it is.
[[nodiscard]] std::optional<std::string> invalid_mix(const sandbox_fault_mix& mix);

/// {"percent_503", "percent_drop", "percent_slow", "slow_ms", "seed"};
/// missing fields take sandbox_fault_mix's defaults.
[[nodiscard]] std::optional<sandbox_fault_mix> mix_from_json(const boost::json::value& v, std::string& why);
[[nodiscard]] boost::json::object to_json(const sandbox_fault_mix& mix);

}  // namespace tether::testing::detail
