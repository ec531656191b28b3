import Foundation

/// A line of a JSON Lines file that could not be read.
public struct LineError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// Reads the interchange format: one JSON object per line, unknown fields ignored, blank lines
/// skipped; a malformed line is reported with its 1-based number and reading goes on.
public enum JSONLines {
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String = "-") -> (records: [T], errors: [LineError]) {
        let decoder = JSONDecoder()
        var records: [T] = []
        var errors: [LineError] = []
        var lineNumber = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.first == 0xEF && lineNumber == 1 && line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                records.append(try decoder.decode(T.self, from: Data(line)))
            } catch let DecodingError.keyNotFound(key, _) {
                errors.append(LineError(file: file, line: lineNumber, message: "missing field \"\(key.stringValue)\""))
            } catch let DecodingError.typeMismatch(_, context) {
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                errors.append(LineError(file: file, line: lineNumber, message: "wrong type for \"\(path)\""))
            } catch let DecodingError.valueNotFound(_, context) {
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                errors.append(LineError(file: file, line: lineNumber, message: "null for \"\(path)\""))
            } catch {
                errors.append(LineError(file: file, line: lineNumber, message: "not a JSON object"))
            }
        }
        return (records, errors)
    }

    public static func read<T: Decodable>(_ type: T.Type, path: String) throws -> (records: [T], errors: [LineError]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return decode(type, from: data, file: path)
    }
}

/// Run files: `need_id<TAB>startup_id<TAB>rank`, rank 1 best.
public enum RunFormat {
    public static func lines(needId: String, matches: [Match]) -> String {
        var out = ""
        for (i, m) in matches.enumerated() { out += "\(needId)\t\(m.startupId)\t\(i + 1)\n" }
        return out
    }
}
