#include "sandbox_chaos.hpp"

#include "sandbox_common.hpp"

namespace tether::testing::detail {

namespace {

using std::chrono::milliseconds;

mock_response unavailable() {
    // No Retry-After: the client's own backoff decides (a benchmark
    // measures the client, not the server's advice).
    return problem(503, "Service Unavailable", "a fault drawn from the sandbox's fault mix (POST /admin/faults)");
}

// Closed without a byte of answer, as /drop.
mock_response dropped() {
    return mock_response().raw("");
}

}  // namespace

mock_response chaos_backend::item(const recorded_request& req) {
    const std::string& id = req.params.at("id");
    std::lock_guard lock(mutex_);
    ++counters_.requests;
    switch (dice_.draw()) {
        case fault::unavailable: ++counters_.faults_503; return unavailable();
        case fault::drop: ++counters_.dropped; return dropped();
        case fault::slow: {
            ++counters_.slowed;
            auto r = mock_response::json(json::object{{"id", id}, {"name", "item " + id}});
            return r.delay(dice_.mix().slow_delay);
        }
        case fault::none: break;
    }
    return mock_response::json(json::object{{"id", id}, {"name", "item " + id}});
}

mock_response chaos_backend::order(const recorded_request& req) {
    const auto processing_ms = to_int(req.query_param("processing_ms").value_or("0"));
    if (!processing_ms || *processing_ms < 0 || *processing_ms > 10'000) {
        return problem(400, "Bad Request", "processing_ms must be 0 to 10000");
    }
    auto processing = milliseconds(*processing_ms);
    std::lock_guard lock(mutex_);
    ++counters_.requests;
    bool drop_after_effect = false;
    switch (dice_.draw()) {
        case fault::unavailable: ++counters_.faults_503; return unavailable();
        case fault::drop:
            ++counters_.dropped;
            // Half before the order is applied, half after: then the answer
            // is lost although the effect happened, and only an idempotency
            // key lets a retry find out.
            if (dice_.coin()) return dropped();
            drop_after_effect = true;
            break;
        case fault::slow:
            ++counters_.slowed;
            processing = std::max(processing, dice_.mix().slow_delay);
            break;
        case fault::none: break;
    }
    const auto applied_before = counters_.orders_applied;
    auto answer = place(req, processing);
    if (drop_after_effect) {
        if (counters_.orders_applied != applied_before) ++counters_.dropped_after_effect;
        return dropped().delay(processing);
    }
    return answer.delay(processing);
}

mock_response chaos_backend::place(const recorded_request& req, milliseconds processing) {
    auto body = parse_body(req);
    const json::value* id = body && body->is_object() ? body->get_object().if_contains("client_order_id") : nullptr;
    if (!id || !id->is_string() || id->get_string().empty()) {
        json::array errors;
        errors.push_back(field_error("client_order_id", "is required: a non-empty string unique to the order"));
        return problem(422, "Validation failed", "the order has no client_order_id", std::move(errors));
    }
    const auto now = idempotency_keys::clock::now();
    const auto key = req.headers.get("Idempotency-Key");
    if (key) {
        auto seen = keys_.find(std::string(*key), req.body, now);
        if (seen.outcome != idempotency_keys::verdict::fresh) ++counters_.repeated_keys;
        switch (seen.outcome) {
            case idempotency_keys::verdict::mismatch:
                ++counters_.key_mismatches;
                return problem(422, "Unprocessable Content", "this Idempotency-Key was used with another body");
            case idempotency_keys::verdict::in_flight:
                ++counters_.key_conflicts;
                return problem(409, "Conflict", "a request with this Idempotency-Key is still being processed");
            case idempotency_keys::verdict::replay: {
                auto again = *seen.first;
                return again.header("Idempotent-Replayed", "true");
            }
            case idempotency_keys::verdict::fresh: break;
        }
    }
    const std::string client_order_id(id->get_string());
    const auto order_id = next_order_++;
    ++counters_.orders_applied;
    if (!applied_.insert(client_order_id).second) ++counters_.duplicated_effects;
    auto created = mock_response::json(json::object{{"order_id", order_id}, {"client_order_id", client_order_id}}, 201);
    created.header("Location", "/chaos/orders/" + std::to_string(order_id));
    if (key) keys_.remember(std::string(*key), req.body, created, now + processing);
    return created;
}

void chaos_backend::mix(sandbox_fault_mix mix) {
    fault_dice fresh(mix);  // validates before anything changes
    std::lock_guard lock(mutex_);
    dice_ = fresh;
}

sandbox_fault_mix chaos_backend::mix() const {
    std::lock_guard lock(mutex_);
    return dice_.mix();
}

sandbox_effects chaos_backend::effects() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

mock_response chaos_backend::post_faults(const recorded_request& req) {
    auto body = parse_body(req);
    std::string why = "the body is not valid JSON";
    auto parsed = body ? mix_from_json(*body, why) : std::nullopt;
    if (!parsed) return problem(422, "Validation failed", why);
    mix(*parsed);
    return faults();
}

mock_response chaos_backend::faults() const {
    return mock_response::json(to_json(mix()));
}

mock_response chaos_backend::effects_json() const {
    const auto e = effects();
    return mock_response::json(json::object{{"requests", e.requests},
                                            {"faults_503", e.faults_503},
                                            {"dropped", e.dropped},
                                            {"dropped_after_effect", e.dropped_after_effect},
                                            {"slowed", e.slowed},
                                            {"orders_applied", e.orders_applied},
                                            {"repeated_keys", e.repeated_keys},
                                            {"duplicated_effects", e.duplicated_effects},
                                            {"key_conflicts", e.key_conflicts},
                                            {"key_mismatches", e.key_mismatches}});
}

}  // namespace tether::testing::detail
