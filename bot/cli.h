// The nagame command line: serve, check-config, version.
#pragma once

namespace nagame::bot {

// Parses argv, runs the chosen subcommand and returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace nagame::bot
