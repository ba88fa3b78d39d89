return RelayNovel.Training.Cli.TrainCli.Run(args);
