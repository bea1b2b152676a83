// RunOffThread: runs a blocking call (SQLite, rule files, upstream HTTP) on a worker pool and
// resumes the calling coroutine on its own executor with the result, so handlers never block
// an I/O thread.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <type_traits>
#include <utility>

namespace nagame::bot {

// Returns f()'s result; an exception f throws is rethrown in the caller (the server answers
// 500). REQUIRES: `pool` outlives the call.
template <typename F>
boost::asio::awaitable<std::invoke_result_t<F&>> RunOffThread(boost::asio::thread_pool& pool, F f) {
  std::optional<std::invoke_result_t<F&>> out;
  co_await boost::asio::co_spawn(
      pool.get_executor(),
      [&]() -> boost::asio::awaitable<void> {
        out.emplace(f());
        co_return;
      },
      boost::asio::use_awaitable);
  co_return std::move(*out);
}

}  // namespace nagame::bot
