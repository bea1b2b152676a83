// Deadline-bounded work on a pool, and response_url posting.
#include "bot/chat/command_runner.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace nagame::bot::chat {

namespace asio = boost::asio;

bool ResponseUrlBudget::TryUse(const std::string& url, Time now) {
  std::lock_guard lock(mu_);
  // Forget uses older than the lifetime, for every URL (keeps the map small).
  for (auto it = uses_.begin(); it != uses_.end();) {
    while (!it->second.empty() && it->second.front() <= now - kLifetime) it->second.pop_front();
    it = it->second.empty() ? uses_.erase(it) : std::next(it);
  }
  std::deque<Time>& uses = uses_[url];
  if (static_cast<int>(uses.size()) >= kMaxUses) return false;
  uses.push_back(now);
  return true;
}

CommandRunner::CommandRunner(int threads, net::HttpClientOptions client_options, Clock clock)
    : pool_(static_cast<size_t>(std::max(1, threads))),
      client_(std::move(client_options)),
      clock_(std::move(clock)) {}

CommandRunner::~CommandRunner() { pool_.join(); }

void CommandRunner::Drain() { pool_.join(); }

asio::awaitable<std::optional<std::string>> CommandRunner::RunWithBudget(
    std::function<std::string()> work, Duration budget, std::function<void(std::string)> late) {
  struct Shared {
    std::mutex mu;
    bool abandoned = false;  // the endpoint answered without the result
    std::optional<std::string> result;
  };
  auto shared = std::make_shared<Shared>();
  shared->abandoned = budget <= Duration::zero();  // no budget: always answered late
  auto executor = co_await asio::this_coro::executor;
  auto timer = std::make_shared<asio::steady_timer>(executor);
  timer->expires_after(std::chrono::duration_cast<asio::steady_timer::duration>(budget));
  // The work holds the timer weakly: a late answer may finish after the server's io_context,
  // whose timer service a timer's destructor calls, is gone (UBSan saw exactly that in
  // ChatServiceTest.SlowTeamsAnswerGoesToTheWorkflowWebhook).
  std::weak_ptr<asio::steady_timer> weak_timer = timer;
  asio::post(pool_, [shared, weak_timer, work = std::move(work), late = std::move(late)] {
    std::string result = work();
    std::unique_lock lock(shared->mu);
    if (shared->abandoned) {
      lock.unlock();
      if (late) late(std::move(result));
      return;
    }
    shared->result = std::move(result);
    lock.unlock();
    // Runs on the awaiting coroutine's strand, so after its async_wait has started. Without a
    // timer the coroutine has already returned (it found the result, or gave up).
    if (auto timer = weak_timer.lock()) {
      auto executor = timer->get_executor();
      asio::post(executor, [timer = std::move(timer)] { timer->cancel(); });
    }
  });
  if (shared->abandoned) co_return std::nullopt;
  co_await timer->async_wait(asio::as_tuple(asio::use_awaitable));
  std::lock_guard lock(shared->mu);
  if (shared->result) co_return std::move(shared->result);
  shared->abandoned = true;
  co_return std::nullopt;
}

Status CommandRunner::PostToResponseUrl(const std::string& response_url,
                                        const std::string& json_body) {
  if (!budget_.TryUse(response_url, clock_())) {
    return Status(Code::kFailedPrecondition, "response_url used 5 times in 30 minutes");
  }
  return PostJson(response_url, json_body);
}

Status CommandRunner::PostJson(const std::string& url, const std::string& json_body) {
  auto res = client_.Post(url, json_body, "application/json; charset=utf-8");
  if (!res.ok()) return res.status();
  if (res->status < 200 || res->status >= 300) {
    return Unavailable("the webhook answered HTTP " + std::to_string(res->status));
  }
  return Status::Ok();
}

}  // namespace nagame::bot::chat
