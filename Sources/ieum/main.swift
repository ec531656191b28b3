// The executable only parses the command line; the work is done by IeumApp.
await IeumCLI.main()
