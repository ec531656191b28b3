import Fluent
import Foundation
import IeumMatching
import SQLKit
import Testing
import Vapor
@testable import IeumApp

/// A restarted instance serves from the shared snapshot of the index instead of reading every
/// organisation again (issue 18, item 6), and still sees what was committed after the snapshot.
@Suite("Matching index snapshot")
struct IndexSnapshotTests {
    @Test("profiles survive the binary form exactly; a cut or foreign blob is refused")
    func binaryForm() throws {
        // given
        let profiles = [
            StartupProfile(id: "a", name: "워터센스 WaterSense", summary: "상수도 예지보전", description: "진동 센서\n고장 예측",
                           keywords: ["IoT", "펌프"], field: "사물인터넷", stage: "시드", region: "서울", status: nil),
            StartupProfile(id: "b", name: "", summary: "", description: "", keywords: [], field: "", stage: "", region: "", status: "휴업"),
        ]
        // when
        let bytes = IndexSnapshot.encode(profiles)
        // then
        #expect(try IndexSnapshot.decode(bytes) == profiles)
        #expect(throws: IndexSnapshot.Malformed.self) { try IndexSnapshot.decode(Array(bytes.dropLast(3))) }
        #expect(throws: IndexSnapshot.Malformed.self) { try IndexSnapshot.decode(Array("not a snapshot".utf8)) }
        #expect(IndexSnapshot.position(IndexSnapshot.text(FeedPosition(lastID: 42)))?.lastID == 42)
        let pg = FeedPosition(lastID: 7, snapshot: FeedSnapshot(xmax: 900, running: [880, 895]))
        #expect(IndexSnapshot.position(IndexSnapshot.text(pg))?.snapshot == FeedSnapshot(xmax: 900, running: [880, 895]))
    }

    @Test("built once, saved, and a new instance on the same database serves from the snapshot with the changes committed after it")
    func restartServesFromSnapshot() async throws {
        try await Instances.with(2) { apps, _ in
            let (first, restarted) = (apps[0], apps[1])
            // given: startups and a need; the first instance builds its index from the tables and saves a snapshot
            let fixture = try await NeedFixture.make(first)
            _ = try await RecommendationTests.startups(first)
            try await first.recommendations.sync(on: first.db)
            #expect(first.recommendations.builtFrom == .database)
            let saved = try #require(try await IndexSnapshot.load(on: first.db, now: Date()))
            #expect(saved.profiles.contains { $0.name.contains("캐소드랩") })
            // when: after the snapshot a new startup is approved and another renamed
            let late = try await TestApp.organization(first, name: "늦은양극재랩", description: "이차전지 양극재 소성 공정 수율 AI 최적화와 양극재 품질 예측")
            let cathode = try #require(try await Organization.query(on: first.db).filter(\.$name == "캐소드랩").first())
            cathode.name = "캐소드랩스"
            try await cathode.save(on: first.db)
            // then: the restarted instance loads the snapshot (no organisation read), catches up from the feed,
            // and its API shows both changes at once
            try await restarted.recommendations.sync(on: restarted.db)
            #expect(restarted.recommendations.builtFrom == .snapshot)
            #expect(restarted.recommendations.indexedStartup(late.storedID) != nil)
            #expect(restarted.recommendations.indexedStartup(cathode.storedID)?.name.contains("캐소드랩스") == true)
            let token = try await RecommendationTests.token(restarted, .needOrganization)
            let reply = try await APITests.call(restarted, .GET, "/api/v1/needs/\(try fixture.need.requireID())/recommendations", token: token)
            #expect(reply.status == .ok)
            let names = reply.array.compactMap { $0["name"] as? String }
            #expect(names.contains("늦은양극재랩"))
            #expect(names.contains("캐소드랩스"))
            #expect(!names.contains("캐소드랩"))
        }
    }

    @Test("a snapshot of another format or too old is not used: the index is built from the tables")
    func unusableSnapshotIsRebuilt() async throws {
        try await Instances.with(2) { apps, _ in
            let (first, second) = (apps[0], apps[1])
            // given: a saved snapshot, then marked as another format
            _ = try await RecommendationTests.startups(first)
            try await first.recommendations.sync(on: first.db)
            let sql = try #require(first.db as? any SQLDatabase)
            try await sql.raw("UPDATE matching_snapshots SET format = 0").run()
            // when / then: a new instance builds from the tables, and leaves a snapshot of this format
            try await second.recommendations.sync(on: second.db)
            #expect(second.recommendations.builtFrom == .database)
            #expect(try await IndexSnapshot.load(on: second.db, now: Date()) != nil)
            // and one older than half the feed's retention is refused
            #expect(try await IndexSnapshot.load(on: second.db, now: Date().addingTimeInterval(MatchingFeed.retention)) == nil)
        }
    }
}
