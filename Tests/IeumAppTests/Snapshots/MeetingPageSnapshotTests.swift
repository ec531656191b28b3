import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The consultation meetings list rendered from plain models in Korean and English.
@Suite("Meeting pages rendered from plain models")
struct MeetingPageSnapshotTests {
    static let list = MeetingListModel(
        rows: [
            .init(id: UUID(uuidString: "3E000000-0000-0000-0000-000000000001")!, name: "2026 투자 상담회", nameEn: "2026 investment meetings",
                  kind: .investment, mode: .hybrid, startsAt: PageSnapshotTests.now.addingTimeInterval(7 * 86_400)),
            .init(id: UUID(uuidString: "3E000000-0000-0000-0000-000000000002")!, name: "판로 상담회", nameEn: nil,
                  kind: .sales, mode: .offline, startsAt: PageSnapshotTests.now.addingTimeInterval(-30 * 86_400)),
        ],
        paging: Paging(page: 1, perPage: MeetingListModel.perPage, total: 2), canCreate: true)

    @Test("the meetings list of an operator", arguments: [Lang.ko, Lang.en])
    func meetingList(_ language: Lang) throws {
        let html = PageSnapshotTests.page(MeetingListPage(model: Self.list), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "2026 투자 상담회" : "2026 investment meetings"))
        #expect(html.contains("판로 상담회") && html.contains("/meetings/new"))
        // Two events: the order links show.
        #expect(html.contains("sort="))
        try PageSnapshotTests.assertSnapshot(html, named: "meeting-list.\(language.rawValue).html")
    }

    @Test("the meetings list of someone in none", arguments: [Lang.ko, Lang.en])
    func emptyMeetingList(_ language: Lang) throws {
        let model = MeetingListModel(rows: [], paging: Paging(page: 1, perPage: MeetingListModel.perPage, total: 0), canCreate: false)
        let html = PageSnapshotTests.page(MeetingListPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "참가 중인 상담회가 없습니다." : "No event yet."))
        #expect(!html.contains("page-actions") && !html.contains("sort="))
        try PageSnapshotTests.assertSnapshot(html, named: "meeting-list-empty.\(language.rawValue).html")
    }
}
