import Testing
@testable import IeumMatching

@Test("the engine reports its scoring version")
func scoringVersion() {
    #expect(!IeumMatching.scoringVersion.isEmpty)
}
