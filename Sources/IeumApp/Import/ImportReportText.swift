import Foundation
import IeumCore

/// The import report as terminal text, both languages.
public enum ImportReportText {
    public static func render(_ preview: ImportPreview, limit: Int = 200) -> String {
        var lines: [String] = []
        lines.append("파일 / file: \(preview.fileName) (\(preview.format.rawValue), \(preview.encoding.rawValue))")
        if let problem = preview.fileProblem {
            lines.append("오류 / error: \(problem.ko) / \(problem.en)")
            return lines.joined(separator: "\n")
        }
        lines.append("행 \(preview.recordCount)개: 신규 \(preview.createCount), 갱신 \(preview.updateCount), 오류 행 \(preview.badRowCount)"
                     + " / \(preview.recordCount) rows: \(preview.createCount) new, \(preview.updateCount) updates, \(preview.badRowCount) rows with errors")
        if !preview.ignoredColumns.isEmpty {
            lines.append("무시한 열 / ignored columns: \(preview.ignoredColumns.joined(separator: ", "))")
        }
        for problem in preview.problems.prefix(limit) {
            lines.append("  \(problem.row)행 [\(problem.column)] \(problem.message.ko) / row \(problem.row) [\(problem.column)] \(problem.message.en)")
        }
        if preview.problems.count > limit {
            lines.append("  … 외 \(preview.problems.count - limit)건 / and \(preview.problems.count - limit) more")
        }
        return lines.joined(separator: "\n")
    }
}
