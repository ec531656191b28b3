import Foundation
import IeumCore
import Testing
@testable import IeumApp

/// Pages rendered from plain models, no database (issue 15, item 2): the HTML of each page, in
/// Korean and English, is kept under `Tests/IeumAppTests/Snapshots/pages/` and compared byte for
/// byte. A change to a page shows up as a diff of its snapshot; `IEUM_RECORD_SNAPSHOTS=1 swift
/// test --filter PageSnapshotTests` writes them anew, to be read and committed with the change.
@Suite("Pages rendered from plain models")
struct PageSnapshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("pages")
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-29, Seoul

    static let platformOperator = Principal(userID: UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!, name: "운영자",
                                            email: "operator@snapshot.example", platformRole: .operator, memberships: [])

    static func context(_ language: Lang) -> PageContext {
        var context = PageContext(language: language, actor: platformOperator, csrfToken: "token", path: "/experts")
        context.now = now
        return context
    }

    /// Compares `html` with the stored snapshot `name`, or writes it when recording (or when none exists yet, failing then).
    static func assertSnapshot(_ html: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name)
        let recording = ProcessInfo.processInfo.environment["IEUM_RECORD_SNAPSHOTS"] == "1"
        guard !recording, let stored = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try html.write(to: file, atomically: true, encoding: .utf8)
            if !recording { Issue.record("no snapshot \(name) yet: written, check it and run again", sourceLocation: sourceLocation) }
            return
        }
        if stored != html {
            let a = stored.split(separator: "\n", omittingEmptySubsequences: false), b = html.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(a, b)).firstIndex { $0.0 != $0.1 } ?? min(a.count, b.count)
            Issue.record("\(name) differs from its snapshot at line \(line + 1):\n- \(line < a.count ? a[line] : "")\n+ \(line < b.count ? b[line] : "")",
                         sourceLocation: sourceLocation)
        }
    }

    /// What a page adds to the shared layout (the layout has tests of its own): its title and
    /// its content, indented one element per line so that a snapshot's diff reads well.
    static func page(_ page: some Page, _ context: PageContext) -> String {
        "<title>\(page.title(context))</title>\n" + page.content(context).render(indentedBy: .spaces(2)) + "\n"
    }

    static let expertPool = ExpertListModel(
        rows: [
            .init(id: UUID(uuidString: "E0000000-0000-0000-0000-000000000001")!, name: "김하늘", sector: .academia,
                  affiliation: "한국과학기술원 교수", fields: ["반도체", "인공지능"], available: true, availabilityNote: ""),
            .init(id: UUID(uuidString: "E0000000-0000-0000-0000-000000000002")!, name: "Jordan Lee", sector: .industry,
                  affiliation: "한빛소재 수석연구원", fields: ["이차전지"], available: false, availabilityNote: "12월 출장"),
        ],
        paging: Paging(page: 2, perPage: 2, total: 5), query: "반도체 설계", field: "semiconductor",
        fields: [.init(code: "semiconductor", name: "반도체"), .init(code: "battery", name: "이차전지")])

    @Test("the expert pool", arguments: [Lang.ko, Lang.en])
    func expertPoolPage(_ language: Lang) throws {
        let html = Self.page(ExpertListPage(model: Self.expertPool), Self.context(language))
        #expect(html.contains("김하늘") && html.contains("12월 출장"))
        try Self.assertSnapshot(html, named: "expert-list.\(language.rawValue).html")
    }

    @Test("the expert pool with nothing found", arguments: [Lang.ko, Lang.en])
    func emptyExpertPool(_ language: Lang) throws {
        var model = Self.expertPool
        model.rows = []
        model.paging = Paging(page: 1, perPage: 30, total: 0)
        let html = Self.page(ExpertListPage(model: model), Self.context(language))
        #expect(html.contains(language == .ko ? "찾는 전문가가 없습니다." : "No expert found."))
        try Self.assertSnapshot(html, named: "expert-list-empty.\(language.rawValue).html")
    }
}
