import Testing
import VaporTesting
@testable import IeumApp
@Test func placeholderApp() { #expect(Bool(true)) }
