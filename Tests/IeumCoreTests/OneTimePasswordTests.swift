import Foundation
import Testing
@testable import IeumCore

@Suite("One-time passwords (RFC 6238), base32 and recovery codes")
struct OneTimePasswordTests {
    /// RFC 6238 Appendix B: the seed of each mode is the ASCII digits "1234567890" repeated to the
    /// key length of its hash (20, 32, 64 bytes); eight digits, 30-second steps.
    static func rfcSeed(_ algorithm: OneTimePassword.Algorithm) -> [UInt8] {
        let length = switch algorithm { case .sha1: 20; case .sha256: 32; case .sha512: 64 }
        return Array(String(repeating: "1234567890", count: 7).utf8.prefix(length))
    }

    @Test("the test vectors of RFC 6238 Appendix B, in all three modes", arguments: [
        (59, "94287082", "46119246", "90693936"),
        (1_111_111_109, "07081804", "68084774", "25091201"),
        (1_111_111_111, "14050471", "67062674", "99943326"),
        (1_234_567_890, "89005924", "91819424", "93441116"),
        (2_000_000_000, "69279037", "90698825", "38618901"),
        (20_000_000_000, "65353130", "77737706", "47863826"),
    ] as [(Int64, String, String, String)])
    func rfc6238Vectors(seconds: Int64, sha1: String, sha256: String, sha512: String) {
        // given
        let moment = Date(timeIntervalSince1970: TimeInterval(seconds))
        // when
        let codes = [OneTimePassword.Algorithm.sha1, .sha256, .sha512].map {
            OneTimePassword(secret: Self.rfcSeed($0), algorithm: $0, digits: 8).code(at: moment)
        }
        // then
        #expect(codes == [sha1, sha256, sha512])
    }

    @Test("six-digit HOTP values of RFC 4226 Appendix D (the truncation behind every TOTP)")
    func rfc4226Vectors() {
        // given
        let totp = OneTimePassword(secret: Self.rfcSeed(.sha1))
        // when
        let codes = (0..<10).map { totp.code(forStep: Int64($0)) }
        // then
        #expect(codes == ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"])
    }

    @Test("a code is accepted one step either side of now, not two, and never at or before the step already used")
    func driftAndReplay() {
        // given
        let totp = OneTimePassword(secret: Self.rfcSeed(.sha1))
        let now = Date(timeIntervalSince1970: 1_772_413_200)
        let step = totp.step(at: now)
        // when / then
        #expect(totp.matchingStep(totp.code(forStep: step), at: now) == step)
        #expect(totp.matchingStep(totp.code(forStep: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(totp.code(forStep: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(totp.code(forStep: step - 2), at: now) == nil)
        #expect(totp.matchingStep(totp.code(forStep: step + 2), at: now) == nil)
        #expect(totp.matchingStep(totp.code(forStep: step), at: now, after: step) == nil)
        #expect(totp.matchingStep(totp.code(forStep: step - 1), at: now, after: step - 1) == nil)
        #expect(totp.matchingStep(totp.code(forStep: step + 1), at: now, after: step) == step + 1)
    }

    @Test("typed codes: spaces are ignored; other lengths, letters and full-width digits are refused")
    func typedCodes() {
        // given
        let totp = OneTimePassword(secret: Self.rfcSeed(.sha1))
        let now = Date(timeIntervalSince1970: 59)
        let code = totp.code(at: now)
        let spaced = String(code.prefix(3)) + " " + String(code.suffix(3))
        let fullWidth = String(code.unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) })
        // when / then
        #expect(totp.matchingStep(spaced, at: now) != nil)
        for refused in ["", String(code.dropLast()), code + "0", "abcdef", fullWidth, String(repeating: "9", count: 10_000)] {
            #expect(totp.matchingStep(refused, at: now) == nil, "\(refused.prefix(20))")
        }
    }

    @Test("base32: the vectors of RFC 4648 §10 (unpadded), and decoding back", arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ])
    func base32Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
        #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8))
    }

    @Test("base32 decoding accepts padding, spaces and hyphens, and refuses other characters and impossible lengths")
    func base32Decoding() {
        #expect(Base32.decode("MZXW6===") == Array("foo".utf8))
        #expect(Base32.decode("mzxw 6ytb-oi") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        #expect(Base32.decode("M") == nil)
        #expect(Base32.decode("MZ=X") == nil)
    }

    @Test("a new secret is 20 random bytes, 32 base32 characters shown in eight groups of four")
    func newSecret() {
        // when
        let first = OneTimePassword.newSecret()
        let second = OneTimePassword.newSecret()
        let text = Base32.encode(first)
        // then
        #expect(first.count == 20)
        #expect(first != second)
        #expect(text.count == 32)
        let grouped = OneTimePassword.grouped(text)
        #expect(grouped.split(separator: " ").map(\.count) == Array(repeating: 4, count: 8))
        #expect(Base32.decode(grouped) == first)
    }

    @Test("the otpauth address names the issuer and the account, carries the secret, and escapes the label")
    func provisioningURI() {
        // given
        let secret = Array("12345678901234567890".utf8)
        // when
        let plain = OneTimePassword.provisioningURI(secret: secret, account: "founder@ieum.example", issuer: "Ieum")
        let odd = OneTimePassword.provisioningURI(secret: secret, account: "a b+c:d?@x.kr", issuer: "Ieum")
        // then
        #expect(plain == "otpauth://totp/Ieum:founder@ieum.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Ieum")
        #expect(odd == "otpauth://totp/Ieum:a%20b%2Bc%3Ad%3F@x.kr?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Ieum")
    }

    @Test("recovery codes: ten different codes of ten unambiguous characters; typed forms normalise to the hashed one")
    func recoveryCodes() throws {
        // when
        let codes = RecoveryCode.newSet()
        // then
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        for code in codes {
            #expect(code.count == 11)
            #expect(code.filter { $0 != "-" }.allSatisfy { RecoveryCode.alphabet.contains($0) })
            #expect(!code.contains(where: { "01ilo".contains($0) }))
        }
        let code = try #require(codes.first)
        let normalized = try #require(RecoveryCode.normalized(code))
        #expect(RecoveryCode.normalized(" " + code.uppercased().replacingOccurrences(of: "-", with: " ") + " ") == normalized)
        #expect(RecoveryCode.hash(normalized).count == 64)
        #expect(RecoveryCode.hash(normalized) != RecoveryCode.hash(try #require(RecoveryCode.normalized(codes[1]))))
        #expect(RecoveryCode.normalized("123456") == nil)
        #expect(RecoveryCode.normalized("abcde-fghi0") == nil)
    }
}
