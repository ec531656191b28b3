import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The grievances staff queue rendered from plain models in Korean and English.
@Suite("Grievance pages rendered from plain models")
struct GrievancePageSnapshotTests {
    static let list = GrievanceListModel(
        rows: [
            .init(id: UUID(uuidString: "6E000000-0000-0000-0000-000000000001")!, receiptNumber: "2026-0042", title: "공장 증설 인허가 지연",
                  category: .regulation, regionCode: "gangnam", status: .inProgress, dueDay: "2026-11-27", businessDays: true, overdue: true,
                  assigneeName: "운영자"),
            .init(id: UUID(uuidString: "6E000000-0000-0000-0000-000000000002")!, receiptNumber: "2026-0043", title: "수출 바우처 정산",
                  category: .export, regionCode: "unknown-district", status: .received, dueDay: nil, businessDays: false, overdue: false,
                  assigneeName: nil),
        ],
        status: nil, overdueOnly: false, paging: Paging(page: 1, perPage: GrievanceListModel.perPage, total: 2),
        districtNames: ["gangnam": Localized("강남구", "Gangnam-gu")],
        bulkStaff: [.init(id: PageSnapshotTests.platformOperator.userID, name: "운영자", email: "operator@snapshot.example")])

    @Test("the staff queue", arguments: [Lang.ko, Lang.en])
    func grievanceList(_ language: Lang) throws {
        let html = PageSnapshotTests.page(GrievanceListPage(model: Self.list), PageSnapshotTests.context(language))
        #expect(html.contains("공장 증설 인허가 지연") && html.contains(language == .ko ? "강남구" : "Gangnam-gu"))
        // An overdue case says so; an unclassified one has no deadline yet; an unknown district shows its code.
        #expect(html.contains(language == .ko ? "2026-11-27 (영업일 기준) · 기한 경과" : "2026-11-27 (business days) · overdue"))
        #expect(html.contains(language == .ko ? "분류 후 정해집니다" : "Set when classified") && html.contains("unknown-district"))
        #expect(html.contains("operator@snapshot.example"))
        try PageSnapshotTests.assertSnapshot(html, named: "grievance-list.\(language.rawValue).html")
    }

    @Test("the staff queue with no overdue case", arguments: [Lang.ko, Lang.en])
    func emptyGrievanceList(_ language: Lang) throws {
        var model = Self.list
        model.rows = []
        model.overdueOnly = true
        model.paging = Paging(page: 1, perPage: GrievanceListModel.perPage, total: 0)
        let html = PageSnapshotTests.page(GrievanceListPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "해당하는 건이 없습니다." : "No cases."))
        // No bulk bar without rows.
        #expect(!html.contains("bulk-target"))
        try PageSnapshotTests.assertSnapshot(html, named: "grievance-list-empty.\(language.rawValue).html")
    }
}
