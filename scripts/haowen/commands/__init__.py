"""One module per `haowen` subcommand: argparse options, calling the rooms that do the work, printing the result."""
