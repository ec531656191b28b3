import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// The rounds list rendered from plain models in Korean and English.
@Suite("Evaluation pages rendered from plain models")
struct EvaluationPageSnapshotTests {
    static let now = PageSnapshotTests.now
    static let day: TimeInterval = 86_400

    static func round(_ n: Int, _ title: String, _ titleEn: String?, _ kind: RoundKind, _ status: RoundStatus, opensIn: Double, closesIn: Double) -> RoundSummary {
        RoundSummary(id: UUID(uuidString: "5E000000-0000-0000-0000-00000000000\(n)")!, kind: kind, title: title, titleEn: titleEn, status: status,
                     opensAt: now.addingTimeInterval(opensIn * day), closesAt: now.addingTimeInterval(closesIn * day))
    }

    static var list: RoundListModel {
        var model = RoundListModel()
        model.now = now
        model.hasExpertRecord = true
        model.canCreate = true
        model.programs = [(UUID(uuidString: "50000000-0000-0000-0000-000000000001")!, "2026 개방형 혁신")]
        model.managed = [
            .init(round: round(1, "1차 서류 평가", "First document review", .document, .open, opensIn: -2, closesIn: 5),
                  programName: "2026 개방형 혁신", entries: 12, submitted: 7, sheets: 36),
            .init(round: round(2, "발표 평가", nil, .pitch, .draft, opensIn: 10, closesIn: 12),
                  programName: "2026 개방형 혁신", entries: 0, submitted: 0, sheets: 0),
        ]
        model.managedPaging = Paging(page: 1, perPage: RoundListModel.perPage, total: 2)
        // One round judging now (a link), one closed (its name only).
        model.judging = [
            .init(round: round(1, "1차 서류 평가", "First document review", .document, .open, opensIn: -2, closesIn: 5), assigned: 4, submitted: 1),
            .init(round: round(3, "2025 최종 평가", "Final round 2025", .competition, .decided, opensIn: -300, closesIn: -290), assigned: 3, submitted: 3),
        ]
        model.judgingPaging = Paging(page: 1, perPage: RoundListModel.perPage, total: 2)
        return model
    }

    @Test("the rounds list of an operator who also judges", arguments: [Lang.ko, Lang.en])
    func roundList(_ language: Lang) throws {
        let html = PageSnapshotTests.page(RoundListPage(model: Self.list), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "1차 서류 평가" : "First document review"))
        #expect(html.contains("발표 평가") && html.contains("7 / 36"))
        // The decided round is named, not linked, in the judge's list.
        #expect(!html.contains("/rounds/5E000000-0000-0000-0000-000000000003"))
        try PageSnapshotTests.assertSnapshot(html, named: "round-list.\(language.rawValue).html")
    }

    @Test("the rounds list of a judge with no assignment", arguments: [Lang.ko, Lang.en])
    func emptyRoundList(_ language: Lang) throws {
        var model = RoundListModel()
        model.now = Self.now
        model.hasExpertRecord = true
        let html = PageSnapshotTests.page(RoundListPage(model: model), PageSnapshotTests.context(language))
        #expect(html.contains(language == .ko ? "배정된 심사가 없습니다." : "You have no judging assignment."))
        #expect(!html.contains("managed-rounds"))
        try PageSnapshotTests.assertSnapshot(html, named: "round-list-empty.\(language.rawValue).html")
    }
}
