// nagame: entry point. Parses the command line and hands over to the CLI.
#include "bot/cli.h"

int main(int argc, char** argv) { return nagame::bot::RunCli(argc, argv); }
