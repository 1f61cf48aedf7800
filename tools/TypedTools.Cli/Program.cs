// typedtools: the audit log's command line. All the work is in CliApp so that tests run it in-process.
return TypedTools.Cli.CliApp.Run(args, Console.Out, Console.Error);
