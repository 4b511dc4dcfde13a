#include "load_recorder.hpp"
#include "loads.hpp"

#include <curl/curl.h>

#include <iostream>
#include <string>
#include <vector>

namespace tether::bench {

namespace {

using clock = load_recorder::clock;

// One request slot: an easy handle configured once and re-added after every
// completion, so curl reuses both the handle and its pooled connection.
struct slot {
    CURL* easy = nullptr;
    std::string body;
    clock::time_point started;
};

// The body is kept, as tether keeps it, so both pay for the copy.
std::size_t on_write(char* data, std::size_t size, std::size_t count, void* body) noexcept {
    static_cast<std::string*>(body)->append(data, size * count);
    return size * count;
}

// Deliberately no CURLOPT_ACCEPT_ENCODING: tether runs with decompress off.
CURL* make_easy(const bench_target& target, slot& s) {
    CURL* easy = curl_easy_init();
    if (!easy) return nullptr;
    curl_easy_setopt(easy, CURLOPT_URL, target.url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "curl-bench/0.1");
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_write);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &s.body);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &s);
    return easy;
}

class curl_load {
public:
    curl_load(const load_config& config, load_recorder& rec) : rec_(rec), slots_(std::size_t(config.concurrency)) {
        multi_ = curl_multi_init();
        for (auto& s : slots_) {
            s.easy = make_easy(config.target, s);
            if (s.easy) start(s);
        }
    }
    curl_load(const curl_load&) = delete;
    curl_load& operator=(const curl_load&) = delete;
    ~curl_load() {
        for (auto& s : slots_) {
            if (!s.easy) continue;
            curl_multi_remove_handle(multi_, s.easy);
            curl_easy_cleanup(s.easy);
        }
        curl_multi_cleanup(multi_);
    }

    // The whole event loop: perform, collect, wait for the sockets.
    void run() {
        while (in_flight_ > 0) {
            int running = 0;
            curl_multi_perform(multi_, &running);
            const bool restarted = collect();
            const auto now = clock::now();
            rec_.advance(now);
            if (now >= rec_.give_up_at()) {
                rec_.mark_stuck();
                std::cerr << "raw-curl: " << in_flight_ << " request(s) still in flight after the grace period\n";
                return;
            }
            // A re-added handle wants curl_multi_perform at once; polling
            // first would only cost a system call.
            if (!restarted && in_flight_ > 0) curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
        }
    }

private:
    void start(slot& s) {
        s.body.clear();
        s.started = clock::now();
        curl_multi_add_handle(multi_, s.easy);
        ++in_flight_;
    }

    // Records what completed and restarts its slot; true if any restarted.
    bool collect() {
        bool restarted = false;
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
            if (msg->msg != CURLMSG_DONE) continue;
            // msg dies with curl_multi_remove_handle: read it all first.
            CURL* easy = msg->easy_handle;
            const CURLcode code = msg->data.result;
            slot* s = nullptr;
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, &s);
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            const auto finished = clock::now();
            if (code != CURLE_OK) {
                rec_.failed(finished, std::string("raw-curl: ") + curl_easy_strerror(code));
            } else if (status != 200) {
                rec_.failed(finished, "raw-curl: HTTP status " + std::to_string(status));
            } else {
                rec_.succeeded(s->started, finished);
            }
            curl_multi_remove_handle(multi_, easy);
            --in_flight_;
            if (rec_.done()) continue;
            start(*s);
            restarted = true;
        }
        return restarted;
    }

    load_recorder& rec_;
    CURLM* multi_ = nullptr;
    std::vector<slot> slots_;
    int in_flight_ = 0;
};

}  // namespace

load_result run_raw_curl_load(const load_config& config) {
    load_recorder rec(config);
    {
        curl_load load(config, rec);
        load.run();
    }
    return rec.finish("raw-curl", config.concurrency);
}

}  // namespace tether::bench
