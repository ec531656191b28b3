import Foundation
import Testing
@testable import IeumApp

/// New migrations write table and column names out (issue 15, item 5): a migration that reads a
/// model's `schema` or key paths changes meaning when the model is renamed, after it has run on
/// real databases. The landed migrations up to `CreateStoredFiles` stay as they are; every one
/// listed after it is read from the sources and must name its tables and columns itself.
@Suite("New migrations write their names out")
struct MigrationNamesTests {
    static let lastLandedWithModelNames = "CreateStoredFiles"

    static var newer: [String] {
        let names = Migrations.all.map { String(describing: type(of: $0)) }
        guard let cut = names.firstIndex(of: lastLandedWithModelNames) else { return [] }
        return Array(names[(cut + 1)...])
    }

    /// The source of `struct NAME: AsyncMigration { … }` up to its closing brace at the line start.
    static func body(of name: String) throws -> String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/IeumApp")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard let start = text.range(of: "struct \(name): AsyncMigration {") else { continue }
            let end = text.range(of: "\n}", range: start.upperBound..<text.endIndex)?.upperBound ?? text.endIndex
            return String(text[start.lowerBound..<end])
        }
        return nil
    }

    @Test("the migrations after the cut are found")
    func listed() throws {
        #expect(Self.newer.contains("CreateMatchingChanges"))
        #expect(try Self.body(of: "CreateMatchingChanges")?.contains("matching_changes") == true)
        // The check itself: a landed migration that does use a model's schema is caught.
        #expect(try Self.usesModelNames(Self.body(of: Self.lastLandedWithModelNames) ?? ""))
    }

    static func usesModelNames(_ source: String) throws -> Bool {
        let modelSchema = try NSRegularExpression(pattern: #"\b[A-Z][A-Za-z]*\.(schema|chunkSchema|space)\b|\\[A-Z]?[A-Za-z]*\.\$"#)
        return modelSchema.firstMatch(in: source, range: NSRange(source.startIndex..., in: source)) != nil
    }

    @Test("every newer migration names its tables and columns itself", arguments: newer)
    func namesWrittenOut(_ name: String) throws {
        let source = try #require(try Self.body(of: name), "\(name) not found in Sources/IeumApp")
        #expect(try !Self.usesModelNames(source), "\(name) refers to a model's schema or key paths")
    }
}
