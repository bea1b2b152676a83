// Reads, validates and summarises the YAML config: the root mapping and its dispatch to the
// section loaders (bot/config/*_section*.cc, each source's and chat platform's own loader).
#include "bot/config.h"

#include <glob.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "bot/chat/platform.h"
#include "bot/config/sections.h"
#include "bot/sources/source.h"

namespace nagame::bot {
namespace {

namespace fs = std::filesystem;
using config::Entry;
using config::Problem;
using config::Quoted;
using config::ReadWholeFile;

// The top-level keys and their loaders. Sections are read in file order (so problems are
// reported in file order), except those marked `last`: `summary` refers to chat platforms, so
// it is read after every other section.
struct Section {
  const char* key;
  config::SectionLoader load;
  bool last = false;
};
constexpr Section kSections[] = {
    {"listen", &config::LoadListen},
    {"database", &config::LoadDatabase},
    {"timezone", &config::LoadTimezone},
    {"public_url", &config::LoadPublicUrl},
    {"sources", &config::LoadSources},
    {"prometheus", &config::LoadPrometheus},
    {"alertmanager", &config::LoadAlertmanager},
    {"rule_files", &config::LoadRuleFiles},
    {"newrelic", &config::LoadNewRelic},
    {"grafana", &config::LoadGrafana},
    {"azure", &config::LoadAzure},
    {"chat", &config::LoadChat},
    {"summary", &config::LoadSummary, /*last=*/true},
    {"checks", &config::LoadChecks},
    {"watch", &config::LoadWatch},
    {"server", &config::LoadServer},
    {"ingest", &config::LoadIngest},
    {"tls", &config::LoadTls},
    {"api", &config::LoadApi},
};

config::Loaded Load(config::Reader& reader, std::string_view yaml_text) {
  config::Loaded loaded;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    reader.AddAt(e.mark, "", "invalid YAML: " + e.msg);
    return loaded;
  }
  try {
    std::vector<std::string> keys;
    for (const Section& s : kSections) keys.emplace_back(s.key);
    auto entries = reader.Map(root, config::Where{YAML::Mark(), ""}, &keys);
    if (!entries) return loaded;
    for (bool last : {false, true}) {
      for (const Entry& e : *entries) {
        const Section& s = *std::find_if(std::begin(kSections), std::end(kSections),
                                         [&](const Section& s) { return e.key == s.key; });
        if (s.last == last) s.load(reader, e, loaded);
      }
    }
  } catch (const YAML::Exception& e) {
    // Not expected: the walk checks node types before using them.
    reader.AddAt(e.mark, "", "cannot read this part of the config");
  }
  return loaded;
}

std::string FormatProblem(const std::string& origin, const Problem& p) {
  int line = p.mark.is_null() ? 1 : std::max(p.mark.line + 1, 1);
  int column = p.mark.is_null() ? 1 : std::max(p.mark.column + 1, 1);
  std::string out = origin + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (!p.path.empty()) out += p.path + ": ";
  return out + p.text;
}

// All problems as one kInvalidArgument, or OK when there are none.
Status ToStatus(const std::string& origin, const std::vector<Problem>& problems) {
  if (problems.empty()) return Status::Ok();
  std::string message;
  for (const Problem& p : problems) {
    if (!message.empty()) message += "\n";
    message += FormatProblem(origin, p);
  }
  return InvalidArgument(std::move(message), problems.front().path);
}

fs::path BaseDir(std::string_view origin) { return fs::path(origin).parent_path(); }

Result<std::string> ReadConfigText(const std::string& path) {
  std::string problem;
  auto text = ReadWholeFile(path, problem);
  if (!text) return NotFound("cannot read config file " + Quoted(path) + ": " + problem);
  return std::move(*text);
}

// glob(3) error callback: a directory that does not exist just matches nothing; any other
// error (such as a permission problem) stops the search and is reported.
thread_local int g_glob_errno = 0;
int OnGlobError(const char* /*path*/, int error) {
  if (error == ENOENT || error == ENOTDIR) return 0;
  g_glob_errno = error;
  return 1;
}

// Problems of one rule file: it must parse as YAML. Positions are in that file.
void CheckRuleFile(const std::string& path, std::vector<std::string>& out) {
  std::string problem;
  auto text = ReadWholeFile(path, problem);
  if (!text) {
    out.push_back(path + ": cannot read: " + problem);
    return;
  }
  try {
    YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    out.push_back(FormatProblem(path, Problem{e.mark, "", "invalid YAML: " + e.msg}));
  }
}

}  // namespace

std::string ListenAddress::ToString() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

Result<Config> ParseConfig(std::string_view yaml_text, std::string_view origin) {
  config::Reader reader(BaseDir(origin));
  config::Loaded loaded = Load(reader, yaml_text);
  if (!reader.problems().empty()) return ToStatus(std::string(origin), reader.problems());
  return std::move(loaded.config);
}

Result<Config> LoadConfig(const std::string& path) {
  auto text = ReadConfigText(path);
  if (!text.ok()) return text.status();
  return ParseConfig(*text, path);
}

Status CheckConfigFile(const std::string& path) {
  auto text = ReadConfigText(path);
  if (!text.ok()) return text.status();
  config::Reader reader(BaseDir(path));
  config::Loaded loaded = Load(reader, *text);
  std::vector<std::string> lines;
  for (const Problem& p : reader.problems()) lines.push_back(FormatProblem(path, p));
  for (const config::RulePattern& r : loaded.rule_patterns) {
    glob_t matches{};
    g_glob_errno = 0;
    int rc = glob(r.pattern.c_str(), 0, OnGlobError, &matches);
    if (rc == GLOB_NOMATCH) {
      lines.push_back(
          FormatProblem(path, Problem{r.where.mark, r.where.path,
                                      "pattern " + Quoted(r.pattern) + " matches no file"}));
    } else if (rc != 0) {
      lines.push_back(
          FormatProblem(path, Problem{r.where.mark, r.where.path,
                                      "cannot search for " + Quoted(r.pattern) + ": " +
                                          std::strerror(g_glob_errno != 0 ? g_glob_errno : EIO)}));
    } else {
      for (size_t i = 0; i < matches.gl_pathc; ++i) CheckRuleFile(matches.gl_pathv[i], lines);
    }
    globfree(&matches);
  }
  if (lines.empty()) return Status::Ok();
  std::string message;
  for (const std::string& line : lines) message += (message.empty() ? "" : "\n") + line;
  std::string field = reader.problems().empty() ? "rule_files" : reader.problems().front().path;
  return InvalidArgument(std::move(message), std::move(field));
}

std::string RedactedSummary(const Config& c) {
  using nlohmann::json;
  auto seconds = [](Duration d) { return FormatDuration(d); };
  auto credentials = config::RedactedCredentials;
  json sources = json::object();
  for (const auto& [name, source] : c.sources) sources[name] = source->Describe();
  json chat = json::object();
  for (const auto& [name, platform] : c.chat) chat[name] = platform->Describe();
  json watch = json::array();
  for (const WatchQuery& w : c.watch) watch.push_back(w.name);
  json checks = json::object();
  for (const auto& [id, options] : c.checks.options) checks[id] = options;
  json out = {
      {"listen", c.listen.ToString()},
      {"database", c.database},
      {"timezone", c.timezone},
      {"public_url", config::WithoutUserinfo(c.public_url)},
      {"sources", sources},
      {"prometheus", config::WithoutUserinfo(c.prometheus.url)},
      {"alertmanager", config::WithoutUserinfo(c.alertmanager.url)},
      {"rule_files", c.rule_files},
      {"newrelic", config::RedactedNewRelic(c.newrelic)},
      {"grafana", config::RedactedGrafana(c.grafana)},
      {"azure", config::RedactedAzure(c.azure)},
      {"chat", chat},
      {"summary", {{"schedule", c.summary.schedule}, {"post_to", c.summary.post_to}}},
      {"tls", {{"ca_file", c.tls.ca_file}}},
      {"api", c.api ? credentials(*c.api) : json({{"auth", "open"}})},
      {"trusted_proxies", c.trusted_proxies},
      {"checks", {{"options", checks}, {"disabled", c.checks.disabled}}},
      {"watch", watch},
      {"server",
       {{"body_limit", c.server.body_limit},
        {"read_timeout", seconds(c.server.read_timeout)},
        {"idle_timeout", seconds(c.server.idle_timeout)},
        {"shutdown_grace", seconds(c.server.shutdown_grace)},
        {"threads", c.server.threads}}},
      {"ingest",
       {{"expire_after", seconds(c.ingest.expire_after)},
        {"max_batch", c.ingest.max_batch},
        {"queue_limit", c.ingest.queue_limit},
        {"apply_budget", seconds(c.ingest.apply_budget)}}},
  };
  // Config values are the file's bytes, which need not be UTF-8: replaced, never thrown on.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace nagame::bot
