import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Notices people trust (issue 17, item 8): a meeting's placement, move and cancellation reach
/// both sides under the meetings category (not "지원 초대"), once per change; the header shows
/// how many notices are unread.
@Suite("Meeting notices and the unread badge")
struct MeetingNoticeTests {
    typealias F = MeetingFixture

    /// S1–B1 accepted, nothing else.
    static func agreedPair(_ app: Application, _ f: F) async throws {
        let s1 = try await f.actor(app, f.s1), b1 = try await f.actor(app, f.b1)
        let r = try await MeetingService.sendRequest(f.event, to: f.b1.id, message: "", by: s1, on: app.db, now: F.now)
        try await MeetingService.respond(f.event, requestID: r.id, accept: true, by: b1, on: app.db, now: F.now)
    }

    static func notices(_ app: Application, _ email: String) async throws -> [InboxMessage] {
        let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
        return try await InboxMessage.query(on: app.db).filter(\.$userID == user.requireID()).sort(\.$createdAt).all()
    }

    @Test("scheduling tells both sides their slot once; a move and a cancellation tell them again; all under 상담회")
    func placementMoveCancel() async throws {
        try await TestApp.with { app in
            // given an accepted request
            let f = try await F.make(app, cap: 5)
            try await Self.agreedPair(app, f)
            let op = try await f.op(app)
            let before = try await Self.notices(app, f.email(f.s1)).count
            // when the event is scheduled, twice
            _ = try await MeetingService.schedule(f.event, keepConfirmed: true, by: op, on: app.db, now: F.now)
            _ = try await MeetingService.schedule(f.event, keepConfirmed: true, by: op, on: app.db, now: F.now)
            // then each side has one "상담 확정" notice naming the time
            for email in [f.email(f.s1), f.email(f.b1)] {
                let placed = try await Self.notices(app, email).filter { $0.titleKo.hasPrefix("상담 확정") }
                #expect(placed.count == 1, "\(email)")
                #expect(placed.first?.kind == .meeting)
                #expect(placed.first?.link.hasSuffix("/agenda") == true)
            }
            #expect(try await Self.notices(app, f.email(f.s2)).filter { $0.titleKo.hasPrefix("상담 확정") }.isEmpty)
            // when the operator moves it to another free slot
            let meeting = try #require(try await f.meetings(app).first)
            let slot = (meeting.slot! + 2) % 6 == 0 ? 3 : (meeting.slot! + 2) % 6
            try await MeetingService.move(f.event, meetingID: meeting.id, slot: slot, tableID: f.tables[0].id, by: op, on: app.db, now: F.now)
            // then both sides hear of the new time
            for email in [f.email(f.s1), f.email(f.b1)] {
                let moved = try await Self.notices(app, email).filter { $0.titleKo.hasPrefix("상담 시간 변경") }
                #expect(moved.count == 1, "\(email)")
                #expect(moved.first?.titleKo.contains(MeetingService.slotLabel(f.event, slot)) == true)
            }
            // when the buyer cancels it
            try await MeetingService.cancel(f.event, meetingID: meeting.id, by: try await f.actor(app, f.b1), on: app.db, now: F.now)
            // then the startup is told
            #expect(try await Self.notices(app, f.email(f.s1)).filter { $0.titleKo == "상담 취소" }.count == 1)
            // and no meeting notice carries another category
            let all = try await Self.notices(app, f.email(f.s1)).dropFirst(before)
            #expect(all.allSatisfy { $0.kind == .meeting }, "\(all.map { ($0.kind, $0.titleKo) })")
            #expect(NotificationKind.meeting.label.ko == "상담회")
            #expect(NotificationKind.milestoneOverdue.label.ko == "마일스톤 지연")
            #expect(NotificationKind.deadlineSoon.label.ko == "마감 임박")
        }
    }

    @Test("the header shows the number of unread notices and drops it once they are read")
    func unreadBadge() async throws {
        try await TestApp.with { app in
            // given two unread notices
            let user = try await TestApp.user(app, email: "reader@ieum.example")
            for n in 1...2 {
                try await Notifier.notify(users: [user.requireID()], .init(kind: .membership, title: Localized("알림 \(n)", "Notice \(n)"),
                                                                            body: Localized("본문", "Body"), link: "/account"), on: app.db, now: TestApp.now)
            }
            let web = WebClient(app)
            try await web.login("reader@ieum.example")
            // when
            let page = try await web.get("/account")
            // then
            #expect(page.body.contains(">알림 (2)</a>"))
            // when they are read
            try await web.post("/inbox/read", [])
            let after = try await web.get("/account")
            #expect(after.body.contains(">알림</a>"))
            #expect(!after.body.contains("알림 (2)"))
        }
    }
}
