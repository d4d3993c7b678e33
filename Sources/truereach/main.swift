import TrueReachCLI

await runTrueReach()
