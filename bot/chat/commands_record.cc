// The record commands: ack, decide, incident. Each validates its words, then hands a record to
// ReviewService (which checks names and lengths and stores it with bound parameters). Records
// are answered in the channel: the meeting sees what was recorded.
#include "bot/chat/command_runs.h"
#include "bot/chat/finding_text.h"
#include "bot/review/review_service.h"
#include "bot/review/window_spec.h"

namespace nagame::bot::chat::internal {
namespace {

// The answer to a stored record, visible to the channel.
Answer Recorded(std::string title, std::string note) {
  Answer a = Say(std::move(title), std::move(note));
  a.in_channel = true;
  return a;
}

// kNotFound from a record means the rule is unknown: answer with the closest names.
Answer RecordError(const Status& status, const std::string& rule, const char* command,
                   CommandEnv& env) {
  if (status.code() == Code::kNotFound) return UnknownRuleAnswer(rule, env);
  return ErrorAnswer(status, command);
}

}  // namespace

Answer RunAck(const ParsedArgs& args, const Invocation& who, CommandEnv& env) {
  rules::Ack ack;
  ack.rule = args.words[0];
  ack.note = args.RestFrom(1);
  ack.user = Author(who);
  auto stored = env.review->RecordAck(std::move(ack));
  if (!stored.ok()) return RecordError(stored.status(), args.words[0], "ack", env);
  return Recorded(stored->user + " acked " + stored->rule, stored->note);
}

Answer RunDecide(const ParsedArgs& args, const Invocation& who, CommandEnv& env) {
  auto action = rules::ParseDecisionAction(args.words[1]);
  if (!action) {
    return Say(
        "Usage: " + env.command_name + " decide NAME keep|tune|delete|add|ticket [note]",
        "“" + args.words[1].substr(0, 32) + "” is not one of keep, tune, delete, add, ticket.");
  }
  rules::Decision decision;
  decision.rule = args.words[0];
  decision.action = *action;
  decision.note = args.RestFrom(2);
  decision.author = Author(who);
  auto stored = env.review->RecordDecision(std::move(decision));
  if (!stored.ok()) return RecordError(stored.status(), args.words[0], "decide", env);
  return Recorded("Decision recorded: " + std::string(rules::DecisionActionName(stored->action)) +
                      " " + stored->rule + " (" + LocalMonthDay(stored->at, env.review->zone()) +
                      ", " + stored->author + ")",
                  stored->note);
}

Answer RunIncident(const ParsedArgs& args, const Invocation& who, CommandEnv& env) {
  rules::Incident incident;
  incident.service = args.words[0];
  incident.text = args.RestFrom(1);
  incident.author = Author(who);
  auto stored = env.review->RecordIncident(std::move(incident));
  if (!stored.ok()) return ErrorAnswer(stored.status(), "incident");
  return Recorded("Incident recorded for " + stored->service + " by " + stored->author,
                  stored->text);
}

}  // namespace nagame::bot::chat::internal
