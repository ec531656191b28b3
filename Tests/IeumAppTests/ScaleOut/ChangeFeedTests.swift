import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import IeumApp

/// The matching engine follows the change feed in commit order (issue 18, item 3): a change is
/// applied however late its transaction commits and whatever its `updated_at` says, every kind of
/// change reaches the index, and a sync reads the rows that changed, not every row of a window.
@Suite("Matching change feed")
struct ChangeFeedTests {
    /// An hour before now: far outside any clock margin a watermark on `updated_at` could allow.
    static let longAgo = Date().addingTimeInterval(-3600)

    static func backdate(_ id: UUID, on db: any Database) async throws {
        let sql = try #require(db as? any SQLDatabase)
        try await sql.raw("UPDATE organizations SET updated_at = \(bind: longAgo) WHERE id = \(bind: id)").run()
    }

    static func latestEntry(for subject: UUID, on db: any Database) async throws -> Int64 {
        let sql = try #require(db as? any SQLDatabase)
        let row = try await sql.raw("SELECT MAX(id) AS m FROM matching_changes WHERE subject_id = \(bind: subject)").first()
        return try #require(try row?.decode(column: "m", as: Int64?.self))
    }

    @Test("a PostgreSQL snapshot is read as the transactions it did not see")
    func snapshotText() {
        #expect(FeedSnapshot("748:752:748,750") == FeedSnapshot(xmax: 752, running: [748, 750]))
        #expect(FeedSnapshot("752:752:") == FeedSnapshot(xmax: 752, running: []))
        #expect(FeedSnapshot("752:752") == nil)
        #expect(FeedSnapshot("a:b:") == nil)
        #expect(FeedSnapshot("1:5:2,x") == nil)
    }

    @Test("an edit whose row says it changed an hour ago is applied at the next sync")
    func oldClockIsApplied() async throws {
        try await TestApp.with { app in
            // given: an indexed startup
            let org = try await TestApp.organization(app, name: "시계스타트업", description: "밀키트 새벽 배송")
            let engine = app.recommendations
            try await engine.sync(on: app.db)
            #expect(engine.indexedStartup(org.storedID)?.description.contains("밀키트") == true)
            // when: a transaction edits it and leaves an updated_at an hour old (as a long import does)
            try await app.db.transaction { db in
                let row = try #require(try await Organization.find(org.id, on: db))
                row.description = "상수도 펌프 예지보전"
                try await row.update(on: db)
                try await Self.backdate(org.storedID, on: db)
            }
            try await engine.sync(on: app.db)
            // then: the edit is in the index, and that sync read this one row only
            #expect(engine.indexedStartup(org.storedID)?.description.contains("예지보전") == true)
            #expect(engine.rowsReadByLastSync == 1)
            try await engine.sync(on: app.db)
            #expect(engine.rowsReadByLastSync == 0)
        }
    }

    @Test("PostgreSQL: a long transaction that took the smaller feed id commits after a later change was applied, and is still applied",
          .enabled(if: TestApp.postgresURL != nil))
    func longTransactionAcrossInstances() async throws {
        try await Instances.with(2) { apps, _ in
            // given: two instances; b's engine is built
            let (a, b) = (apps[0], apps[1])
            let slow = try await TestApp.organization(a, name: "느린가져오기", description: "밀키트 새벽 배송")
            let quick = try await TestApp.organization(a, name: "빠른수정", description: "식품 구독 서비스")
            let engine = b.recommendations
            try await engine.sync(on: b.db)
            let written = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            // when: instance a edits `slow` in a transaction that stays open
            let long = Task {
                try await a.db.transaction { db in
                    let row = try #require(try await Organization.find(slow.id, on: db))
                    row.description = "상수도 펌프 예지보전"
                    try await row.update(on: db)
                    try await Self.backdate(slow.storedID, on: db)
                    written.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in written.stream { break }
            // and meanwhile b edits `quick`, commits, and syncs
            let other = try #require(try await Organization.find(quick.id, on: b.db))
            other.description = "이차전지 양극재 공정"
            try await other.update(on: b.db)
            try await engine.sync(on: b.db)
            // then: b sees its own commit, not the open transaction's edit
            #expect(engine.indexedStartup(quick.storedID)?.description.contains("양극재") == true)
            #expect(engine.indexedStartup(slow.storedID)?.description.contains("밀키트") == true)
            // and while it stays open, syncing again reads nothing again
            try await engine.sync(on: b.db)
            #expect(engine.rowsReadByLastSync == 0)
            // when: the long transaction commits, its feed id below the one already applied
            release.continuation.yield()
            try await long.value
            let slowEntry = try await Self.latestEntry(for: slow.storedID, on: b.db)
            let quickEntry = try await Self.latestEntry(for: quick.storedID, on: b.db)
            #expect(slowEntry < quickEntry, "the open transaction took its id first")
            let status = engine.indexStatus()
            let behind = try await status.behind(on: b.db)
            #expect(behind.startups.entries == 1)
            try await engine.sync(on: b.db)
            // then: the next sync applies it, reading that one row
            #expect(engine.indexedStartup(slow.storedID)?.description.contains("예지보전") == true)
            #expect(engine.rowsReadByLastSync == 1)
            #expect(try await engine.indexStatus().behind(on: b.db).startups.entries == 0)
        }
    }

    @Test("PostgreSQL: entries restored with another server's transaction ids are not read at every sync",
          .enabled(if: TestApp.postgresURL != nil))
    func foreignTransactionIDs() async throws {
        try await TestApp.with { app in
            // given: a built index
            let org = try await TestApp.organization(app, name: "복원스타트업", description: "식품 구독")
            let engine = app.recommendations
            try await engine.sync(on: app.db)
            // when: an entry arrives as `ieum restore` writes it, with a transaction id from the old server
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("""
                INSERT INTO matching_changes (kind, subject_id, created_at, writer_xid) \
                VALUES ('startup', \(bind: org.storedID), \(bind: Date()), 9000000000000000)
                """).run()
            // then: syncs read nothing for it, however often
            try await engine.sync(on: app.db)
            #expect(engine.rowsReadByLastSync == 0)
            try await engine.sync(on: app.db)
            #expect(engine.rowsReadByLastSync == 0)
        }
    }

    @Test("edits, approvals, rejections, imports, feedback, and needs published and closed all reach the index")
    func everyKindOfChange() async throws {
        try await TestApp.with { app in
            // given: a published need, startups, and a built index
            let fixture = try await NeedFixture.make(app)
            let op = try await NeedFixture.actor(app, .operator)
            let owner = try await NeedFixture.actor(app, .needOrganization)
            let edited = try await TestApp.organization(app, name: "수정스타트업", description: "밀키트 배송")
            let pending = try await TestApp.organization(app, name: "대기스타트업", status: .pending, description: "양극재 소성 공정")
            let engine = app.recommendations
            try await engine.sync(on: app.db)
            #expect(engine.indexedStartup(pending.storedID) == nil)
            #expect(engine.indexedNeed(fixture.need.storedID) != nil)

            // when: an edit through the registry
            var input = OrganizationInput(edited, fieldCodes: [])
            input.businessNumber = TestApp.businessNumber(71)
            input.stage = "seed"
            input.fields = ["iot"]
            input.description = "상수도 관로 누수를 찾는 진동 센서"
            input.contactEmail = "edited@test.example"
            _ = try await RegistryService.update(edited.storedID, with: input, by: op, on: app.db, now: TestApp.now)
            try await engine.sync(on: app.db)
            // then
            #expect(engine.indexedStartup(edited.storedID)?.description.contains("진동 센서") == true)

            // when: approved, then another rejected
            _ = try await RegistryService.setStatus(pending.storedID, to: .approved, reason: nil, by: op, on: app.db, now: TestApp.now)
            try await engine.sync(on: app.db)
            #expect(engine.indexedStartup(pending.storedID) != nil)
            _ = try await RegistryService.setStatus(edited.storedID, to: .rejected, reason: "중복 등록", by: op, on: app.db, now: TestApp.now)
            try await engine.sync(on: app.db)
            #expect(engine.indexedStartup(edited.storedID) == nil)

            // when: an import of 25 startups
            let before = engine.indexStatus().startups
            let rows = (0..<25).map { ImportTests.row("피드가져오기\($0)", TestApp.businessNumber(500 + $0)) }
            let preview = try await OrganizationImport.preview(Array(ImportTests.csv(rows).utf8), fileName: "feed.csv", kind: .startups, on: app.db, now: TestApp.now)
            _ = try await OrganizationImport.commit(preview, by: nil, on: app.db, now: TestApp.now)
            try await engine.sync(on: app.db)
            #expect(engine.indexStatus().startups == before + 25)
            #expect(engine.rowsReadByLastSync == 25)

            // when: 적합하지 않음 on the top startup for the need
            let ranked = try await engine.rank(need: fixture.need, limit: 5, on: app.db)
            let top = try #require(ranked.first)
            try await RecommendationService.recordFeedback(need: fixture.need, startupID: try #require(UUID(uuidString: top.startupId)),
                                                           kind: .notSuitable, by: owner, on: app.db, now: TestApp.now)
            try await engine.sync(on: app.db)
            // then: the one feedback row was read and the startup lost its place
            #expect(engine.rowsReadByLastSync == 1)
            let after = try await engine.rank(need: fixture.need, limit: 5, on: app.db)
            #expect((after.first { $0.startupId == top.startupId }?.score ?? 0) < top.score)

            // when: the need closes
            _ = try await NeedService.perform(.close, on: fixture.need.storedID, by: op, on: app.db, now: TestApp.now)
            try await engine.sync(on: app.db)
            #expect(engine.indexedNeed(fixture.need.storedID) == nil)

            // when: a new need is written, submitted and published
            var needInput = NeedInput()
            needInput.title = "상수도 펌프 예지보전"
            needInput.teaser = "펌프 진동 데이터로 고장을 미리 알 수 있는 기술을 찾습니다."
            needInput.detail = "120대 펌프"
            needInput.fields = ["iot"]
            needInput.contactName = "김담당"
            needInput.contactEmail = "kim@water.example"
            let need = try await NeedService.create(needInput, organizationID: fixture.demandOrg.storedID, by: owner, on: app.db, now: TestApp.now)
            _ = try await NeedService.perform(.submit, on: need.storedID, by: owner, on: app.db, now: TestApp.now)
            try await engine.sync(on: app.db)
            #expect(engine.indexedNeed(need.storedID) == nil, "not published yet")
            _ = try await NeedService.perform(.publish, on: need.storedID, callID: fixture.call.requireID(), by: op, on: app.db, now: TestApp.now)
            try await engine.sync(on: app.db)
            // then
            #expect(engine.indexedNeed(need.storedID)?.name == "상수도 펌프 예지보전")
        }
    }

    @Test("after an import of 400 rows a sync reads those 400 rows once, then nothing, then only what changes")
    func importIsReadOnce() async throws {
        try await TestApp.with { app in
            // given: 30 startups already indexed
            for n in 0..<30 { _ = try await TestApp.organization(app, name: "기존스타트업\(n)", description: "기존 설명 \(n)") }
            let engine = app.recommendations
            try await engine.sync(on: app.db)
            #expect(engine.indexStatus().startups == 30)
            // when: 400 startups are imported
            let rows = (0..<400).map { ImportTests.row("대량가져오기\($0)", TestApp.businessNumber(2000 + $0)) }
            let preview = try await OrganizationImport.preview(Array(ImportTests.csv(rows).utf8), fileName: "bulk.csv", kind: .startups, on: app.db, now: TestApp.now)
            _ = try await OrganizationImport.commit(preview, by: nil, on: app.db, now: TestApp.now)
            let open = try await engine.indexStatus().behind(on: app.db)
            #expect(open.startups.entries >= 400)
            let started = Date()
            try await engine.sync(on: app.db)
            let applySeconds = Date().timeIntervalSince(started)
            // then: those rows once, not the 30 before them
            #expect(engine.rowsReadByLastSync == 400)
            #expect(engine.indexStatus().startups == 430)
            #expect(try await engine.indexStatus().behind(on: app.db).startups.entries == 0)
            let quiet = Date()
            try await engine.sync(on: app.db)
            let quietSeconds = Date().timeIntervalSince(quiet)
            #expect(engine.rowsReadByLastSync == 0)
            // when: one of them is edited
            let one = try #require(try await Organization.query(on: app.db).filter(\.$name == "대량가져오기7").first())
            one.summary = "바뀐 한줄소개"
            try await one.update(on: app.db)
            try await engine.sync(on: app.db)
            #expect(engine.rowsReadByLastSync == 1)
            #expect(engine.indexedStartup(one.storedID)?.summary.contains("바뀐 한줄소개") == true)
            print("change feed: applied 400 imported rows in \(String(format: "%.3f", applySeconds)) s; a sync with nothing new took \(String(format: "%.4f", quietSeconds)) s")
        }
    }

    @Test("a rolled-back change leaves no entry, and a deleted startup leaves the index")
    func rollbackAndDelete() async throws {
        try await TestApp.with { app in
            // given
            let org = try await TestApp.organization(app, name: "삭제스타트업", description: "식품 구독")
            let engine = app.recommendations
            try await engine.sync(on: app.db)
            // when: a transaction edits it and fails
            struct Failure: Error {}
            await #expect(throws: Failure.self) {
                try await app.db.transaction { db in
                    let row = try #require(try await Organization.find(org.id, on: db))
                    row.description = "없던 일"
                    try await row.update(on: db)
                    throw Failure()
                }
            }
            try await engine.sync(on: app.db)
            // then: nothing was read, the index keeps the committed text
            #expect(engine.rowsReadByLastSync == 0)
            #expect(engine.indexedStartup(org.storedID)?.description == "식품 구독")
            // when: the startup is deleted
            try await org.delete(on: app.db)
            try await engine.sync(on: app.db)
            // then
            #expect(engine.indexedStartup(org.storedID) == nil)
        }
    }

    @Test("the loop keeps the index current and prunes day-old entries; an engine idle past half a day builds its index again")
    func pruningAndRebuild() async throws {
        try await TestApp.with { app in
            // given: two startups; one round of the background loop
            let kept = try await TestApp.organization(app, name: "유지스타트업", description: "식품 구독")
            _ = try await TestApp.organization(app, name: "두번째스타트업", description: "밀키트")
            await NotificationJobs.runOnce(app, worker: "feed-test")
            // then: the round built the index and pruned nothing (every entry is fresh)
            #expect(app.loopHeartbeat.duties["matching_feed"]?.lastSuccess == TestApp.now)
            #expect(app.recommendations.indexStatus().startups == 2)
            let sql = try #require(app.db as? any SQLDatabase)
            func entries() async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM matching_changes").first()?.decode(column: "n", as: Int.self) ?? -1
            }
            #expect(try await entries() >= 2)

            // given: an engine on a clock the test moves, built now
            let clock = Instances.SharedClock()
            let engine = RecommendationEngine(clock: { clock.now })
            try await engine.sync(on: app.db)
            // when: an edit, then a prune a day and more later takes its entry before the engine read it
            let row = try #require(try await Organization.find(kept.id, on: app.db))
            row.description = "상수도 펌프 예지보전"
            try await row.update(on: app.db)
            #expect(try await MatchingFeed.prune(on: app.db, now: Date().addingTimeInterval(MatchingFeed.retention + 60)) >= 3)
            #expect(try await entries() == 0)
            clock.advance(MatchingFeed.retention / 2 + 1)
            try await engine.sync(on: app.db)
            // then: it rebuilt from the tables (both startups read), so the pruned edit is there
            #expect(engine.rowsReadByLastSync == 2)
            #expect(engine.indexedStartup(kept.storedID)?.description.contains("예지보전") == true)
            #expect(engine.indexStatus().startups == 2)
            // and an engine that reads within the half day only follows the feed
            clock.advance(60)
            try await engine.sync(on: app.db)
            #expect(engine.rowsReadByLastSync == 0)
        }
    }
}
