/// 사업자등록번호: ten digits `XXX-XX-XXXXX`, the last one a check digit.
///
/// The check digit follows the National Tax Service rule: multiply the first nine digits by
/// 1,3,7,1,3,7,1,3,5, add the tens part of (9th digit × 5), and the check digit is what brings
/// the sum to a multiple of ten.
public struct BusinessNumber: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The ten digits, without hyphens.
    public let digits: String

    public enum Problem: Error, Equatable, Sendable {
        case empty
        case wrongLength(Int)
        case notDigits
        case badCheckDigit
    }

    private static let weights = [1, 3, 7, 1, 3, 7, 1, 3, 5]

    /// Accepts `1234567890`, `123-45-67890` and the same with spaces; anything else is a `Problem`.
    public init(validating raw: String) throws(Problem) {
        let trimmed = raw.filter { !$0.isWhitespace && $0 != "-" }
        if trimmed.isEmpty { throw .empty }
        guard trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        guard trimmed.count == 10 else { throw .wrongLength(trimmed.count) }
        let values = trimmed.compactMap { $0.wholeNumberValue }
        guard values[9] == Self.checkDigit(forFirstNine: Array(values[0..<9])) else { throw .badCheckDigit }
        digits = trimmed
    }

    public init?(_ raw: String) {
        guard let value = try? BusinessNumber(validating: raw) else { return nil }
        self = value
    }

    /// The check digit for nine leading digits; used to build valid numbers in demo data and tests.
    /// Digits past the ninth are ignored and missing ones count as 0 (the parser always passes nine).
    public static func checkDigit(forFirstNine given: [Int]) -> Int {
        let nine = Array(given.prefix(9)) + Array(repeating: 0, count: max(0, 9 - given.count))
        var sum = 0
        for (digit, weight) in zip(nine, weights) { sum += digit * weight }
        sum += (nine[8] * 5) / 10
        return (10 - sum % 10) % 10
    }

    /// `123-45-67890`, as printed on a certificate.
    public var formatted: String {
        let chars = Array(digits)
        return String(chars[0..<3]) + "-" + String(chars[3..<5]) + "-" + String(chars[5..<10])
    }

    public var description: String { formatted }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { self = try BusinessNumber(validating: raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid business number"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
