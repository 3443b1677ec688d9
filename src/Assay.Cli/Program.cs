using Assay.Cli;

return await AssayApp.RunAsync(args, Console.Out, Console.Error);
