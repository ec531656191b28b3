import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238, on HOTP of RFC 4226) as authenticator apps make them:
/// HMAC-SHA1 by default, 30-second steps, 6 digits. Pure arithmetic over a secret and a moment.
public struct OneTimePassword: Sendable, Equatable {
    public enum Algorithm: String, Sendable, Equatable {
        case sha1 = "SHA1", sha256 = "SHA256", sha512 = "SHA512"
    }

    public let secret: [UInt8]
    public var algorithm: Algorithm = .sha1
    public var digits: Int = 6
    public var period: Int = 30

    public init(secret: [UInt8], algorithm: Algorithm = .sha1, digits: Int = 6, period: Int = 30) {
        self.secret = secret
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
    }

    /// The step a moment falls in: whole periods since the Unix epoch (RFC 6238 §4, T0 = 0).
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code of one step, zero-padded to `digits` (RFC 4226 §5.3, dynamic truncation).
    public func code(forStep step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8] = switch algorithm {
        case .sha1: Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary = (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: max(0, digits - value.count)) + value
    }

    public func code(at date: Date) -> String {
        code(forStep: step(at: date))
    }

    /// The step whose code `typed` is, within `drift` steps either side of `date` (a phone's clock
    /// a little off, a code typed as it rolled over), and later than `usedStep`, so a code once
    /// accepted is never accepted again. Spaces in `typed` are ignored; comparison takes the same
    /// time whichever digit differs.
    public func matchingStep(_ typed: String, at date: Date, drift: Int64 = 1, after usedStep: Int64? = nil) -> Int64? {
        let candidate = typed.filter { !$0.isWhitespace }
        guard candidate.count == digits, candidate.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let now = step(at: date)
        var found: Int64?
        for step in (now - drift)...(now + drift) where step > (usedStep ?? Int64.min) {
            if Self.sameBytes(code(forStep: step), candidate), found == nil { found = step }
        }
        return found
    }

    /// The `otpauth://` address authenticator apps read (Google Authenticator's key URI format):
    /// the label `issuer:account`, the secret in base32, and the issuer again as a parameter.
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        var labelCharacters = CharacterSet.urlPathAllowed
        labelCharacters.remove(charactersIn: ":/?#[]@!$&'()*+,;=")
        labelCharacters.insert("@")
        var valueCharacters = CharacterSet.urlQueryAllowed
        valueCharacters.remove(charactersIn: "&=+#?")
        let label = [issuer, account].map { $0.addingPercentEncoding(withAllowedCharacters: labelCharacters) ?? "" }.joined(separator: ":")
        let issuerValue = issuer.addingPercentEncoding(withAllowedCharacters: valueCharacters) ?? ""
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerValue)"
    }

    /// The base32 secret in groups of four, for typing into an app by hand.
    public static func grouped(_ base32: String) -> String {
        var groups: [String] = []
        var rest = Substring(base32)
        while !rest.isEmpty {
            groups.append(String(rest.prefix(4)))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }

    /// A new secret: 20 random bytes, the length of an HMAC-SHA1 key (RFC 4226 §4 recommends 160 bits).
    public static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// Base32 of RFC 4648 §6 (A–Z, 2–7), written without padding as authenticator apps expect.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of a base32 text, ignoring case, spaces, hyphens and trailing `=`; nil when
    /// another character appears or the length cannot be one of base32.
    public static func decode(_ text: String) -> [UInt8]? {
        var buffer: UInt32 = 0
        var bits = 0
        var out: [UInt8] = []
        var symbols = 0
        var padding = false
        for character in text.uppercased().utf8 {
            if character == UInt8(ascii: " ") || character == UInt8(ascii: "-") { continue }
            if character == UInt8(ascii: "=") { padding = true; continue }
            guard !padding, let value = alphabet.firstIndex(of: character) else { return nil }
            symbols += 1
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        // 1, 3 and 6 symbols left over in a group of eight cannot come from whole bytes.
        guard ![1, 3, 6].contains(symbols % 8) else { return nil }
        return out
    }
}
