// SharedLabels: a label set that the episodes of one alert instance share instead of copying.
// A month's review holds ~150k episodes of ~50k instances; each used to carry its own copy of
// its instance's labels and annotations (a std::map each: allocations, copies and frees).
//
// Reads go to one immutable Labels (the const interface of std::map, or the Labels itself
// through get() or the implicit conversion). Copying shares it. Writing (operator[], assigning
// a new set) makes this object's own copy first when the set is shared, so a write is never
// seen through another SharedLabels. Thread safety: as std::shared_ptr; concurrent reads of a
// shared set are safe, writes to one object need the usual exclusion.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "rules/alert_event.h"

namespace nagame::rules {

class SharedLabels {
 public:
  using const_iterator = Labels::const_iterator;
  using value_type = Labels::value_type;

  SharedLabels() = default;
  SharedLabels(Labels labels)  // NOLINT(google-explicit-constructor): a Labels is one
      : labels_(std::make_shared<Labels>(std::move(labels))) {}
  SharedLabels(std::initializer_list<value_type> init) : SharedLabels(Labels(init)) {}

  const Labels& get() const { return labels_ ? *labels_ : Empty(); }
  operator const Labels&() const { return get(); }  // NOLINT(google-explicit-constructor)

  const_iterator begin() const { return get().begin(); }
  const_iterator end() const { return get().end(); }
  const_iterator find(const std::string& key) const { return get().find(key); }
  size_t count(const std::string& key) const { return get().count(key); }
  bool contains(const std::string& key) const { return get().contains(key); }
  const std::string& at(const std::string& key) const { return get().at(key); }
  size_t size() const { return get().size(); }
  bool empty() const { return get().empty(); }

  // The value of `key` to write, inserted when absent (copy on write).
  std::string& operator[](const std::string& key) { return Own()[key]; }

  friend bool operator==(const SharedLabels& a, const SharedLabels& b) {
    return a.labels_ == b.labels_ || a.get() == b.get();
  }
  // As JSON: the object a Labels is (found by nlohmann through ADL).
  friend void to_json(nlohmann::json& j, const SharedLabels& labels);

 private:
  static const Labels& Empty();
  Labels& Own();

  std::shared_ptr<Labels> labels_;  // null: empty; never written while shared
};

}  // namespace nagame::rules
