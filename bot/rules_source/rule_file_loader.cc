// Rule files from disk: glob(3), read, ParseRuleFile; every bad file is reported.
#include "bot/rules_source/rule_file_loader.h"

#include <glob.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace nagame::bot {
namespace {

namespace fs = std::filesystem;

bool HasWildcard(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

// The paths `pattern` names, or a problem.
std::vector<std::string> Expand(const std::string& pattern, std::vector<std::string>& problems) {
  std::vector<std::string> paths;
  glob_t matches{};
  int rc = glob(pattern.c_str(), GLOB_ERR, nullptr, &matches);
  if (rc == 0) {
    for (size_t i = 0; i < matches.gl_pathc; ++i) paths.emplace_back(matches.gl_pathv[i]);
  } else if (rc == GLOB_NOMATCH) {
    if (!HasWildcard(pattern)) problems.push_back(pattern + ": no such file");
  } else {
    problems.push_back(
        pattern + ": cannot search: " +
        (rc == GLOB_NOSPACE ? std::string("out of memory") : std::string(std::strerror(errno))));
  }
  globfree(&matches);
  return paths;
}

// The bytes of `path`, or nullopt with `problem` set.
std::optional<std::string> Read(const std::string& path, std::string& problem) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec) {
    problem = path + ": cannot read: " + ec.message();
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    problem = path + ": is a directory, not a rule file";
    return std::nullopt;
  }
  uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxRuleFileBytes) {
    problem = path + ": larger than " + std::to_string(kMaxRuleFileBytes) + " bytes";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = path + ": cannot read: " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) {
    problem = path + ": cannot read: " + std::strerror(errno);
    return std::nullopt;
  }
  return out.str();
}

}  // namespace

Result<std::vector<rules::RuleFile>> LoadRuleFiles(const std::vector<std::string>& globs) {
  std::vector<rules::RuleFile> files;
  std::vector<std::string> problems;
  std::set<std::string> seen;
  for (const std::string& pattern : globs) {
    for (const std::string& path : Expand(pattern, problems)) {
      if (!seen.insert(path).second) continue;
      std::string problem;
      std::optional<std::string> text = Read(path, problem);
      if (!text) {
        problems.push_back(problem);
        continue;
      }
      Result<rules::RuleFile> file = rules::ParseRuleFile(*text, path);
      if (!file.ok()) {
        problems.push_back(file.status().message());
        continue;
      }
      files.push_back(std::move(*file));
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const std::string& p : problems) message += (message.empty() ? "" : "\n") + p;
    return InvalidArgument(std::move(message), "rule_files");
  }
  return files;
}

}  // namespace nagame::bot
