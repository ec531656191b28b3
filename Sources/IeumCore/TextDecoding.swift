import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the bytes of an uploaded file into text. Korean Excel saves CSV as CP949 (a superset of
/// EUC-KR); newer tools save UTF-8, with or without a byte-order mark.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8, utf8WithBOM, cp949
    }

    public enum Problem: Error, Equatable, Sendable {
        case undecodable
    }

    /// Decodes UTF-8 (BOM stripped) when the bytes are valid UTF-8, otherwise CP949.
    public static func decode(_ bytes: [UInt8]) throws(Problem) -> (text: String, encoding: Encoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = Array(bytes.dropFirst(3))
            guard let text = String(validating: body, as: UTF8.self) else { throw .undecodable }
            return (text, .utf8WithBOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, .utf8)
        }
        guard let text = decodeCP949(bytes) else { throw .undecodable }
        return (text, .cp949)
    }

    /// CP949 → String through the C library's iconv (glibc ships the CP949/UHC converter).
    public static func decodeCP949(_ bytes: [UInt8]) -> String? {
        convert(bytes, from: "CP949", to: "UTF-8").flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// String → CP949 bytes, for tests and for users who ask for an Excel-legacy export.
    public static func encodeCP949(_ text: String) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: "CP949")
    }

    private static func convert(_ input: [UInt8], from: String, to: String) -> [UInt8]? {
        let cd = iconv_open(to, from)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        if input.isEmpty { return [] }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var inCopy = input.map { CChar(bitPattern: $0) }
        let produced: Int? = inCopy.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf -> Int? in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let count = produced else { return nil }
        return Array(output.prefix(count))
    }
}
