// Shared flags and runner of the review subcommands.
#include "bot/commands/review_cli.h"

#include <cstdio>
#include <filesystem>

#include "bot/commands/command.h"
#include "bot/config.h"
#include "bot/review/live_upstream.h"

namespace nagame::bot {
namespace {

int Fail(const Status& st, int code) {
  const std::string where = st.field().empty() ? "" : st.field() + ": ";
  std::fprintf(stderr, "nagame: %s%s\n", where.c_str(), st.message().c_str());
  return code;
}

int ExitCodeFor(const Status& st) {
  return st.code() == Code::kInvalidArgument ? kExitUsage : kExitFailure;
}

}  // namespace

void AddReviewOptions(CLI::App* app, ReviewCliOptions* o) {
  app->add_option("--config,-c", o->config, "Configuration file (YAML)");
  app->add_option("--from", o->from, "Window start: RFC 3339, 2026-W47, or 7d back from now");
  app->add_option("--to", o->to, "Window end: RFC 3339, 2026-W47, or a duration back from now");
  app->add_option("--format", o->format, "table, json or markdown");
  app->add_option("--now", o->now, "Evaluate as of this RFC 3339 time (default: the clock)");
}

int RunReviewCommand(const ReviewCliOptions& options, const ReviewRender& render) {
  auto format = ParseOutputFormat(options.format);
  if (!format.ok()) return Fail(format.status(), kExitUsage);
  auto config = LoadConfig(options.config);
  if (!config.ok()) return Fail(config.status(), kExitUsage);
  std::error_code ec;
  if (!std::filesystem::exists(config->database, ec)) {
    return Fail(Unavailable("no database at " + config->database), kExitFailure);
  }
  ReviewServiceOptions service_options;
  service_options.upstream = LiveUpstreamReader(*config);
  if (!options.now.empty()) {
    auto now = ParseRfc3339(options.now);
    if (!now.ok() || !now->has_value()) {
      return Fail(InvalidArgument("not an RFC 3339 time", "now"), kExitUsage);
    }
    service_options.clock = [t = **now] { return t; };
  }
  auto service = ReviewService::Create(std::move(config).value(), std::move(service_options));
  if (!service.ok()) return Fail(service.status(), ExitCodeFor(service.status()));
  auto window = (*service)->ParseWindow(options.from, options.to);
  if (!window.ok()) return Fail(window.status(), kExitUsage);
  auto text = render(**service, *window, *format);
  if (!text.ok()) return Fail(text.status(), ExitCodeFor(text.status()));
  std::fwrite(text->data(), 1, text->size(), stdout);
  return kExitOk;
}

}  // namespace nagame::bot
