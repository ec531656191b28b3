import Crypto
import Foundation

/// Single-use recovery codes for a person who lost their authenticator: ten characters in two
/// groups (`7kq2m-x9fdh`), from an alphabet without the look-alikes 0/o, 1/l/i, so a code read off
/// paper is typed right. 31 symbols × 10 ≈ 49.5 bits each; only a SHA-256 of the normalised code
/// is kept, which is enough at that strength behind sign-in throttling.
public enum RecoveryCode {
    public static let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyz")
    public static let length = 10
    public static let countPerSet = 10

    public static func newSet() -> [String] {
        var generator = SystemRandomNumberGenerator()
        var codes: [String] = []
        while codes.count < countPerSet {
            let symbols = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            let code = String(symbols.prefix(length / 2)) + "-" + String(symbols.suffix(length / 2))
            if !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// What a person typed, as it is hashed: lower case, without spaces and hyphens; nil when it
    /// cannot be a recovery code at all.
    public static func normalized(_ typed: String) -> String? {
        let kept = typed.lowercased().filter { !$0.isWhitespace && $0 != "-" }
        guard kept.count == length, kept.allSatisfy(alphabet.contains) else { return nil }
        return kept
    }

    /// The stored form: SHA-256 of the normalised code, in lower-case hex.
    public static func hash(_ normalizedCode: String) -> String {
        SHA256.hash(data: Data(normalizedCode.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
