import IeumMatching

print("ieum-bench: matching benchmarks (engine \(IeumMatching.scoringVersion)); no benchmark written yet")
