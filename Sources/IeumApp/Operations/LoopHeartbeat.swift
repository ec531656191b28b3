import Foundation
import NIOConcurrencyHelpers
import Vapor

/// What the background loop last did, per duty: for `/metrics` (last run, last success, failures)
/// and `/readyz` (a loop whose last round ended too long ago is stuck). Times come from the app's
/// clock, the same one the duties use, so tests can pin them.
public final class LoopHeartbeat: Sendable {
    public struct Duty: Sendable, Equatable {
        public var lastRun: Date?
        public var lastSuccess: Date?
        public var failures = 0
    }

    struct State {
        var duties: [String: Duty] = [:]
        var roundsFinished = 0
        var lastRoundFinished: Date?
    }

    private let state = NIOLockedValueBox(State())

    func record(_ duty: String, at time: Date, succeeded: Bool) {
        state.withLockedValue { state in
            var entry = state.duties[duty] ?? Duty()
            entry.lastRun = time
            if succeeded { entry.lastSuccess = time } else { entry.failures += 1 }
            state.duties[duty] = entry
        }
    }

    func roundFinished(at time: Date) {
        state.withLockedValue { state in
            state.roundsFinished += 1
            state.lastRoundFinished = time
        }
    }

    public var duties: [String: Duty] { state.withLockedValue { $0.duties } }
    public var lastRoundFinished: Date? { state.withLockedValue { $0.lastRoundFinished } }
    public var roundsFinished: Int { state.withLockedValue { $0.roundsFinished } }

    /// A round that has not ended for this long means the loop is stuck (a hung mail server, a
    /// dead task): three rounds, and never less than five minutes, since a round may send 50 mails.
    public static func staleAfter(intervalSeconds: Int) -> TimeInterval {
        max(TimeInterval(OperationsSettings.staleAfterRounds * intervalSeconds), 300)
    }

    /// When this instance started: before its first round ends, the loop is judged from here, so a
    /// fresh instance is ready at once and one whose loop never gets going is not for long.
    let startedAt: Date

    init(startedAt: Date = Date()) { self.startedAt = startedAt }

    public enum Verdict: String, Sendable {
        case ok
        case stale
    }

    public func verdict(now: Date, intervalSeconds: Int) -> Verdict {
        let last = lastRoundFinished ?? startedAt
        return now.timeIntervalSince(last) > Self.staleAfter(intervalSeconds: intervalSeconds) ? .stale : .ok
    }
}

extension Application {
    private struct LoopHeartbeatKey: StorageKey { typealias Value = LoopHeartbeat }

    /// This instance's loop heartbeat (each instance runs its own loop).
    public var loopHeartbeat: LoopHeartbeat {
        if let beat = storage[LoopHeartbeatKey.self] { return beat }
        let beat = LoopHeartbeat()
        storage[LoopHeartbeatKey.self] = beat
        return beat
    }
}

extension NotificationJobs {
    /// Runs one duty of a round: a failure is logged (without personal data, `SafeError`) and
    /// counted, and the other duties still run.
    static func duty(_ name: String, _ app: Application, now: Date, _ body: () async throws -> Void) async {
        do {
            try await body()
            app.loopHeartbeat.record(name, at: now, succeeded: true)
        } catch {
            app.loopHeartbeat.record(name, at: now, succeeded: false)
            app.logger.error("background duty \(name) failed: \(SafeError.describe(error))", metadata: ["duty": .string(name)])
        }
    }
}
