import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The networks list rendered from plain models in Korean and English.
@Suite("Network pages rendered from plain models")
struct NetworkPageSnapshotTests {
    static let list = NetworkListModel(
        rows: [
            .init(id: UUID(uuidString: "4E000000-0000-0000-0000-000000000001")!, name: "이차전지 기술 네트워크", nameEn: "Battery tech network",
                  kind: .techNetwork, description: "양극재·음극재 기업과 연구자의 모임", memberCount: 12, isMine: true),
            .init(id: UUID(uuidString: "4E000000-0000-0000-0000-000000000002")!, name: "지역 혁신 협의체", nameEn: nil,
                  kind: .council, description: "지자체와 지원기관의 정례 협의", memberCount: 0, isMine: false),
        ],
        paging: Paging(page: 1, perPage: 2, total: 3))

    @Test("the networks list", arguments: [Lang.ko, Lang.en])
    func networkList(_ language: Lang) throws {
        let html = PageSnapshotTests.page(NetworkListPage(model: Self.list), PageSnapshotTests.context(language))
        // English names where there is one; the member badge only on the viewer's network.
        #expect(html.contains(language == .ko ? "이차전지 기술 네트워크" : "Battery tech network"))
        #expect(html.contains("지역 혁신 협의체"))
        #expect(html.components(separatedBy: "badge status-approved").count == 2)
        try PageSnapshotTests.assertSnapshot(html, named: "network-list.\(language.rawValue).html")
    }

    @Test("the networks list with no network", arguments: [Lang.ko, Lang.en])
    func emptyNetworkList(_ language: Lang) throws {
        let model = NetworkListModel(rows: [], paging: Paging(page: 1, perPage: NetworkListModel.perPage, total: 0))
        let html = PageSnapshotTests.page(NetworkListPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "등록된 네트워크가 없습니다." : "No network yet."))
        try PageSnapshotTests.assertSnapshot(html, named: "network-list-empty.\(language.rawValue).html")
    }
}
