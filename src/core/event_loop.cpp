#include "event_loop.hpp"

namespace tether::detail {

std::shared_ptr<event_loop> event_loop::start() {
    std::shared_ptr<event_loop> loop(new event_loop());
    loop->thread_ = std::thread([self = loop] {
        self->context_.run();
        // The loop is only ever released from outside (join) or from this
        // thread (detached); either way the last reference may be this one.
    });
    return loop;
}

event_loop::~event_loop() {
    if (thread_.joinable()) thread_.detach();
}

bool event_loop::running_in_this_thread() const noexcept {
    return thread_.get_id() == std::this_thread::get_id();
}

void event_loop::release() noexcept {
    work_.reset();
    if (!thread_.joinable()) return;
    if (running_in_this_thread()) {
        thread_.detach();
    } else {
        thread_.join();
    }
}

}  // namespace tether::detail
