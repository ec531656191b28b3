import CSV
import Foundation

/// A file of records as programs receive them: CSV saved by Excel (UTF-8 with or without BOM,
/// or CP949) or JSON Lines in the interchange format. Every record keeps the row number a person
/// sees: the spreadsheet row for CSV (the header is row 1), the line number for JSON Lines.
public struct TabularFile: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl

        /// From the file name, else from the first character (`{` is JSON Lines).
        public static func detect(fileName: String?, text: String) -> Format {
            let lower = (fileName ?? "").lowercased()
            if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") { return .jsonl }
            if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") { return .csv }
            return text.drop(while: { $0.isWhitespace }).first == "{" ? .jsonl : .csv
        }
    }

    public struct Record: Sendable, Equatable {
        public let row: Int
        /// Column header (as written in the file) → value. Lists in JSON become comma-separated text.
        public let values: [String: String]
        /// Set when the record itself could not be read (a malformed JSON line).
        public let problem: Localized?
    }

    public enum Problem: Error, Equatable, Sendable {
        case undecodable
        case empty
        case duplicateHeader(String)
        case malformedCSV

        public var message: Localized {
            switch self {
            case .undecodable:
                Localized("파일을 읽을 수 없습니다. UTF-8 또는 CP949(엑셀 CSV)로 저장된 파일인지 확인하세요.",
                          "The file cannot be read. Save it as UTF-8 or CP949 (Excel CSV).")
            case .empty:
                Localized("파일에 데이터가 없습니다.", "The file has no data.")
            case .duplicateHeader(let name):
                Localized("열 제목이 중복되었습니다: \(name)", "A column header appears twice: \(name)")
            case .malformedCSV:
                Localized("CSV 형식이 올바르지 않습니다 (닫히지 않은 따옴표 등).", "The CSV is malformed (for example an unclosed quote).")
            }
        }
    }

    public let format: Format
    public let encoding: TextDecoding.Encoding
    public let header: [String]
    public let records: [Record]

    /// Decodes and parses a whole file. CSV cells that an export neutralised (`'=…`) read back as
    /// the text they stood for unless `restoringText` is false (to look at the cells as written).
    public static func parse(_ bytes: [UInt8], fileName: String?, restoringText: Bool = true) throws(Problem) -> TabularFile {
        let decoded: (text: String, encoding: TextDecoding.Encoding)
        do { decoded = try TextDecoding.decode(bytes) } catch { throw .undecodable }
        let format = Format.detect(fileName: fileName, text: decoded.text)
        switch format {
        case .csv: return try parseCSV(decoded.text, encoding: decoded.encoding, restoringText: restoringText)
        case .jsonl: return try parseJSONLines(decoded.text, encoding: decoded.encoding)
        }
    }

    static func parseCSV(_ text: String, encoding: TextDecoding.Encoding, restoringText: Bool) throws(Problem) -> TabularFile {
        // Every quote in valid CSV is paired (a quote inside a quoted cell is doubled); an odd count
        // means a cell was never closed, and the reader would swallow the rest of the file into it.
        if text.unicodeScalars.reduce(0, { $1 == "\"" ? $0 + 1 : $0 }) % 2 != 0 { throw .malformedCSV }
        let firstLine = text.prefix(while: { !$0.isNewline })
        // Excel's "텍스트(탭으로 분리)" saves tabs; everything else here is commas.
        let delimiter: UnicodeScalar = firstLine.contains("\t") && !firstLine.contains(",") ? "\t" : ","
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: false, delimiter: delimiter)
        } catch {
            throw .empty
        }
        guard let rawHeader = reader.headerRow else { throw .empty }
        let header = rawHeader.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var seen = Set<String>()
        for name in header where !name.isEmpty {
            if !seen.insert(name).inserted { throw .duplicateHeader(name) }
        }
        var records: [Record] = []
        var row = 1
        while let fields = reader.next() {
            row += 1
            // Excel leaves rows of empty cells at the end of a sheet.
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            var values: [String: String] = [:]
            for (index, name) in header.enumerated() where !name.isEmpty && index < fields.count {
                // A cell our own export wrote as '=… reads back as =… (SpreadsheetText).
                values[name] = restoringText ? SpreadsheetText.restored(fields[index]) : fields[index]
            }
            records.append(Record(row: row, values: values, problem: nil))
        }
        if reader.error != nil { throw .malformedCSV }
        if header.allSatisfy(\.isEmpty) { throw .empty }
        return TabularFile(format: .csv, encoding: encoding, header: header, records: records)
    }

    static func parseJSONLines(_ text: String, encoding: TextDecoding.Encoding) throws(Problem) -> TabularFile {
        var header: [String] = []
        var known = Set<String>()
        var records: [Record] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let row = index + 1
            guard let object = try? JSONDecoder().decode([String: JSONScalar].self, from: Data(trimmed.utf8)) else {
                records.append(Record(row: row, values: [:], problem: Localized(
                    "JSON 객체가 아닙니다.", "The line is not a JSON object.")))
                continue
            }
            var values: [String: String] = [:]
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                if known.insert(key).inserted { header.append(key) }
                values[key] = value.text
            }
            records.append(Record(row: row, values: values, problem: nil))
        }
        if records.isEmpty { throw .empty }
        return TabularFile(format: .jsonl, encoding: encoding, header: header, records: records)
    }

}

/// A JSON value read as the text a form field would hold; lists become comma-separated text.
struct JSONScalar: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { text = ""; return }
        if let value = try? container.decode(Bool.self) { text = value ? "true" : "false"; return }
        if let value = try? container.decode(Int64.self) { text = String(value); return }
        if let value = try? container.decode(Double.self) { text = String(value); return }
        if let value = try? container.decode(String.self) { text = value; return }
        if let list = try? container.decode([JSONScalar].self) { text = list.map(\.text).joined(separator: ","); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "nested objects are not supported")
    }
}
