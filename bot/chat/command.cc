// The command table, word splitting, help and dispatch.
#include "bot/chat/command.h"

#include <algorithm>
#include <cctype>
#include <exception>

#include "bot/chat/command_runs.h"
#include "bot/log.h"
#include "bot/review/review_service.h"
#include "bot/text/did_you_mean.h"

namespace nagame::bot::chat {
namespace {

using namespace internal;  // NOLINT: the command bodies

Answer RunHelp(const ParsedArgs&, const Invocation&, CommandEnv& env) {
  return HelpAnswer("", env);
}

constexpr CommandSpec kCommands[] = {
    {"help", "help", "this list", 0, RunHelp},
    {"inventory", "inventory [7d|2w|2026-W47]", "every rule's episodes, durations and acks", 0,
     RunInventory},
    {"top", "top [N]", "the N rules that fired most (default 5)", 0, RunTop},
    {"noisy", "noisy", "noisy rules with their fix and replay", 0, RunNoisy},
    {"stale", "stale", "rules that never fire, are stuck, or are silenced for good", 0, RunStale},
    {"missing", "missing", "alerts that should exist", 0, RunMissing},
    {"rule", "rule NAME", "one rule: volume, checks, fixes, decisions", 1, RunRule},
    {"ack", "ack NAME [note]", "record that you looked at a rule's firing", 1, RunAck},
    {"decide", "decide NAME keep|tune|delete|add|ticket [note]", "record the meeting's decision", 2,
     RunDecide},
    {"incident", "incident SERVICE TEXT", "record something that hurt users", 2, RunIncident},
    {"summary", "summary [preview|post]", "the weekly summary: show it to you, or post it now", 0,
     RunSummary},
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::span<const CommandSpec> Commands() { return kCommands; }

const CommandSpec* FindCommand(std::string_view name) {
  const std::string lower = Lower(name);
  for (const CommandSpec& c : kCommands) {
    if (c.name == lower) return &c;
  }
  return nullptr;
}

ParsedArgs SplitArgs(std::string_view text) {
  ParsedArgs out;
  size_t i = 0;
  while (true) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i >= text.size()) break;
    size_t end = i;
    while (end < text.size() && !IsSpace(text[end])) ++end;
    out.words.emplace_back(text.substr(i, end - i));
    out.rests.emplace_back(Trim(text.substr(i)));
    i = end;
  }
  return out;
}

Answer HelpAnswer(std::string_view lead, const CommandEnv& env) {
  Answer a;
  a.title = "Nagame commands";
  if (!lead.empty()) a.sections.push_back({.lines = {std::string(lead)}});
  Section list;
  for (const CommandSpec& c : kCommands) {
    list.lines.push_back(env.command_name + " " + std::string(c.usage) + " — " +
                         std::string(c.help));
  }
  a.sections.push_back(std::move(list));
  a.link = ReportLink(env);
  a.link_label = a.link.empty() ? "" : "Web report";
  return a;
}

Answer RunCommand(const Invocation& who, CommandEnv& env) {
  ParsedArgs all = SplitArgs(who.text);
  if (all.words.empty()) return HelpAnswer("", env);
  const CommandSpec* spec = FindCommand(all.words[0]);
  if (spec == nullptr) {
    std::vector<std::string> names;
    for (const CommandSpec& c : kCommands) names.emplace_back(c.name);
    const std::string typed = all.words[0].substr(0, 64);
    std::string lead = "Unknown command “" + typed + "”.";
    auto close = ClosestNames(typed, names, 2);
    if (!close.empty()) lead += " Did you mean " + JoinAlternatives(close) + "?";
    return HelpAnswer(lead, env);
  }
  ParsedArgs args;
  args.words.assign(all.words.begin() + 1, all.words.end());
  args.rests.assign(all.rests.begin() + 1, all.rests.end());
  if (args.words.size() < spec->min_args) {
    return Say("Usage: " + env.command_name + " " + std::string(spec->usage),
               std::string(spec->help));
  }
  try {
    return spec->run(args, who, env);
  } catch (const std::exception& e) {
    LogError("chat_command_exception", {{"command", spec->name}, {"error", e.what()}});
    return Say("Something went wrong answering “" + std::string(spec->name) + "”.",
               "It was logged; please try again.");
  }
}

namespace internal {

Answer Say(std::string title, std::string text) {
  Answer a;
  a.title = std::move(title);
  if (!text.empty()) a.sections.push_back({.lines = {std::move(text)}});
  return a;
}

Answer ErrorAnswer(const Status& status, std::string_view command) {
  switch (status.code()) {
    case Code::kInvalidArgument:
    case Code::kNotFound:
    case Code::kFailedPrecondition:
      return Say(status.message());
    case Code::kUnavailable:
      LogWarn("chat_command_unavailable", {{"command", command}, {"error", status.ToString()}});
      return Say("The alert history is not available right now.", "Please try again in a minute.");
    default:
      LogError("chat_command_failed", {{"command", command}, {"error", status.ToString()}});
      return Say("Something went wrong answering “" + std::string(command) + "”.",
                 "It was logged; please try again.");
  }
}

Answer UnknownRuleAnswer(const std::string& typed, CommandEnv& env) {
  const std::string shown = typed.substr(0, kMaxRecordName);
  auto names = env.review->RuleNames();
  if (!names.ok()) return ErrorAnswer(names.status(), "rule");
  auto close = ClosestNames(shown, *names);
  std::string text = "No rule called " + shown + ".";
  if (!close.empty()) text += " Did you mean " + JoinAlternatives(close) + "?";
  return Say(text);
}

std::string Author(const Invocation& who) { return who.user.empty() ? "chat" : who.user; }

std::string ReportLink(const CommandEnv& env, const std::string& path) {
  return env.public_url.empty() ? "" : env.public_url + path;
}

}  // namespace internal
}  // namespace nagame::bot::chat
