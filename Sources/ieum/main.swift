import IeumApp

await IeumCLI.main()
