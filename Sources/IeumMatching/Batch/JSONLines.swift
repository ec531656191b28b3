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
        // Lines found on the raw bytes (a `Data` walked element by element is slow): each is the
        // text between newlines without a trailing CR (and the first without a BOM); nil when blank.
        var lines: [Range<Int>?] = []
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            func close(_ end: Int) {
                var a = start, b = end
                if b > a && bytes[b - 1] == 0x0D { b -= 1 }
                if lines.isEmpty && b - a >= 3 && bytes[a] == 0xEF && bytes[a + 1] == 0xBB && bytes[a + 2] == 0xBF { a += 3 }
                var blank = true
                for i in a..<b where bytes[i] != 0x20 && bytes[i] != 0x09 { blank = false; break }
                lines.append(blank ? nil : a..<b)
            }
            for i in 0..<bytes.count where bytes[i] == 0x0A {
                close(i)
                start = i + 1
            }
            close(bytes.count)
        }
        let base = data.startIndex
        for (index, range) in lines.enumerated() {
            let lineNumber = index + 1
            guard let range else { continue }
            do {
                records.append(try decoder.decode(T.self, from: data.subdata(in: (base + range.lowerBound)..<(base + range.upperBound))))
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
