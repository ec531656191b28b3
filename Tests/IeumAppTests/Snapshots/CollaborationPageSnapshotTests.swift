import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The collaborations list rendered from plain models in Korean and English.
@Suite("Collaboration pages rendered from plain models")
struct CollaborationPageSnapshotTests {
    typealias Named = CollaborationListModel.Named

    static let program = Named(id: UUID(uuidString: "1E000000-0000-0000-0000-000000000001")!, name: "2026 개방형 혁신", nameEn: "Open innovation 2026")
    static let startup = Named(id: UUID(uuidString: "0A000000-0000-0000-0000-0000000000C1")!, name: "한빛소재", nameEn: "Hanbit Materials")
    static let demand = Named(id: UUID(uuidString: "0A000000-0000-0000-0000-0000000000C2")!, name: "이음모빌리티", nameEn: nil)

    static var list: CollaborationListModel {
        CollaborationListModel(
            rows: [
                .init(id: UUID(uuidString: "7E000000-0000-0000-0000-000000000001")!, title: "배터리 열폭주 감지 실증",
                      parties: [.init(role: .startup, organization: startup), .init(role: .demand, organization: demand)],
                      programName: "2026 개방형 혁신", stage: .technologyVerification, stageSince: PageSnapshotTests.now.addingTimeInterval(-10 * 86_400), overdueMilestones: 2),
                .init(id: UUID(uuidString: "7E000000-0000-0000-0000-000000000002")!, title: "직접 매칭 과제",
                      parties: [.init(role: .startup, organization: startup)],
                      programName: nil, stage: .matched, stageSince: PageSnapshotTests.now, overdueMilestones: 0),
            ],
            programs: [program], paging: Paging(page: 1, perPage: CollaborationQuery.perPage, total: 2), programID: nil, stage: nil,
            direct: .init(input: DirectMatchInput(), errors: FieldErrors(), programs: [program], demandOrganizations: [demand], investors: []))
    }

    @Test("the collaborations list of an operator, with the direct match form", arguments: [Lang.ko, Lang.en])
    func collaborationList(_ language: Lang) throws {
        let html = PageSnapshotTests.page(CollaborationListPage(model: Self.list), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "스타트업 한빛소재 · 수요기관 이음모빌리티" : "Startup Hanbit Materials · Demand organisation 이음모빌리티"))
        #expect(html.contains("badge overdue") && html.contains("direct-match"))
        #expect(html.contains(language == .ko ? "2026 개방형 혁신</option>" : "Open innovation 2026</option>"))
        try PageSnapshotTests.assertSnapshot(html, named: "collaboration-list.\(language.rawValue).html")
    }

    @Test("the collaborations list of someone with none", arguments: [Lang.ko, Lang.en])
    func emptyCollaborationList(_ language: Lang) throws {
        let model = CollaborationListModel(rows: [], programs: [], paging: Paging(page: 1, perPage: CollaborationQuery.perPage, total: 0),
                                           programID: nil, stage: nil, direct: nil)
        let html = PageSnapshotTests.page(CollaborationListPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "볼 수 있는 협업 프로젝트가 없습니다." : "No collaborations to show."))
        #expect(!html.contains("direct-match") && !html.contains("collaboration-list"))
        try PageSnapshotTests.assertSnapshot(html, named: "collaboration-list-empty.\(language.rawValue).html")
    }
}
