#pragma once
/// @file
/// `tether::task<T>`: what a suspending function returns.

#include <boost/asio/awaitable.hpp>

namespace tether {

/// A coroutine that produces a `T`; `co_await` it from another task.
/// It runs on the executor of the coroutine that awaits it.
template <class T>
using task = boost::asio::awaitable<T>;

}  // namespace tether
