import Foundation
import Testing
import Vapor
@testable import IeumApp

/// Reading bulk preview and result pages in request tests.
enum BulkPage {
    /// The `ids[]` a preview's confirmation posts back (`uuid@stamp`), in order.
    static func confirmIDs(_ html: String) -> [String] {
        guard let form = html.range(of: "class=\"bulk-confirm\"") else { return [] }
        let tail = String(html[form.lowerBound...])
        let pattern = try! NSRegularExpression(pattern: "name=\"ids\\[\\]\" value=\"([^\"]+)\"")
        return pattern.matches(in: tail, range: NSRange(tail.startIndex..., in: tail)).compactMap {
            Range($0.range(at: 1), in: tail).map { String(tail[$0]) }
        }
    }

    /// The rows of one table of a preview (`bulk-changes` or `bulk-skips`) by id.
    static func rows(_ html: String, table: String) -> [String] {
        guard let start = html.range(of: "class=\"\(table)\""), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else { return [] }
        let part = String(html[start.upperBound..<end.lowerBound])
        let pattern = try! NSRegularExpression(pattern: "data-row=\"([0-9A-F-]{36})\"")
        return pattern.matches(in: part, range: NSRange(part.startIndex..., in: part)).compactMap {
            Range($0.range(at: 1), in: part).map { String(part[$0]) }
        }
    }

    /// The text of a row of a preview table or of the result table (tags stripped).
    static func rowText(_ html: String, id: UUID, table: String? = nil) -> String {
        var scope = html[...]
        if let table, let start = html.range(of: "class=\"\(table)\"") { scope = html[start.upperBound...] }
        guard let start = scope.range(of: "data-row=\"\(id.uuidString)\""), let end = scope.range(of: "</tr>", range: start.upperBound..<scope.endIndex) else { return "" }
        return String(scope[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    }

    /// Result per row id on a result page: done, skipped or failed.
    static func results(_ html: String) -> [UUID: String] {
        let pattern = try! NSRegularExpression(pattern: "data-row=\"([0-9A-F-]{36})\" data-result=\"([a-z]+)\"")
        var out: [UUID: String] = [:]
        for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let id = Range(match.range(at: 1), in: html).flatMap({ UUID(uuidString: String(html[$0])) }),
                  let result = Range(match.range(at: 2), in: html).map({ String(html[$0]) }) else { continue }
            out[id] = result
        }
        return out
    }

    static func ids(_ ids: [UUID]) -> [(String, String)] { ids.map { ("ids[]", $0.uuidString) } }
    static func posted(_ values: [String]) -> [(String, String)] { values.map { ("ids[]", $0) } }
}
