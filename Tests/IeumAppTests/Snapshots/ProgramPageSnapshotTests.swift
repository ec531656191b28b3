import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The programs list rendered from plain models in Korean and English.
@Suite("Program pages rendered from plain models")
struct ProgramPageSnapshotTests {
    static var list: ProgramListModel {
        var filter = ProgramListModel.Filter()
        filter.year = 2026
        var input = ProgramInput()
        input.year = "2026"
        return ProgramListModel(
            rows: [
                .init(id: UUID(uuidString: "1E000000-0000-0000-0000-000000000001")!, name: "2026 개방형 혁신", nameEn: "Open innovation 2026", year: 2026,
                      operatorName: "이음진흥원", openCalls: 2, tracks: ["대기업 협업", "공공기관 실증"], description: "수요기관과 스타트업의 실증 협업"),
                .init(id: UUID(uuidString: "1E000000-0000-0000-0000-000000000002")!, name: "지역 창업 지원", nameEn: nil, year: 2026,
                      operatorName: nil, openCalls: 0, tracks: [], description: "지역 스타트업 성장 지원"),
            ],
            paging: Paging(page: 1, perPage: ProgramListModel.perPage, total: 2),
            form: .init(input: input, errors: FieldErrors(),
                        agencies: [AgencyOption(id: UUID(uuidString: "0A000000-0000-0000-0000-0000000000B1")!, name: "이음진흥원", nameEn: "Ieum Agency")]),
            filter: filter, years: [2026, 2025])
    }

    @Test("the programs list of an operator, with the create form", arguments: [Lang.ko, Lang.en])
    func programList(_ language: Lang) throws {
        let html = PageSnapshotTests.page(ProgramListPage(model: Self.list), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "2026 개방형 혁신" : "Open innovation 2026"))
        #expect(html.contains("대기업 협업 · 공공기관 실증") && html.contains("program-form"))
        #expect(html.contains(language == .ko ? "이음진흥원</option>" : "Ieum Agency</option>"))
        try PageSnapshotTests.assertSnapshot(html, named: "program-list.\(language.rawValue).html")
    }

    @Test("the programs list with none for the year, seen by someone who may not create", arguments: [Lang.ko, Lang.en])
    func emptyProgramList(_ language: Lang) throws {
        var model = Self.list
        model.rows = []
        model.paging = Paging(page: 1, perPage: ProgramListModel.perPage, total: 0)
        model.form = nil
        let html = PageSnapshotTests.page(ProgramListPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "조건에 맞는 사업이 없습니다." : "No program matches."))
        #expect(!html.contains("program-form"))
        try PageSnapshotTests.assertSnapshot(html, named: "program-list-empty.\(language.rawValue).html")
    }
}
