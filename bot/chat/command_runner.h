// Runs chat work off the HTTP I/O threads with a deadline: an endpoint answers inline when the
// work is done in time (Slack needs its answer within 3 s), and otherwise acknowledges at once
// while the finished answer goes to the request's response_url later. response_url uses are
// limited as Slack and Mattermost limit them: at most 5 per URL within 30 minutes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "bot/net/http_client.h"
#include "rules/clock.h"
#include "rules/time.h"

namespace nagame::bot::chat {

// Counts response_url uses. Thread-safe.
class ResponseUrlBudget {
 public:
  static constexpr int kMaxUses = 5;
  static constexpr Duration kLifetime = std::chrono::minutes(30);

  // Records a use of `url` at `now` and returns true, unless it was already used kMaxUses
  // times within kLifetime before `now` (then false, nothing recorded).
  bool TryUse(const std::string& url, Time now);

 private:
  std::mutex mu_;
  std::map<std::string, std::deque<Time>> uses_;  // guarded by mu_
};

// A worker pool for chat commands and the client that posts late answers.
// Thread-safe. Destroying it waits for running work to finish.
class CommandRunner {
 public:
  // `threads` workers; `clock` stamps response_url uses.
  CommandRunner(int threads, net::HttpClientOptions client_options, Clock clock);
  ~CommandRunner();

  // Waits for every running command (and its late answer) to finish. Call it while the
  // executors the commands were awaited on still exist: a finishing command posts to them.
  // Afterwards nothing new runs.
  void Drain();

  // Runs `work` on a worker. Completes with its result when it finishes within `budget`;
  // otherwise completes with nullopt once `budget` has passed, and `late` is called on the
  // worker with the result when it is ready (a zero budget always goes this way, without
  // waiting). Must be awaited on a strand (the HTTP session's):
  // the wake-up is posted to the awaiting coroutine's executor.
  boost::asio::awaitable<std::optional<std::string>> RunWithBudget(
      std::function<std::string()> work, Duration budget, std::function<void(std::string)> late);

  // POSTs `json_body` to `response_url` when the budget allows. Returns OK when posted and
  // answered 2xx. Errors: kFailedPrecondition when the URL's 5 uses are spent; the client's
  // errors; kUnavailable for a non-2xx answer. Blocking: call it on a worker.
  Status PostToResponseUrl(const std::string& response_url, const std::string& json_body);

  // POSTs `json_body` to `url` (a webhook the config names). OK when answered 2xx; errors
  // as PostToResponseUrl's, without the 5-use limit. Blocking: call it on a worker.
  Status PostJson(const std::string& url, const std::string& json_body);

 private:
  boost::asio::thread_pool pool_;
  net::HttpClient client_;
  Clock clock_;
  ResponseUrlBudget budget_;
};

}  // namespace nagame::bot::chat
