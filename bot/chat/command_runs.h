// The bodies of the chat commands, one function each; the table in command.cc names them.
// Internal to bot/chat.
#pragma once

#include "bot/chat/command.h"

namespace nagame::bot::chat::internal {

// Read commands (commands_review.cc).
Answer RunInventory(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
Answer RunTop(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
Answer RunNoisy(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
Answer RunStale(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
Answer RunMissing(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
Answer RunRule(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
// Record commands (commands_record.cc).
Answer RunAck(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
Answer RunDecide(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
Answer RunIncident(const ParsedArgs& args, const Invocation& who, CommandEnv& env);
// summary [preview|post] (commands_summary.cc).
Answer RunSummary(const ParsedArgs& args, const Invocation& who, CommandEnv& env);

// A one-section answer saying `text`.
Answer Say(std::string title, std::string text = {});
// The answer for a failed store call: kInvalidArgument and kNotFound say their message;
// kUnavailable asks to try again; anything else is logged (with `command`) and answered
// generically.
Answer ErrorAnswer(const Status& status, std::string_view command);
// "No rule called X. Did you mean A or B?" from the known rule names.
Answer UnknownRuleAnswer(const std::string& typed, CommandEnv& env);
// `user`, or "chat" when empty.
std::string Author(const Invocation& who);
// env.public_url + path, or "" without a public URL.
std::string ReportLink(const CommandEnv& env, const std::string& path = "/report");

}  // namespace nagame::bot::chat::internal
