import Foundation
import NIOCore

/// How the connection to the SMTP server is protected (`IEUM_SMTP_TLS`).
public enum SMTPTLSMode: String, Sendable, CaseIterable {
    /// A plain connection upgraded by STARTTLS before anything else is said (usually port 587).
    /// A server that does not offer STARTTLS gets no mail: there is no silent fall-back.
    case starttls
    /// TLS from the first byte (usually port 465).
    case tls
    /// No TLS: for a relay on this machine or a private network. AUTH is then refused unless the
    /// server is on this machine, so a password never crosses a network in plain text.
    case plain = "none"
}

/// Where and as whom Ieum sends e-mail (`IEUM_SMTP_*`).
public struct SMTPSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The envelope sender and the `From:` header.
    public var from: String
    public var username: String?
    public var password: String?
    /// For connecting and for each reply of the server.
    public var timeout: TimeAmount
    /// The name given in EHLO.
    public var clientName: String
    public var tls: SMTPTLSMode
    /// PEM file of the certificate authorities to trust instead of the system's (a private CA).
    public var caFile: String?

    public init(host: String, port: Int = 25, from: String, username: String? = nil, password: String? = nil,
                timeout: TimeAmount = .seconds(30), clientName: String = "ieum.localhost",
                tls: SMTPTLSMode = .starttls, caFile: String? = nil) {
        self.host = host
        self.port = port
        self.from = from
        self.username = username
        self.password = password
        self.timeout = timeout
        self.clientName = clientName
        self.tls = tls
        self.caFile = caFile
    }

    /// A bare address (`local@domain`) that cannot break out of `<…>` or a header line.
    static func isMailbox(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, address.utf8.count <= 254 else { return false }
        return address.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }

    /// A server on this machine: the only place a password may go without TLS.
    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        return name == "localhost" || name.hasSuffix(".localhost") || name == "::1" || name == "[::1]"
            || (name.hasPrefix("127.") && name.split(separator: ".").count == 4 && name.split(separator: ".").allSatisfy { UInt8($0) != nil })
    }

    /// The name the certificate must carry and SNI sends; nil for an IP address, which is then
    /// checked against the certificate's IP entries (SNI may not carry an address).
    var serverHostname: String? {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return (try? SocketAddress(ipAddress: bare, port: 0)) == nil ? host : nil
    }
}

/// One e-mail as the outbox hands it to a transport.
public struct MailEnvelope: Sendable, Equatable {
    public var id: UUID
    public var to: String
    public var subject: String
    public var body: String
    public var date: Date

    public init(id: UUID, to: String, subject: String, body: String, date: Date) {
        self.id = id
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
    }
}

/// Whatever carries a mail out of the outbox: the SMTP client in production, a recorder in tests.
public protocol MailTransport: Sendable {
    func send(_ mail: MailEnvelope) async throws
}

/// Builds the RFC 5322 text of a mail: UTF-8 plain text, the subject as RFC 2047 encoded words.
enum MIMEText {
    /// SMTP's limit on a line (RFC 5321 §4.5.3.1.6), without CRLF.
    static let maxLineOctets = 998

    enum BodyEncoding: String {
        case eightBit = "8bit"
        case base64
    }

    /// The whole message, lines ending in CRLF, not yet dot-stuffed.
    static func message(_ mail: MailEnvelope, from: String, encoding: BodyEncoding) -> String {
        let body = normalizedLines(mail.body)
        let encodedBody: [String]
        switch encoding {
        case .eightBit: encodedBody = body
        case .base64:
            let data = Data(body.joined(separator: "\r\n").utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            encodedBody = data.components(separatedBy: "\r\n")
        }
        let headers = [
            "From: \(from)",
            "To: \(mail.to)",
            "Subject: \(encodedWords(mail.subject))",
            "Date: \(rfc5322Date(mail.date))",
            "Message-ID: <\(mail.id.uuidString.lowercased())@ieum>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: \(encoding.rawValue)",
        ]
        return (headers + [""] + encodedBody).joined(separator: "\r\n") + "\r\n"
    }

    /// 8bit needs the server's 8BITMIME and lines within SMTP's limit; otherwise base64.
    static func encoding(for body: String, serverHas8BitMIME: Bool) -> BodyEncoding {
        guard serverHas8BitMIME else { return .base64 }
        return normalizedLines(body).allSatisfy { $0.utf8.count <= maxLineOctets } ? .eightBit : .base64
    }

    /// Any of CRLF, CR or LF ends a line; a bare CR or LF never reaches the wire.
    static func normalizedLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
    }

    /// RFC 2047 "B" encoded words of at most 75 characters each, split between characters (never
    /// inside one UTF-8 sequence), joined by folding whitespace. ASCII without specials stays as is.
    static func encodedWords(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !flat.contains("=?") && flat.utf8.count <= 70 {
            return flat
        }
        // 39 bytes are 52 base64 characters, 64 with "=?UTF-8?B?" and "?=": the first line with
        // "Subject: " stays under RFC 2047's 76, and no word needs padding but the last.
        let maxBytes = 39
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in flat {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Lines of the DATA section: a line that starts with "." gets one more (RFC 5321 §4.5.2).
    static func dotStuffed(_ message: String) -> String {
        var lines = message.components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }

    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SeoulTime.zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let offset = SeoulTime.zone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(days[(c.weekday ?? 1) - 1]), \(c.day ?? 1) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) \(sign)\(two(abs(offset) / 60))\(two(abs(offset) % 60))"
    }
}
