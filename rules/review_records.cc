// Names of verdicts and decision actions.
#include "rules/review_records.h"

#include <array>
#include <string_view>

namespace nagame::rules {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kActionable:
      return "actionable";
    case Verdict::kNoise:
      return "noise";
    case Verdict::kDuplicate:
      return "duplicate";
  }
  return "actionable";
}

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (Verdict v : {Verdict::kActionable, Verdict::kNoise, Verdict::kDuplicate}) {
    if (name == VerdictName(v)) return v;
  }
  return std::nullopt;
}

const char* DecisionActionName(DecisionAction a) {
  switch (a) {
    case DecisionAction::kKeep:
      return "keep";
    case DecisionAction::kTune:
      return "tune";
    case DecisionAction::kDelete:
      return "delete";
    case DecisionAction::kAdd:
      return "add";
    case DecisionAction::kTicket:
      return "ticket";
  }
  return "keep";
}

std::optional<DecisionAction> ParseDecisionAction(std::string_view name) {
  for (DecisionAction a : {DecisionAction::kKeep, DecisionAction::kTune, DecisionAction::kDelete,
                           DecisionAction::kAdd, DecisionAction::kTicket}) {
    if (name == DecisionActionName(a)) return a;
  }
  return std::nullopt;
}

}  // namespace nagame::rules
