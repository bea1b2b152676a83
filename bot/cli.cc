// Subcommands of the nagame binary (CLI11).
#include "bot/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "bot/app.h"
#include "bot/commands/command.h"
#include "bot/config.h"
#include "bot/log.h"

namespace nagame::bot {

int RunCli(int argc, char** argv) {
  CLI::App cli{"Nagame: alert hygiene and review bot"};
  cli.require_subcommand(1);

  std::string config_path = "nagame.yaml";
  auto* serve = cli.add_subcommand("serve", "Run the webhook/API service");
  serve->add_option("--config,-c", config_path, "Configuration file (YAML)");

  std::string check_path;
  auto* check = cli.add_subcommand("check-config", "Validate a configuration file and exit");
  check->add_option("file", check_path, "Configuration file (YAML)")->required();

  auto* version = cli.add_subcommand("version", "Print the version");

  const Command commands[] = {AddInventoryCommand(cli), AddSuggestCommand(cli), AddLintCommand(cli),
                              AddSummaryCommand(cli), AddSeedDemoCommand(cli)};

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);  // prints help or the error
    return code == 0 ? 0 : kExitUsage;
  }
  for (const Command& c : commands) {
    if (c.app->parsed()) return c.run();
  }

  if (serve->parsed()) {
    auto config = LoadConfig(config_path);
    if (!config.ok()) {
      std::fprintf(stderr, "nagame: %s\n", config.status().message().c_str());
      return 2;
    }
    return App(std::move(config).value()).Serve();
  }
  if (check->parsed()) {
    Status st = CheckConfigFile(check_path);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.message().c_str());
      return 1;
    }
    std::printf("%s: OK\n", check_path.c_str());
    return 0;
  }
  if (version->parsed()) {
    std::printf("nagame 0.1.0\n");
    return 0;
  }
  return 2;
}

}  // namespace nagame::bot
