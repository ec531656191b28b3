import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) on SwiftNIO: one connection per mail, one recipient.
///
/// Supported: implicit TLS (port 465) and STARTTLS (RFC 3207), the server's certificate checked
/// against the system's authorities or `caFile`, and its host name (or IP address) against the
/// certificate; EHLO (HELO when EHLO is refused, plain connections only); AUTH PLAIN, else AUTH
/// LOGIN, when a user name is configured and the server offers one of them, and only over TLS or
/// to a server on this machine; 8BITMIME (the body goes as 8bit UTF-8 when the server offers it
/// and no line is over 998 octets, base64 otherwise); dot-stuffing; a timeout on connecting and
/// on every reply.
///
/// Not supported: PIPELINING, CHUNKING, DSN, SMTPUTF8 (addresses are ASCII), client certificates,
/// CRAM-MD5 and other SASL mechanisms.
public struct SMTPClient: MailTransport {
    public let settings: SMTPSettings
    let group: any EventLoopGroup
    /// Made once per client rather than per mail: it loads the trust roots. nil without TLS.
    let tlsContext: Result<NIOSSLContext, SMTPError>?

    public init(settings: SMTPSettings, group: any EventLoopGroup) {
        self.settings = settings
        self.group = group
        if settings.tls == .plain {
            tlsContext = nil
        } else {
            tlsContext = Result { () throws(SMTPError) -> NIOSSLContext in
                do {
                    return try NIOSSLContext(configuration: Self.tlsConfiguration(caFile: settings.caFile))
                } catch {
                    throw SMTPError.tls("cannot set up TLS: \(error)")
                }
            }
        }
    }

    /// TLS 1.2 or later; the chain and the host name are always checked.
    static func tlsConfiguration(caFile: String?) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile { configuration.trustRoots = .file(caFile) }
        return configuration
    }

    public func send(_ mail: MailEnvelope) async throws {
        guard SMTPSettings.isMailbox(mail.to) else { throw SMTPError.badAddress(mail.to) }
        let settings = self.settings
        try await withSession { session in try await session.deliver(mail, settings: settings) }
    }

    /// Connects, says hello, puts TLS in place as configured and signs in, then says goodbye
    /// without sending anything: `ieum doctor`'s check that mail can go out (issue 19).
    public func probe() async throws {
        let settings = self.settings
        try await withSession { session in try await session.probe(settings) }
    }

    /// One connection to the server with the configured TLS, handed to `body` as a session.
    func withSession(_ body: @escaping @Sendable (inout SMTPSession) async throws -> Void) async throws {
        let settings = self.settings
        let context = try tlsContext?.get()
        let timeout = settings.timeout
        // The first error the connection saw. A failed handshake closes the channel, and the
        // session may meet that as "I/O on closed channel" on its next write; this is the cause.
        let firstError = NIOLockedValueBox<(any Error)?>(nil)
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if settings.tls == .tls, let context {
                            try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: settings.serverHostname))
                        }
                        try pipeline.addHandler(IdleStateHandler(readTimeout: timeout))
                        let leftover = SMTPBufferedBytes()
                        try pipeline.addHandler(ByteToMessageHandler(SMTPLineDecoder(buffered: leftover)))
                        if settings.tls == .starttls, let context {
                            try pipeline.addHandler(SMTPStartTLSHandler(context: context, serverHostname: settings.serverHostname, buffered: leftover))
                        }
                        try pipeline.addHandler(SMTPReadTimeoutHandler(firstError: firstError))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            try await channel.executeThenClose { inbound, outbound in
                var session = SMTPSession(replies: inbound.makeAsyncIterator(), outbound: outbound)
                try await body(&session)
            }
        } catch {
            throw Self.reported(firstError.withLockedValue { $0 } ?? error)
        }
    }

    /// TLS library errors become `SMTPError.tls`; the rest stay as they are.
    static func reported(_ error: any Error) -> any Error {
        switch error {
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError: SMTPError.tls(String(describing: error))
        default: error
        }
    }
}

/// Why a mail did not go out. Only a refusal with a 5xx code (or an address that cannot be sent
/// to, or a setting that can never work) is permanent; everything else may work on the next attempt.
public enum SMTPError: Error, CustomStringConvertible, Equatable {
    case timeout
    case connectionClosed(during: String)
    case rejected(command: String, code: Int, text: String)
    case malformedReply(String)
    case badAddress(String)
    case noSupportedAuth(offered: String)
    /// `IEUM_SMTP_TLS=starttls` and the server does not offer it.
    case startTLSNotOffered
    /// The server sent more after its 220 to STARTTLS, before TLS began: it would be read as if it
    /// had come over TLS (the injection of CVE-2011-0411), so the connection is dropped.
    case dataBeforeTLS
    /// A password would travel in plain text to a server on another machine.
    case authWithoutTLS
    /// The TLS handshake failed: an untrusted or expired certificate, a wrong host name, no
    /// common protocol version.
    case tls(String)

    public var isPermanent: Bool {
        switch self {
        case .rejected(_, let code, _): code >= 500
        case .badAddress, .authWithoutTLS: true
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
        case .startTLSNotOffered: "SMTP server does not offer STARTTLS (IEUM_SMTP_TLS=starttls); nothing was sent"
        case .dataBeforeTLS: "SMTP server sent data after its answer to STARTTLS before TLS began; connection dropped"
        case .authWithoutTLS: "AUTH refused: the connection is not encrypted and the server is not on this machine (set IEUM_SMTP_TLS)"
        case .tls(let reason): "TLS with the SMTP server failed: \(reason)"
        }
    }

    /// For the log: the kind of failure without what the server echoed back, which may hold the
    /// recipient's address.
    public var logDescription: String {
        switch self {
        case .rejected(let command, let code, _): "SMTP server answered \(command) with \(code)"
        case .malformedReply: "SMTP server sent a malformed reply"
        case .badAddress: "not a deliverable address"
        default: description
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
        let extensions = try await open(settings)
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

    /// Everything before a mail, then QUIT.
    mutating func probe(_ settings: SMTPSettings) async throws {
        _ = try await open(settings)
        _ = try await command("QUIT", expect: [221])
    }

    /// Greeting, EHLO, STARTTLS as configured (then EHLO again) and AUTH; returns the extensions.
    mutating func open(_ settings: SMTPSettings) async throws -> [String: [String]] {
        _ = try await expect([220], during: "greeting")
        var extensions = try await hello(settings, heloAllowed: settings.tls == .plain)
        if settings.tls == .starttls {
            guard extensions["STARTTLS"] != nil else { throw SMTPError.startTLSNotOffered }
            // SMTPStartTLSHandler puts TLS in place as the 220 is decoded; what the server said
            // before is forgotten (RFC 3207 §4.2), so EHLO again.
            _ = try await command("STARTTLS", expect: [220])
            extensions = try await hello(settings, heloAllowed: false)
        }
        if let username = settings.username, let password = settings.password, let offered = extensions["AUTH"] {
            guard settings.tls != .plain || SMTPSettings.isLoopback(settings.host) else { throw SMTPError.authWithoutTLS }
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
        return extensions
    }

    /// EHLO and the extensions it lists; HELO (no extensions) for an old server, unless TLS needs EHLO.
    mutating func hello(_ settings: SMTPSettings, heloAllowed: Bool) async throws -> [String: [String]] {
        var extensions: [String: [String]] = [:]
        do {
            let ehlo = try await command("EHLO \(settings.clientName)", expect: [250])
            for line in ehlo.lines.dropFirst() {
                let words = line.uppercased().split(separator: " ").map(String.init)
                if let keyword = words.first { extensions[keyword] = Array(words.dropFirst()) }
            }
        } catch let SMTPError.rejected(_, code, _) where code >= 500 && heloAllowed {
            _ = try await command("HELO \(settings.clientName)", expect: [250])
        }
        return extensions
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
    /// Told, before each line is passed on, how many bytes are still waiting behind it.
    var buffered: SMTPBufferedBytes?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine { throw SMTPError.malformedReply("line over \(Self.maxLine) octets") }
            return .needMoreData
        }
        var length = newline - buffer.readerIndex
        if length > 0, buffer.getInteger(at: newline - 1, as: UInt8.self) == UInt8(ascii: "\r") { length -= 1 }
        let line = buffer.getString(at: buffer.readerIndex, length: length) ?? ""
        buffer.moveReaderIndex(to: newline + 1)
        buffered?.count = buffer.readableBytes
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Turns the idle handler's read timeout into an error on the reply stream, and hangs up; keeps
/// the first error of the connection for `SMTPClient.send` to report.
final class SMTPReadTimeoutHandler: ChannelInboundHandler {
    typealias InboundIn = String
    typealias InboundOut = String

    let firstError: NIOLockedValueBox<(any Error)?>?

    init(firstError: NIOLockedValueBox<(any Error)?>? = nil) {
        self.firstError = firstError
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        firstError?.withLockedValue { if $0 == nil { $0 = error } }
        context.fireErrorCaught(error)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            firstError?.withLockedValue { if $0 == nil { $0 = SMTPError.timeout } }
            context.fireErrorCaught(SMTPError.timeout)
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// Bytes received but not yet passed on as lines; shared by the line decoder and the STARTTLS
/// handler of one connection, both on its event loop.
final class SMTPBufferedBytes {
    var count = 0
}

/// STARTTLS on the client side. Armed when the client's own `STARTTLS` command goes out; when the
/// server's final `220` line has been read it puts TLS at the front of the pipeline, on the event
/// loop before the next read, so every later byte goes through TLS (and the certificate check)
/// before it can be read as a reply. Bytes the server sent after that 220 in plain text are
/// refused, not read.
///
/// TLS goes in at the end of the read that brought the 220, not in the middle of it: put in
/// earlier, it would swallow that read's `channelReadComplete`, and the reply would stay buffered
/// (and the idle timer stopped) for good.
final class SMTPStartTLSHandler: ChannelDuplexHandler {
    typealias InboundIn = String
    typealias InboundOut = String
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum State { case plain, armed, ready, upgraded }

    let sslContext: NIOSSLContext
    let serverHostname: String?
    let buffered: SMTPBufferedBytes
    private var state = State.plain

    init(context: NIOSSLContext, serverHostname: String?, buffered: SMTPBufferedBytes) {
        self.sslContext = context
        self.serverHostname = serverHostname
        self.buffered = buffered
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if state == .plain, unwrapOutboundIn(data).readableBytesView.elementsEqual("STARTTLS\r\n".utf8) { state = .armed }
        context.write(data, promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        switch state {
        case .plain, .upgraded:
            break
        case .armed:
            if line.hasPrefix("220 ") || line == "220" {
                state = .ready
                if buffered.count > 0 { return refuse(context) }
            } else if !line.hasPrefix("220-") {
                state = .plain  // refused; the session reports the code
            }
        case .ready:
            return refuse(context)
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if state == .ready {
            state = .upgraded
            do {
                let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname)
                try context.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                context.fireErrorCaught(SMTPError.tls(String(describing: error)))
                context.close(promise: nil)
                return
            }
        }
        context.fireChannelReadComplete()
    }

    private func refuse(_ context: ChannelHandlerContext) {
        context.fireErrorCaught(SMTPError.dataBeforeTLS)
        context.close(promise: nil)
    }
}
