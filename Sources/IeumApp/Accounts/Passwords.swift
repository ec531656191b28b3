import Foundation
import IeumCore
import Vapor

/// bcrypt over a SHA-256 of the password. bcrypt reads only the first 72 bytes, and a Korean
/// passphrase takes three bytes a syllable, so "우리 회사 첫 번째 공모 접수는 봄에 합니다" and the same
/// sentence with another ending would share a hash. The password is first reduced to its SHA-256
/// (44 characters of base64), and the stored digest is marked `$ieum-sha256$` before bcrypt's own
/// text. Digests written before this (plain bcrypt) still verify, and `needsUpgrade` tells the
/// sign-in to store the new form.
struct PrehashingBcryptHasher: PasswordHasher {
    static let marker = "$ieum-sha256$"
    let cost: Int

    static func prehash<Password: DataProtocol>(_ password: Password) -> String {
        Data(SHA256.hash(data: Array(password))).base64EncodedString()
    }

    func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
        let digest = try Bcrypt.hash(Self.prehash(password), cost: cost)
        return Array((Self.marker + digest).utf8)
    }

    func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws -> Bool {
        let stored = String(decoding: digest, as: UTF8.self)
        if stored.hasPrefix(Self.marker) {
            return try Bcrypt.verify(Self.prehash(password), created: String(stored.dropFirst(Self.marker.count)))
        }
        // A plain bcrypt digest from before the marker (bcrypt itself reads the first 72 bytes).
        return try Bcrypt.verify(String(decoding: password, as: UTF8.self), created: stored)
    }

    /// Whether a stored digest is of the earlier form, to be replaced at the next sign-in.
    static func needsUpgrade(_ digest: String) -> Bool { !digest.hasPrefix(marker) }
}

extension Application.Passwords.Provider {
    static func prehashingBcrypt(cost: Int) -> Self {
        .init { app in app.passwords.use { _ in PrehashingBcryptHasher(cost: cost) } }
    }
}

/// What a new password must be: 10 to 128 characters, not the account's e-mail (or the part
/// before the @), not one character over and over, and not on the list of commonly used passwords.
enum PasswordRules {
    static let minimum = 10
    static let maximum = 128

    static func problem(_ password: String, email: String? = nil) -> Localized? {
        if password.count < minimum {
            return Localized("비밀번호는 \(minimum)자 이상이어야 합니다.", "The password must be at least \(minimum) characters.")
        }
        if password.count > maximum {
            return Localized("비밀번호는 \(maximum)자 이하여야 합니다.", "The password must be at most \(maximum) characters.")
        }
        let folded = password.lowercased()
        if let email = email?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty {
            let local = email.split(separator: "@").first.map(String.init) ?? email
            if folded == email || folded == local || (local.count >= 4 && folded.contains(local)) {
                return Localized("비밀번호에 이메일 주소를 쓰지 마세요.", "Do not use your e-mail address in the password.")
            }
        }
        if Set(folded).count == 1 || commonPasswords.contains(folded) {
            return Localized("너무 흔한 비밀번호입니다. 다른 사람이 짐작하기 어려운 문장이나 단어 조합을 쓰세요.",
                             "This password is too common. Choose a phrase or a combination of words others would not guess.")
        }
        return nil
    }

    /// Passwords of 10 characters or more that people use most (lower case): those of zxcvbn
    /// 4.4.28's password frequency list, and keyboard habits of Korean users (`qwer1234!@`, Hangul
    /// words typed on an English layout). Shorter ones are refused by length already.
    static let commonPasswords: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt", subdirectory: "Resources/Data"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { String($0) })
    }()
}
