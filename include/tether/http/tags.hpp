#pragma once
/// @file
/// `tether::http::tags`: per-request values for interceptors, by type.

#include <memory>
#include <typeindex>
#include <utility>
#include <vector>

namespace tether::http {

/// Values attached to one request for the interceptors that look for them,
/// one per type (like OkHttp's tags): a request can carry its own retry
/// policy, cache policy or log label without the client knowing of any.
///
/// @code
/// http::retry_policy patient;
/// patient.max_retries = 8;
/// req.options().tags.set(patient);                  // this request only
/// // in an interceptor:
/// if (const auto* p = next.current_request().options().tags.get<http::retry_policy>()) { ... }
/// @endcode
///
/// Cheap to copy: copies share the (immutable) values.
class tags {
public:
    /// Attaches `value`, replacing any earlier value of the same type.
    template <class T>
    tags& set(T value) {
        auto stored = std::make_shared<const T>(std::move(value));
        for (auto& [type, v] : values_) {
            if (type == std::type_index(typeid(T))) {
                v = std::move(stored);
                return *this;
            }
        }
        values_.emplace_back(std::type_index(typeid(T)), std::move(stored));
        return *this;
    }

    /// The value of type T, or null when none is attached.
    template <class T>
    [[nodiscard]] const T* get() const noexcept {
        for (const auto& [type, v] : values_) {
            if (type == std::type_index(typeid(T))) return static_cast<const T*>(v.get());
        }
        return nullptr;
    }

    [[nodiscard]] bool empty() const noexcept { return values_.empty(); }

private:
    std::vector<std::pair<std::type_index, std::shared_ptr<const void>>> values_;
};

}  // namespace tether::http
