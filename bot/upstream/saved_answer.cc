// ReadSavedAnswer: a file holding a JSON (or YAML) answer, parsed defensively.
#include "bot/upstream/saved_answer.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <yaml-cpp/yaml.h>

#include "bot/config/reader.h"
#include "bot/sources/json_input.h"

namespace nagame::bot {
namespace {

// Deeper YAML is refused, as JSON is by json_input::Parse.
constexpr int kMaxYamlDepth = json_input::kMaxDepth;

Result<nlohmann::json> YamlToJson(const YAML::Node& node, int depth) {
  if (depth > kMaxYamlDepth) return InvalidArgument("nested deeper than 64 levels");
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nlohmann::json();
    case YAML::NodeType::Scalar: {
      // Quoted ("!") or explicitly tagged: a string, as in the config.
      if (node.Tag() != "?") return nlohmann::json(node.Scalar());
      return config::PlainScalarJson(node.Scalar());
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const YAML::Node& item : node) {
        NAGAME_ASSIGN_OR_RETURN(nlohmann::json v, YamlToJson(item, depth + 1));
        out.push_back(std::move(v));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) return InvalidArgument("a mapping key is not a string");
        NAGAME_ASSIGN_OR_RETURN(nlohmann::json v, YamlToJson(kv.second, depth + 1));
        out[kv.first.Scalar()] = std::move(v);
      }
      return out;
    }
  }
  return nlohmann::json();
}

}  // namespace

Result<nlohmann::json> ReadSavedAnswer(const std::string& path, bool yaml_too) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unavailable(path + ": cannot read: " + std::strerror(errno));
  std::string text(kMaxSavedAnswerBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (in.bad()) return Unavailable(path + ": cannot read: " + std::strerror(errno));
  if (text.size() > kMaxSavedAnswerBytes) {
    return Unavailable(path + ": larger than " + std::to_string(kMaxSavedAnswerBytes) + " bytes");
  }
  const size_t first = text.find_first_not_of(" \t\r\n");
  const bool looks_json = first != std::string::npos && (text[first] == '{' || text[first] == '[');
  if (looks_json || !yaml_too) {
    auto json = json_input::Parse(text);
    if (!json.ok()) return Unavailable(path + ": malformed answer: " + json.status().message());
    return std::move(json).value();
  }
  try {
    auto json = YamlToJson(YAML::Load(text), 0);
    if (!json.ok()) return Unavailable(path + ": malformed answer: " + json.status().message());
    return std::move(json).value();
  } catch (const YAML::Exception& e) {
    return Unavailable(path + ": malformed answer: invalid YAML at line " +
                       std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Status ForEachSavedPage(
    const std::string& path,
    const std::function<Status(const nlohmann::json& answer, const std::string& where)>& page) {
  nlohmann::json saved;
  NAGAME_ASSIGN_OR_RETURN(saved, ReadSavedAnswer(path, /*yaml_too=*/false));
  if (!saved.is_array()) return page(saved, path);
  for (size_t i = 0; i < saved.size(); ++i) {
    NAGAME_RETURN_IF_ERROR(page(saved[i], path + "[" + std::to_string(i) + "]"));
  }
  return Status::Ok();
}

}  // namespace nagame::bot
