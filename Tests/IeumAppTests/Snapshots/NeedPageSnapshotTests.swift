import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The needs management list rendered from plain models in Korean and English.
@Suite("Need pages rendered from plain models")
struct NeedPageSnapshotTests {
    static let now = PageSnapshotTests.now

    static let list = NeedListModel(
        rows: [
            .init(id: UUID(uuidString: "2E000000-0000-0000-0000-000000000001")!, title: "배터리 열폭주 조기 감지", titleEn: "Early detection of battery thermal runaway",
                  organizationName: "이음모빌리티", organizationNameEn: "Ieum Mobility", status: .published, deadline: now.addingTimeInterval(14 * 86_400)),
            .init(id: UUID(uuidString: "2E000000-0000-0000-0000-000000000002")!, title: "물류센터 피킹 자동화", titleEn: nil,
                  organizationName: "이음물류", organizationNameEn: nil, status: .published, deadline: now.addingTimeInterval(-86_400)),
            .init(id: UUID(uuidString: "2E000000-0000-0000-0000-000000000003")!, title: "상시 기술 제안", titleEn: nil,
                  organizationName: "이음물류", organizationNameEn: nil, status: .draft, deadline: nil),
        ],
        status: nil, canCreate: true, paging: Paging(page: 1, perPage: NeedListModel.perPage, total: 3))

    @Test("the needs list", arguments: [Lang.ko, Lang.en])
    func needList(_ language: Lang) throws {
        let html = PageSnapshotTests.page(NeedListPage(model: Self.list), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "배터리 열폭주 조기 감지" : "Early detection of battery thermal runaway"))
        #expect(html.contains(language == .ko ? "이음모빌리티" : "Ieum Mobility"))
        // A published need past its deadline reads "applications closed"; one with no deadline is open-ended.
        #expect(html.contains("need-deadline-passed") && html.contains(language == .ko ? "상시" : "Open-ended"))
        try PageSnapshotTests.assertSnapshot(html, named: "need-list.\(language.rawValue).html")
    }

    @Test("the needs list with none in the chosen status", arguments: [Lang.ko, Lang.en])
    func emptyNeedList(_ language: Lang) throws {
        let model = NeedListModel(rows: [], status: .closed, canCreate: false, paging: Paging(page: 1, perPage: NeedListModel.perPage, total: 0))
        let html = PageSnapshotTests.page(NeedListPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "수요과제가 없습니다." : "No needs yet."))
        #expect(html.contains("<option value=\"closed\" selected=\"selected\">") && !html.contains("/needs/new"))
        try PageSnapshotTests.assertSnapshot(html, named: "need-list-empty.\(language.rawValue).html")
    }
}
