import Fluent
import Foundation
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// Issue 19, item 3: `/metrics` in the Prometheus text format, and who may read it.
@Suite("Metrics")
struct MetricsTests {
    static let token = "metrics-token-0123456789abcdef"

    static func scrape(_ app: Application) async throws -> String {
        let response = try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer \(token)"])
        try #require(response.status == .ok, "\(response.status): \(response.body.string)")
        #expect(response.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
        return response.body.string
    }

    /// The value of the sample whose name and labels are exactly these.
    static func value(_ text: String, _ sample: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1))
        }
        return nil
    }

    @Test("requests are counted by route pattern and status with latency histograms; the raw path never appears")
    func requestsByRoutePattern() async throws {
        try await OperationsTestApp.with({ $0.operations.metricsToken = Self.token }) { app in
            // given
            let first = UUID(), second = UUID()
            // when
            for id in [first, second] { _ = try await app.testing().sendRequest(.GET, "/needs/\(id.uuidString)") }
            _ = try await app.testing().sendRequest(.GET, "/login")
            let text = try await Self.scrape(app)
            // then
            let needStatus = try #require(text.split(separator: "\n").first { $0.hasPrefix("ieum_http_requests_total{method=\"GET\",route=\"/needs/:needID\"") })
            #expect(needStatus.hasSuffix(" 2"), "\(needStatus)")
            #expect(Self.value(text, #"ieum_http_requests_total{method="GET",route="/login",status="200"}"#) == 1)
            #expect(Self.value(text, #"ieum_http_request_duration_seconds_count{method="GET",route="/needs/:needID"}"#) == 2)
            #expect(text.contains(#"ieum_http_request_duration_seconds_bucket{method="GET",route="/login",le="0.005"}"#))
            #expect(text.contains("# HELP ieum_http_requests_total"))
            #expect(!text.contains(first.uuidString) && !text.contains(second.uuidString))
        }
    }

    @Test("outbox and reminder backlogs, the database, the loop heartbeat per duty and the matching index are reported")
    func stateGauges() async throws {
        try await OperationsTestApp.with({ $0.operations.metricsToken = Self.token }) { app in
            // given: two pending mails, one failed, one sent
            for (n, status) in [MailStatus.pending, .pending, .failed, .sent].enumerated() {
                let mail = OutboxMail()
                mail.toAddress = "m\(n)@metrics.example"
                mail.subject = "s"
                mail.body = "b"
                mail.status = status
                mail.attempts = 0
                mail.createdAt = TestApp.now.addingTimeInterval(-600)
                try await mail.create(on: app.db)
            }
            _ = try await TestApp.organization(app, name: "지표스타트업A")
            _ = try await TestApp.organization(app, name: "지표스타트업B")
            // when: before the loop and the index ran
            let before = try await Self.scrape(app)
            // then
            #expect(Self.value(before, #"ieum_outbox_mails{status="pending"}"#) == 2)
            #expect(Self.value(before, #"ieum_outbox_mails{status="failed"}"#) == 1)
            #expect(Self.value(before, "ieum_outbox_oldest_unsent_age_seconds") == 600)
            #expect(Self.value(before, "ieum_reminder_backlog") == 0)
            #expect(Self.value(before, "ieum_database_up") == 1)
            #expect(Self.value(before, "ieum_jobs_rounds_total") == 0)
            #expect(Self.value(before, #"ieum_matching_index_lag_seconds{index="startups"}"#) == -1)
            if TestApp.postgresURL == nil {
                #expect(Self.value(before, "ieum_database_sqlite_writers_waiting") == 0)
            } else {
                #expect((Self.value(before, #"ieum_database_connections{state="active"}"#) ?? 0) >= 1)
            }

            // when: one round of the loop, and the index built
            await NotificationJobs.runOnce(app, worker: "metrics-test")
            _ = try await app.recommendations.sync(on: app.db)
            let after = try await Self.scrape(app)
            // then: every duty ran at the pinned time; the logged mails left the backlog
            let stamp = TestApp.now.timeIntervalSince1970
            #expect(Self.value(after, "ieum_jobs_rounds_total") == 1)
            #expect(Self.value(after, "ieum_jobs_last_round_timestamp_seconds") == stamp)
            for duty in ["sessions", "deadline_reminders", "account_retention", "housekeeping", "outbox"] {
                #expect(Self.value(after, "ieum_jobs_duty_last_success_timestamp_seconds{duty=\"\(duty)\"}") == stamp, "\(duty)")
                #expect(Self.value(after, "ieum_jobs_duty_failures_total{duty=\"\(duty)\"}") == 0, "\(duty)")
            }
            #expect(Self.value(after, #"ieum_outbox_mails{status="pending"}"#) == 0)
            #expect(Self.value(after, #"ieum_matching_index_documents{index="startups"}"#) == 2)
            #expect(Self.value(after, #"ieum_matching_index_lag_seconds{index="startups"}"#) == 0)

            // when: a startup changes after the index was last brought up to date
            try await Task.sleep(for: .milliseconds(1100))
            let org = try #require(try await Organization.query(on: app.db).filter(\.$name == "지표스타트업A").first())
            org.summary = "바뀐 소개"
            try await org.update(on: app.db)
            let behind = try await Self.scrape(app)
            // then: the index is behind the change feed by about that long
            #expect((Self.value(behind, #"ieum_matching_index_lag_seconds{index="startups"}"#) ?? 0) >= 1)
        }
    }

    @Test("a deadline reminder owed shows in the backlog until the loop writes it")
    func reminderBacklog() async throws {
        try await OperationsTestApp.with({ $0.operations.metricsToken = Self.token }) { app in
            // given: the demo set has published needs; one closes in two days with a draft application
            _ = try await DemoData.load(on: app.db, hasher: app.password.async, now: TestApp.now)
            let need = try #require(try await Need.query(on: app.db).filter(\.$status == .published).first())
            need.deadline = TestApp.now.addingTimeInterval(2 * 86_400)
            try await need.update(on: app.db)
            let applied = Set(try await NeedApplication.query(on: app.db).filter(\.$need.$id == need.requireID()).all().map { $0.$startup.id })
            let startups = try await Organization.query(on: app.db).filter(\.$kind == .startup).filter(\.$status == .approved).all()
            let staffed = Set(try await Membership.query(on: app.db).all().map { $0.$organization.id })
            let startup = try #require(startups.first { !applied.contains($0.id ?? UUID()) && staffed.contains($0.id ?? UUID()) })
            let draft = NeedApplication()
            draft.$need.id = try need.requireID()
            draft.$startup.id = try startup.requireID()
            draft.status = .draft
            (draft.solution, draft.differentiation, draft.pocPlan, draft.expectedResults, draft.budgetDetail) = ("", "", "", "", "")
            draft.version = 1
            try await draft.create(on: app.db)
            let owed = try await ReminderBacklog.count(on: app.db, now: TestApp.now)
            #expect(owed >= 1)
            #expect(Self.value(try await Self.scrape(app), "ieum_reminder_backlog") == Double(owed))
            // when
            try await NotificationJobs.remindDeadlines(on: app.db, now: TestApp.now)
            // then
            #expect(Self.value(try await Self.scrape(app), "ieum_reminder_backlog") == 0)
        }
    }

    @Test("with IEUM_METRICS_TOKEN set, only its bearer is answered; without it, a request that is not from this machine is refused")
    func access() async throws {
        try await OperationsTestApp.with({ $0.operations.metricsToken = Self.token }) { app in
            for headers: HTTPHeaders in [[:], ["Authorization": "Bearer wrong-token-0123456789"], ["Authorization": "Bearer \(Self.token)x"]] {
                let response = try await app.testing().sendRequest(.GET, "/metrics", headers: headers)
                #expect(response.status == .forbidden)
                #expect(!response.body.string.contains("ieum_"))
            }
            #expect(try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer \(Self.token)"]).status == .ok)
        }
        try await TestApp.with { app in
            // The in-memory test client has no peer address: not this machine as far as the app knows.
            let response = try await app.testing().sendRequest(.GET, "/metrics")
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("IEUM_METRICS_TOKEN"))
        }
    }

    @Test("without a token: a client on 127.0.0.1 or ::1 that came straight in, and no one else")
    func loopbackRule() throws {
        let local = try SocketAddress(ipAddress: "127.0.0.1", port: 50000)
        let local6 = try SocketAddress(ipAddress: "::1", port: 50000)
        let remote = try SocketAddress(ipAddress: "203.0.113.7", port: 50000)
        #expect(MetricsAccess.allows(token: nil, sent: nil, peer: local, headers: [:]))
        #expect(MetricsAccess.allows(token: nil, sent: nil, peer: local6, headers: [:]))
        #expect(!MetricsAccess.allows(token: nil, sent: nil, peer: remote, headers: [:]))
        #expect(!MetricsAccess.allows(token: nil, sent: nil, peer: nil, headers: [:]))
        // A proxy on this machine relays outside requests from 127.0.0.1.
        #expect(!MetricsAccess.allows(token: nil, sent: nil, peer: local, headers: ["X-Forwarded-For": "198.51.100.1"]))
        #expect(!MetricsAccess.allows(token: nil, sent: nil, peer: local, headers: ["Forwarded": "for=198.51.100.1"]))
        // With a token, being local is not enough.
        #expect(!MetricsAccess.allows(token: Self.token, sent: nil, peer: local, headers: [:]))
        #expect(MetricsAccess.allows(token: Self.token, sent: Self.token, peer: remote, headers: [:]))
    }

    @Test("a real server on 127.0.0.1 answers /metrics to a client on the same machine")
    func loopbackServer() async throws {
        try await TestApp.with { app in
            try await app.testing(method: .running(hostname: "127.0.0.1", port: 0)).test(.GET, "/metrics") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("ieum_http_requests_in_flight"))
            }
        }
    }
}
