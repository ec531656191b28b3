import Foundation
import NIOCore
import NIOPosix

/// A small SMTP client (RFC 5321) on SwiftNIO: one connection per mail, one recipient.
///
/// Supported: EHLO (HELO when EHLO is refused); AUTH PLAIN, else AUTH LOGIN, when a user name is
/// configured and the server offers one of them (a server that offers no AUTH gets none);
/// 8BITMIME (the body goes as 8bit UTF-8 when the server offers it and no line is over 998
/// octets, base64 otherwise); dot-stuffing; a timeout on connecting and on every reply.
///
/// Not supported: TLS of any kind (no STARTTLS, no implicit TLS on port 465), so the connection
/// and any AUTH credentials travel in plain text — meant for a relay on the same host or a private
/// network (e.g. Postfix on 127.0.0.1 that itself relays over TLS); PIPELINING, CHUNKING, DSN,
/// SMTPUTF8 (addresses are ASCII), CRAM-MD5 and other SASL mechanisms.
public struct SMTPClient: MailTransport {
    public let settings: SMTPSettings
    let group: any EventLoopGroup

    public init(settings: SMTPSettings, group: any EventLoopGroup) {
        self.settings = settings
        self.group = group
    }

    public func send(_ mail: MailEnvelope) async throws {
        guard SMTPSettings.isMailbox(mail.to) else { throw SMTPError.badAddress(mail.to) }
        let timeout = settings.timeout
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: timeout))
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReadTimeoutHandler())
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let settings = self.settings
        try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(replies: inbound.makeAsyncIterator(), outbound: outbound)
            try await session.deliver(mail, settings: settings)
        }
    }
}

/// Why a mail did not go out. Only a refusal with a 5xx code (or an address that cannot be sent
/// to) is permanent; everything else may work on the next attempt.
public enum SMTPError: Error, CustomStringConvertible, Equatable {
    case timeout
    case connectionClosed(during: String)
    case rejected(command: String, code: Int, text: String)
    case malformedReply(String)
    case badAddress(String)
    case noSupportedAuth(offered: String)

    public var isPermanent: Bool {
        switch self {
        case .rejected(_, let code, _): code >= 500
        case .badAddress: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .timeout: "SMTP server did not answer in time"
        case .connectionClosed(let during): "SMTP server closed the connection during \(during)"
        case .rejected(let command, let code, let text): "SMTP server answered \(command) with \(code) \(text)"
        case .malformedReply(let line): "SMTP server sent a malformed reply: \(line.prefix(200))"
        case .badAddress(let address): "not a deliverable address: \(address.prefix(200))"
        case .noSupportedAuth(let offered): "SMTP server offers AUTH \(offered), but only PLAIN and LOGIN are supported"
        }
    }
}

/// One SMTP conversation over an open connection.
struct SMTPSession {
    struct Reply {
        let code: Int
        let lines: [String]
        var text: String { lines.joined(separator: " ") }
    }

    var replies: NIOAsyncChannelInboundStream<String>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func deliver(_ mail: MailEnvelope, settings: SMTPSettings) async throws {
        _ = try await expect([220], during: "greeting")
        var extensions: [String: [String]] = [:]
        do {
            let ehlo = try await command("EHLO \(settings.clientName)", expect: [250])
            for line in ehlo.lines.dropFirst() {
                let words = line.uppercased().split(separator: " ").map(String.init)
                if let keyword = words.first { extensions[keyword] = Array(words.dropFirst()) }
            }
        } catch let SMTPError.rejected(_, code, _) where code >= 500 {
            _ = try await command("HELO \(settings.clientName)", expect: [250])
        }
        if let username = settings.username, let password = settings.password, let offered = extensions["AUTH"] {
            if offered.contains("PLAIN") {
                let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
                _ = try await command("AUTH PLAIN \(token)", expect: [235], shown: "AUTH PLAIN")
            } else if offered.contains("LOGIN") {
                _ = try await command("AUTH LOGIN", expect: [334])
                _ = try await command(Data(username.utf8).base64EncodedString(), expect: [334], shown: "AUTH LOGIN (user name)")
                _ = try await command(Data(password.utf8).base64EncodedString(), expect: [235], shown: "AUTH LOGIN (password)")
            } else {
                throw SMTPError.noSupportedAuth(offered: offered.joined(separator: " "))
            }
        }
        let encoding = MIMEText.encoding(for: mail.body, serverHas8BitMIME: extensions["8BITMIME"] != nil)
        _ = try await command("MAIL FROM:<\(settings.from)>" + (encoding == .eightBit ? " BODY=8BITMIME" : ""), expect: [250])
        _ = try await command("RCPT TO:<\(mail.to)>", expect: [250, 251])
        _ = try await command("DATA", expect: [354])
        let message = MIMEText.message(mail, from: settings.from, encoding: encoding)
        try await outbound.write(ByteBuffer(string: MIMEText.dotStuffed(message) + ".\r\n"))
        _ = try await expect([250], during: "end of DATA")
        // The mail is accepted; a server that hangs up without answering QUIT changes nothing.
        _ = try? await command("QUIT", expect: [221])
    }

    mutating func command(_ line: String, expect codes: Set<Int>, shown: String? = nil) async throws -> Reply {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await expect(codes, during: shown ?? String(line.prefix(while: { $0 != ":" && $0 != " " })))
    }

    mutating func expect(_ codes: Set<Int>, during step: String) async throws -> Reply {
        let reply = try await read(during: step)
        guard codes.contains(reply.code) else { throw SMTPError.rejected(command: step, code: reply.code, text: reply.text) }
        return reply
    }

    /// A reply may span lines: "250-…" continues, "250 …" ends it.
    mutating func read(during step: String) async throws -> Reply {
        var lines: [String] = []
        while true {
            guard let line = try await replies.next() else { throw SMTPError.connectionClosed(during: step) }
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)),
                  bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
            else { throw SMTPError.malformedReply(line) }
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") { return Reply(code: code, lines: lines) }
        }
    }
}

/// Splits the byte stream into lines without their CRLF (or bare LF). Used by the client and by
/// the test server.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String
    /// RFC 5321 allows 1000 octets a line; a peer sending far more is not speaking SMTP.
    static let maxLine = 64 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine { throw SMTPError.malformedReply("line over \(Self.maxLine) octets") }
            return .needMoreData
        }
        var length = newline - buffer.readerIndex
        if length > 0, buffer.getInteger(at: newline - 1, as: UInt8.self) == UInt8(ascii: "\r") { length -= 1 }
        let line = buffer.getString(at: buffer.readerIndex, length: length) ?? ""
        buffer.moveReaderIndex(to: newline + 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Turns the idle handler's read timeout into an error on the reply stream, and hangs up.
final class SMTPReadTimeoutHandler: ChannelInboundHandler {
    typealias InboundIn = String
    typealias InboundOut = String

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.fireErrorCaught(SMTPError.timeout)
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
