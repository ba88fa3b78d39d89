return RelayNovel.Cli.CliApp.Run(args);
