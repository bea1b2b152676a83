// SharedLabels: copy on write.
#include "rules/shared_labels.h"

#include <nlohmann/json.hpp>

namespace nagame::rules {

const Labels& SharedLabels::Empty() {
  static const Labels kEmpty;
  return kEmpty;
}

Labels& SharedLabels::Own() {
  if (!labels_) {
    labels_ = std::make_shared<Labels>();
  } else if (labels_.use_count() > 1) {
    labels_ = std::make_shared<Labels>(*labels_);
  }
  return *labels_;
}

void to_json(nlohmann::json& j, const SharedLabels& labels) { j = labels.get(); }

}  // namespace nagame::rules
