import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
@testable import IeumApp

/// A tiny SMTP server on 127.0.0.1 that records the conversation: enough of RFC 5321 to receive
/// mail from `SMTPClient` and let tests check what went over the wire.
final class SMTPTestServer: Sendable {
    struct Options: Sendable {
        var eightBitMIME = true
        /// Mechanisms offered after EHLO; empty offers no AUTH.
        var auth: [String] = []
        /// Refuse every recipient with 550.
        var rejectRecipients = false
        /// Accept the connection but never say anything (to test the client's timeout).
        var silent = false
    }

    /// One mail as received: the envelope and the DATA lines exactly as sent (still dot-stuffed).
    struct Received: Sendable {
        var from = ""
        var recipients: [String] = []
        var rawDataLines: [String] = []

        /// The DATA lines with dot-stuffing undone.
        var lines: [String] { rawDataLines.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } }
        var headers: [String: String] {
            var result: [String: String] = [:]
            var last: String?
            for line in lines.prefix(while: { !$0.isEmpty }) {
                if line.hasPrefix(" ") || line.hasPrefix("\t"), let key = last {
                    result[key, default: ""] += line
                } else if let colon = line.firstIndex(of: ":") {
                    let key = line[..<colon].lowercased()
                    result[key] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    last = key
                }
            }
            return result
        }
        var bodyLines: [String] { Array(lines.drop(while: { !$0.isEmpty }).dropFirst()) }
    }

    private let state = NIOLockedValueBox<(commands: [String], mails: [Received])>(([], []))
    let port: Int
    private let channel: NIOAsyncChannel<NIOAsyncChannel<String, ByteBuffer>, Never>
    private let options: Options

    var commands: [String] { state.withLockedValue { $0.commands } }
    var mails: [Received] { state.withLockedValue { $0.mails } }

    private init(channel: NIOAsyncChannel<NIOAsyncChannel<String, ByteBuffer>, Never>, options: Options) {
        self.channel = channel
        self.options = options
        self.port = channel.channel.localAddress?.port ?? 0
    }

    /// Serves until `body` returns, then closes.
    static func with<T>(_ options: Options = Options(), _ body: (SMTPTestServer) async throws -> T) async throws -> T {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        let server = SMTPTestServer(channel: channel, options: options)
        let serving = Task {
            try? await channel.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { try? await server.serve(connection) }
                    }
                }
            }
        }
        do {
            let result = try await body(server)
            try? await channel.channel.close()
            serving.cancel()
            return result
        } catch {
            try? await channel.channel.close()
            serving.cancel()
            throw error
        }
    }

    private func record(_ command: String) {
        state.withLockedValue { $0.commands.append(command) }
    }

    private func serve(_ connection: NIOAsyncChannel<String, ByteBuffer>) async throws {
        let options = self.options
        try await connection.executeThenClose { inbound, outbound in
            func say(_ lines: String...) async throws {
                try await outbound.write(ByteBuffer(string: lines.map { $0 + "\r\n" }.joined()))
            }
            if options.silent {
                for try await _ in inbound {}
                return
            }
            try await say("220 test.localhost ESMTP ready")
            var mail = Received()
            var inData = false
            var loginStep = 0
            for try await line in inbound {
                if inData {
                    if line == "." {
                        inData = false
                        let done = mail
                        state.withLockedValue { $0.mails.append(done) }
                        mail = Received()
                        try await say("250 2.0.0 queued")
                    } else {
                        mail.rawDataLines.append(line)
                    }
                    continue
                }
                record(line)
                if loginStep == 1 {
                    loginStep = 2
                    try await say("334 UGFzc3dvcmQ6")
                    continue
                } else if loginStep == 2 {
                    loginStep = 0
                    try await say("235 2.7.0 authenticated")
                    continue
                }
                let upper = line.uppercased()
                if upper.hasPrefix("EHLO ") {
                    var lines = ["250-test.localhost greets you"]
                    if options.eightBitMIME { lines.append("250-8BITMIME") }
                    if !options.auth.isEmpty { lines.append("250-AUTH " + options.auth.joined(separator: " ")) }
                    lines.append("250 SIZE 10240000")
                    try await outbound.write(ByteBuffer(string: lines.map { $0 + "\r\n" }.joined()))
                } else if upper.hasPrefix("AUTH PLAIN ") {
                    try await say("235 2.7.0 authenticated")
                } else if upper == "AUTH LOGIN" {
                    loginStep = 1
                    try await say("334 VXNlcm5hbWU6")
                } else if upper.hasPrefix("MAIL FROM:") {
                    mail.from = Self.address(in: line)
                    try await say("250 2.1.0 ok")
                } else if upper.hasPrefix("RCPT TO:") {
                    if options.rejectRecipients {
                        try await say("550 5.1.1 no such user")
                    } else {
                        mail.recipients.append(Self.address(in: line))
                        try await say("250 2.1.5 ok")
                    }
                } else if upper == "DATA" {
                    inData = true
                    try await say("354 end data with <CR><LF>.<CR><LF>")
                } else if upper == "QUIT" {
                    try await say("221 2.0.0 bye")
                    return
                } else {
                    try await say("500 5.5.2 unrecognised command")
                }
            }
        }
    }

    static func address(in line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line.firstIndex(of: ">") else { return "" }
        return String(line[line.index(after: open)..<close])
    }

    /// Decodes a header made of RFC 2047 "B" encoded words in UTF-8 (whitespace between words ignored).
    static func decodeEncodedWords(_ header: String) -> String {
        var bytes: [UInt8] = []
        for word in header.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
               let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) {
                bytes += data
            } else {
                bytes += Array(word.utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
