// The chat commands (design §6) in ONE table, their parsing, and running one against the
// ReviewService. Every platform only turns its request into an Invocation and renders the
// resulting Answer; nothing here knows a platform.
//
// Input is untrusted: any text yields an Answer (help with "did you mean" for an unknown
// word, the usage line for missing arguments, the closest names for an unknown rule), never
// an exception or a crash. Text reaches the store only through ReviewService (bound
// parameters).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bot/chat/answer.h"
#include "rules/status.h"

namespace nagame::bot {
class ReviewService;
}

namespace nagame::bot::chat {

// Who typed what.
struct Invocation {
  std::string text;      // everything after the slash command, e.g. "rule PodRestartsHigh"
  std::string user;      // the platform's user name, for records; "" is recorded as "chat"
  std::string platform;  // "slack", "mattermost", "teams", "cli"
};

// What the commands run against.
struct CommandEnv {
  ReviewService* review = nullptr;  // REQUIRES: set
  std::string public_url;           // links to the web report; empty: no links
  std::string command_name = "/nagame";
  // Queues the weekly summary for posting to the configured destinations now (summary post)
  // and returns where it went ("slack, teams"). Empty: posting is not configured.
  std::function<Result<std::string>()> post_summary;
};

// A command line split into words, with the raw text after each word (for free text such as
// notes, which keep their spacing).
struct ParsedArgs {
  std::vector<std::string> words;  // after the command name
  std::vector<std::string> rests;  // rests[i]: the text from words[i] to the end, trimmed
  std::string RestFrom(size_t i) const { return i < rests.size() ? rests[i] : ""; }
};

struct CommandSpec {
  std::string_view name;   // "rule"
  std::string_view usage;  // "rule NAME"
  std::string_view help;   // one line: what it answers
  size_t min_args = 0;     // fewer words: the usage line is the answer
  Answer (*run)(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
};

// Every command, in the order `help` lists them.
std::span<const CommandSpec> Commands();

// The command named `name` (case-insensitive), or nullptr.
const CommandSpec* FindCommand(std::string_view name);

// Splits text after the command name into words.
ParsedArgs SplitArgs(std::string_view text);

// Runs `who.text`. Always returns an answer: help for "" or "help"; for an unknown first word
// the help with "did you mean"; the usage for missing arguments; errors from the store as a
// short sentence (an unavailable store asks to try again; internals are logged, not shown).
Answer RunCommand(const Invocation& who, CommandEnv& env);

// The help answer, with `lead` (e.g. "Unknown command “tpo”. Did you mean top?") first.
Answer HelpAnswer(std::string_view lead, const CommandEnv& env);

}  // namespace nagame::bot::chat
