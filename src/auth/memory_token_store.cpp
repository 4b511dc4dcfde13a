#include <tether/auth/token_store.hpp>

#include <mutex>

namespace tether::auth {

namespace {

class memory_store final : public token_store {
public:
    explicit memory_store(std::optional<token_set> initial) : tokens_(std::move(initial)) {}

    result<std::optional<token_set>> load() override {
        const std::lock_guard lock(mutex_);
        return tokens_;
    }
    result<void> save(const token_set& tokens) override {
        const std::lock_guard lock(mutex_);
        tokens_ = tokens;
        return {};
    }
    result<void> clear() override {
        const std::lock_guard lock(mutex_);
        tokens_.reset();
        return {};
    }

private:
    std::mutex mutex_;
    std::optional<token_set> tokens_;
};

}  // namespace

std::shared_ptr<token_store> memory_token_store(std::optional<token_set> initial) {
    return std::make_shared<memory_store>(std::move(initial));
}

}  // namespace tether::auth
