#include <tether/http/cache_store.hpp>

#include <list>
#include <mutex>
#include <unordered_map>

namespace tether::http {

std::size_t cached_response::size() const noexcept {
    std::size_t n = variant.size() + url.size() + body.size() + 64;
    for (const auto& f : headers) n += f.name.size() + f.value.size() + 4;
    return n;
}

namespace {

// Least recently used first; a key's variants are used and evicted together.
class memory_store final : public cache_store {
public:
    explicit memory_store(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    result<std::vector<std::shared_ptr<const cached_response>>> load(const std::string& key) override {
        const std::lock_guard lock(mutex_);
        auto it = index_.find(key);
        if (it == index_.end()) return std::vector<std::shared_ptr<const cached_response>>{};
        lru_.splice(lru_.end(), lru_, it->second);
        return it->second->variants;
    }

    result<void> save(const std::string& key, cached_response entry) override {
        const auto bytes = entry.size() + key.size();
        if (bytes > max_bytes_) return {};
        auto stored = std::make_shared<const cached_response>(std::move(entry));
        const std::lock_guard lock(mutex_);
        auto it = index_.find(key);
        if (it == index_.end()) {
            lru_.push_back(slot{key, {}, key.size()});
            it = index_.emplace(key, std::prev(lru_.end())).first;
            bytes_ += key.size();
        } else {
            lru_.splice(lru_.end(), lru_, it->second);
        }
        auto& s = *it->second;
        for (auto v = s.variants.begin(); v != s.variants.end(); ++v) {
            if ((*v)->variant != stored->variant) continue;
            forget(s, v);
            break;
        }
        s.bytes += stored->size();
        bytes_ += stored->size();
        s.variants.push_back(std::move(stored));
        evict_beyond_capacity();
        return {};
    }

    result<void> remove(const std::string& key) override {
        const std::lock_guard lock(mutex_);
        if (auto it = index_.find(key); it != index_.end()) drop(it->second);
        return {};
    }

    result<void> clear() override {
        const std::lock_guard lock(mutex_);
        lru_.clear();
        index_.clear();
        bytes_ = 0;
        return {};
    }

    cache_usage usage() const override {
        const std::lock_guard lock(mutex_);
        std::size_t entries = 0;
        for (const auto& s : lru_) entries += s.variants.size();
        return {entries, bytes_, max_bytes_};
    }

private:
    struct slot {
        std::string key;
        std::vector<std::shared_ptr<const cached_response>> variants;
        std::size_t bytes = 0;
    };
    using slot_iterator = std::list<slot>::iterator;

    void forget(slot& s, std::vector<std::shared_ptr<const cached_response>>::iterator v) {
        s.bytes -= (*v)->size();
        bytes_ -= (*v)->size();
        s.variants.erase(v);
    }

    void drop(slot_iterator it) {
        bytes_ -= it->bytes;
        index_.erase(it->key);
        lru_.erase(it);
    }

    void evict_beyond_capacity() {
        while (bytes_ > max_bytes_ && !lru_.empty()) drop(lru_.begin());
    }

    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::list<slot> lru_;
    std::unordered_map<std::string, slot_iterator> index_;
    std::size_t bytes_ = 0;
};

}  // namespace

std::shared_ptr<cache_store> memory_cache_store(std::size_t max_bytes) {
    return std::make_shared<memory_store>(max_bytes);
}

}  // namespace tether::http
