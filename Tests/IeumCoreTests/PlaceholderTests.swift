import Testing
@testable import IeumCore
@Test func placeholder() { #expect(IeumCoreVersion.value == "0") }
