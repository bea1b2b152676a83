// One harness for every registered source: the same hostile inputs, and every mutation of each
// source's sample body, must give a valid delivery or a clear kInvalidArgument naming a field;
// never a crash, an exception or another code.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/config.h"
#include "bot/sources/source.h"
#include "tests/support/files.h"
#include "tests/support/webhook_request.h"

namespace nagame::bot {
namespace {

// A real body each source accepts, to mutate.
const std::map<std::string, std::string>& SampleBodies() {
  static const std::map<std::string, std::string> kSamples = {
      {"alertmanager", "alertmanager/mixed_firing_resolved_v034.json"},
      {"grafana", "grafana/two_firing_docs_example.json"},
      {"azure", "azure/log_alerts_v2_fired.json"},
      {"generic", "generic/batch_epoch.json"},
      {"newrelic", "newrelic/issue_activated.json"},
      {"pagerduty", "pagerduty/constructed_incident_acknowledged.json"},
  };
  return kSamples;
}

const Config& AllSources() {
  static const Config config = [] {
    auto c = LoadConfig(testing::FixturePath("sources/all_sources.yaml").string());
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? *c : Config();
  }();
  return config;
}

Result<rules::Delivery> Parse(const std::string& source, const std::string& body) {
  testing::OwnedWebhookRequest request(body, {}, {}, Time(std::chrono::seconds(1764900000)));
  return AllSources().sources.at(source)->Parse(request.get());
}

// Either a delivery that passes validation, or kInvalidArgument with a message and a field.
void ExpectCleanOutcome(const std::string& source, const std::string& body,
                        const std::string& what) {
  Result<rules::Delivery> got = Result<rules::Delivery>(Internal("not run"));
  try {
    got = Parse(source, body);
  } catch (const std::exception& e) {
    ADD_FAILURE() << source << " threw on " << what << ": " << e.what();
    return;
  }
  if (got.ok()) {
    EXPECT_TRUE(rules::ValidateDelivery(*got).ok()) << source << ": " << what;
    return;
  }
  EXPECT_EQ(got.status().code(), Code::kInvalidArgument) << source << ": " << what;
  EXPECT_FALSE(got.status().message().empty()) << source << ": " << what;
  EXPECT_FALSE(got.status().field().empty())
      << source << ": " << what << " -> " << got.status().message();
}

void ExpectRefused(const std::string& source, const std::string& body, const std::string& what) {
  auto got = Parse(source, body);
  ASSERT_FALSE(got.ok()) << source << " accepted " << what;
  EXPECT_EQ(got.status().code(), Code::kInvalidArgument) << source << ": " << what;
  EXPECT_FALSE(got.status().field().empty()) << source << ": " << what;
}

TEST(HostileInput, EveryRegisteredSourceIsCovered) {
  for (const std::string& name : SourceNames()) {
    EXPECT_TRUE(AllSources().sources.contains(name)) << name << " not in all_sources.yaml";
    EXPECT_TRUE(SampleBodies().contains(name)) << name << " has no sample body";
  }
}

TEST(HostileInput, MalformedBodiesAreRefusedWithAField) {
  const std::string deep_array = std::string(100000, '[') + std::string(100000, ']');
  const std::string deep_object = [] {
    std::string s;
    for (int i = 0; i < 10000; ++i) s += "{\"a\":";
    return s + "1" + std::string(10000, '}');
  }();
  std::string many = "[";
  for (int i = 0; i < 100000; ++i) many += i ? ",1" : "1";
  many += "]";
  const std::string mib(1 << 20, 'x');
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"empty", ""},
      {"not JSON", "alerts=1"},
      {"a string", "\"" + mib + "\""},
      {"a number", "12"},
      {"null", "null"},
      {"an array", "[]"},
      {"deep arrays", deep_array},
      {"deep objects", deep_object},
      {"100,000 numbers", "{\"alerts\":" + many + ",\"version\":\"4\"}"},
      {"invalid UTF-8", "{\"version\":\"\xff\xfe\",\"alerts\":[]}"},
      {"truncated", "{\"version\":\"4\",\"alerts\":[{"},
      {"NaN literal", "{\"version\":NaN}"},
      {"5,000 digits",
       "{\"version\":\"4\",\"alerts\":[],\"truncatedAlerts\":" + std::string(5000, '9') + "}"},
  };
  for (const std::string& source : SourceNames()) {
    for (const auto& [what, body] : bodies) ExpectRefused(source, body, what);
  }
}

// Every value in the sample, one at a time, replaced by each hostile value.
TEST(HostileInput, EveryFieldOfEverySampleSurvivesHostileValues) {
  const std::vector<nlohmann::json> hostile = {
      nullptr,
      true,
      -1,
      1e308,
      18446744073709551615u,
      "",
      std::string(1 << 20, 'x'),
      "NaN",
      "10000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "2026-02-30T25:61:61Z",
      nlohmann::json::array(),
      nlohmann::json::array({1, "a", nullptr}),
      nlohmann::json::object(),
      nlohmann::json::object({{"k", nlohmann::json::array()}}),
  };
  for (const auto& [source, fixture] : SampleBodies()) {
    const nlohmann::json sample = nlohmann::json::parse(testing::ReadFixture(fixture));
    ExpectCleanOutcome(source, sample.dump(), "the sample");
    const nlohmann::json flat = sample.flatten();
    std::vector<std::string> pointers;
    for (const auto& [pointer, value] : flat.items()) {
      pointers.push_back(pointer);
      // Parent containers too: replace whole objects and arrays.
      for (size_t slash = pointer.rfind('/'); slash != 0 && slash != std::string::npos;
           slash = pointer.rfind('/', slash - 1)) {
        pointers.push_back(pointer.substr(0, slash));
      }
    }
    std::sort(pointers.begin(), pointers.end());
    pointers.erase(std::unique(pointers.begin(), pointers.end()), pointers.end());
    for (const std::string& pointer : pointers) {
      const nlohmann::json::json_pointer at(pointer);
      if (sample[at.parent_pointer()].is_object()) {
        nlohmann::json removed = sample;
        removed[at.parent_pointer()].erase(at.back());
        ExpectCleanOutcome(source, removed.dump(), pointer + " removed");
      }
      for (const nlohmann::json& value : hostile) {
        nlohmann::json mutated = sample;
        mutated[at] = value;
        ExpectCleanOutcome(source, mutated.dump(), pointer + " = " + value.dump().substr(0, 40));
      }
    }
  }
}

}  // namespace
}  // namespace nagame::bot
