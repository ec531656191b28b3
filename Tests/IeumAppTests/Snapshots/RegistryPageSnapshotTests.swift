import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The registry list rendered from plain models in Korean and English.
@Suite("Registry pages rendered from plain models")
struct RegistryPageSnapshotTests {
    static var list: RegistryListModel {
        var filter = RegistryFilter()
        filter.kind = .startup
        filter.query = "이차전지"
        filter.page = 2
        return RegistryListModel(
            filter: filter,
            rows: [
                .init(id: UUID(uuidString: "0A000000-0000-0000-0000-0000000000A1")!, name: "한빛소재", kind: .startup, stage: .seriesA, status: .approved,
                      region: Localized("대전", "Daejeon"), cluster: Localized("대덕특구", "Daedeok Innopolis"), summary: "고체 전해질 양산 공정",
                      fields: [Localized("이차전지", "Secondary batteries"), Localized("소재", "Materials")]),
                .init(id: UUID(uuidString: "0A000000-0000-0000-0000-0000000000A2")!, name: "새싹배터리", kind: .startup, stage: nil, status: .pending,
                      region: nil, cluster: nil, summary: "폐배터리 진단", fields: []),
            ],
            total: 27, page: 2, pageCount: 2,
            fieldOptions: [.init(code: "battery", name: Localized("이차전지", "Secondary batteries"))],
            regionOptions: [.init(code: "daejeon", name: Localized("대전", "Daejeon"))],
            clusterOptions: [.init(code: "daedeok", name: Localized("대덕특구", "Daedeok Innopolis"))])
    }

    @Test("the registry list, filtered, seen by an operator", arguments: [Lang.ko, Lang.en])
    func registryList(_ language: Lang) throws {
        let html = PageSnapshotTests.page(RegistryListPage(model: Self.list), PageSnapshotTests.context(language))
        #expect(html.contains("한빛소재") && html.contains(language == .ko ? "이차전지 · 소재" : "Secondary batteries · Materials"))
        #expect(html.contains(language == .ko ? "대덕특구" : "Daedeok Innopolis"))
        // Only the organisation not yet approved carries a status badge; the filter is kept in the export and page links.
        #expect(html.components(separatedBy: "badge status-").count == 2)
        #expect(html.contains("kind=startup&amp;q=%EC%9D%B4%EC%B0%A8%EC%A0%84%EC%A7%80"))
        try PageSnapshotTests.assertSnapshot(html, named: "registry-list.\(language.rawValue).html")
    }

    @Test("the registry list with nothing found", arguments: [Lang.ko, Lang.en])
    func emptyRegistryList(_ language: Lang) throws {
        var model = Self.list
        model.rows = []
        model.total = 0
        model.page = 1
        model.pageCount = 1
        let html = PageSnapshotTests.page(RegistryListPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "조건에 맞는 기관이 없습니다." : "No organisation matches."))
        try PageSnapshotTests.assertSnapshot(html, named: "registry-list-empty.\(language.rawValue).html")
    }
}
