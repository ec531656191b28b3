import Crypto
import Foundation
import IeumCore

/// The question a busy address answers instead of being refused (issue 17, item 8): one office or
/// a 전통시장 kiosk shares an address, so past `GrievanceLimits.challengeAfterPerHour` a person
/// proves they are typing, and only `GrievanceLimits.addressCeilingPerHour` stops that address.
/// The token carries a nonce, its end and an HMAC over nonce, end, address and the right answer
/// under the deployment's secret: the answer itself is never in the page, and a token works only
/// from the address it was made for and for ten minutes.
struct GrievanceChallenge: Equatable {
    let token: String
    let question: Localized

    static let lifetime: TimeInterval = 10 * 60
    static let koreanNumbers = ["영", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉"]
    static let englishNumbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

    /// The two numbers a nonce asks to add (2–9 each), derived from it so no state is kept.
    static func terms(_ nonce: String, secret: String) -> (Int, Int) {
        let digest = Array(HMAC<SHA256>.authenticationCode(for: Data(("terms|" + nonce).utf8), using: SymmetricKey(data: Data(secret.utf8))))
        return (2 + Int(digest[0] % 8), 2 + Int(digest[1] % 8))
    }

    static func mac(nonce: String, expires: Int, address: String, answer: Int, secret: String) -> String {
        let message = "\(nonce)|\(expires)|\(address)|\(answer)"
        return HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func make(address: String, now: Date, secret: String) -> GrievanceChallenge {
        let nonce = [UInt8].random(count: 12).base64URLEncoded()
        let expires = Int(now.addingTimeInterval(lifetime).timeIntervalSince1970)
        let (a, b) = terms(nonce, secret: secret)
        let token = "\(nonce).\(expires).\(mac(nonce: nonce, expires: expires, address: address, answer: a + b, secret: secret))"
        return GrievanceChallenge(token: token, question: question(a, b))
    }

    static func question(_ a: Int, _ b: Int) -> Localized {
        Localized("\(koreanNumbers[a]) 더하기 \(koreanNumbers[b])은(는) 얼마입니까? 숫자로 적어 주세요.",
                  "What is \(englishNumbers[a]) plus \(englishNumbers[b])? Answer in digits.")
    }

    /// The question a token asks, to show it again with the form (nil for a malformed token).
    static func question(of token: String, secret: String) -> Localized? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty else { return nil }
        let (a, b) = terms(String(parts[0]), secret: secret)
        return question(a, b)
    }

    /// Whether `answer` is right for `token`, made for `address` and not yet expired.
    static func verify(token: String, answer: String, address: String, now: Date, secret: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard token.count <= 200, parts.count == 3, let expires = Int(parts[1]), Double(expires) > now.timeIntervalSince1970,
              Double(expires) <= now.addingTimeInterval(lifetime + 60).timeIntervalSince1970,
              let given = Int(answer.trimmingCharacters(in: .whitespaces)), (0...100).contains(given)
        else { return false }
        let expected = mac(nonce: parts[0], expires: expires, address: address, answer: given, secret: secret)
        // Constant-time comparison of the two hex strings.
        guard expected.utf8.count == parts[2].utf8.count else { return false }
        return zip(expected.utf8, parts[2].utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
