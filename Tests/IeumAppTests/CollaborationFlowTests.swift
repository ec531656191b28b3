import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// Every pair of stages through the one state machine: allowed (and whether the operator must
/// approve) or refused with a message that names the next stages.
@Suite("Collaboration stages: the state machine")
struct CollaborationFlowTests {
    typealias S = CollaborationStage

    /// The expected verdict for each pair, written out by hand.
    static func expected(_ from: S, _ to: S) -> Bool? {
        if from == to || from.isFinal { return nil }
        if to == .dropped { return false }
        let results: Set<S> = [.commercialization, .investment, .globalExpansion]
        switch (from, to) {
        case (.matched, .technologyVerification): return true
        case (.technologyVerification, .marketVerification): return true
        case (.technologyVerification, let t) where results.contains(t): return true
        case (.marketVerification, let t) where results.contains(t): return true
        case (let f, let t) where results.contains(f) && results.contains(t): return false
        case (let f, .completed) where results.contains(f): return true
        default: return nil
        }
    }

    struct Pair: Sendable, CustomTestStringConvertible {
        let from: S
        let to: S
        var testDescription: String { "\(from.rawValue) → \(to.rawValue)" }
    }

    static let pairs: [Pair] = S.allCases.flatMap { from in S.allCases.map { Pair(from: from, to: $0) } }

    @Test("every transition", arguments: pairs)
    func transition(_ pair: Pair) {
        let verdict = CollaborationFlow.check(from: pair.from, to: pair.to)
        switch Self.expected(pair.from, pair.to) {
        case nil:
            guard case .refused(let message) = verdict else { Issue.record("\(pair.testDescription) should be refused"); return }
            #expect(!message.ko.isEmpty && !message.en.isEmpty)
        case let gate?:
            #expect(verdict == .allowed(gate: gate))
        }
    }

    @Test("a refusal names the stages that may follow")
    func refusalNamesNext() {
        guard case .refused(let message) = CollaborationFlow.check(from: .matched, to: .commercialization) else {
            Issue.record("matched → commercialization must be refused"); return
        }
        #expect(message.ko.contains("기술검증(PoC)"))
        #expect(message.ko.contains("중단"))
        #expect(CollaborationFlow.next(.completed).isEmpty)
        #expect(CollaborationFlow.next(.dropped).isEmpty)
        #expect(CollaborationFlow.next(.matched) == [.technologyVerification, .dropped])
    }
}
