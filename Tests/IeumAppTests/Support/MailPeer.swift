import Foundation
import Logging
import NIOConcurrencyHelpers

/// A real SMTP server for the mail tests: Python's aiosmtpd, started by `Tests/smtp-peer/smtp_peer.py`
/// on 127.0.0.1 and a free port, plain, with STARTTLS or with implicit TLS. What it receives is
/// read back from the JSON files it writes, decoded by Python's own e-mail package.
///
/// The interpreter is `$IEUM_TEST_PYTHON`, else `.venv/bin/python3` in the repository; `.ci/run`
/// installs aiosmtpd into a venv and sets the variable. Without an interpreter that can import
/// aiosmtpd, or without `openssl` for the certificates, the tests that need the peer are skipped
/// and the reason is printed once.
final class MailPeer: Sendable {
    enum Mode: String, Sendable { case plain, starttls, tls }

    /// One mail as the server received it.
    struct Received: Decodable, Sendable {
        let from: String
        let to: [String]
        let tls: Bool
        let authenticated: Bool
        let subject: String
        let headers: [String: String]
        let body: String
        let raw: String

        var rawText: String { String(decoding: Data(base64Encoded: raw) ?? Data(), as: UTF8.self) }
    }

    struct AuthAttempt: Decodable, Sendable {
        let mechanism: String
        let login: String
        let tls: Bool
    }

    let port: Int
    let directory: URL
    private let process: Process
    private let input: Pipe

    private init(port: Int, directory: URL, process: Process, input: Pipe) {
        self.port = port
        self.directory = directory
        self.process = process
        self.input = input
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = repositoryRoot.appendingPathComponent("Tests/smtp-peer/smtp_peer.py").path

    static var python: String? {
        if let chosen = ProcessInfo.processInfo.environment["IEUM_TEST_PYTHON"], !chosen.isEmpty { return chosen }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    /// Why the peer cannot run here, or nil when it can. Checked once per test run.
    static let unavailableReason: String? = {
        guard let python else {
            return "no Python for the SMTP peer: set IEUM_TEST_PYTHON or create .venv (python3 -m venv .venv && .venv/bin/pip install aiosmtpd)"
        }
        guard (try? run(python, ["-c", "import aiosmtpd"])) == 0 else {
            return "\(python) cannot import aiosmtpd (\(python) -m pip install aiosmtpd)"
        }
        guard (try? run("/usr/bin/env", ["openssl", "version"])) == 0 else { return "openssl is not installed (needed for the test certificates)" }
        return nil
    }()

    /// For `.enabled(if:)`: prints the reason the first time a mail test is skipped.
    static var isAvailable: Bool {
        if let reason = unavailableReason {
            printedReason.withLockedValue { printed in
                if !printed { print("MailDeliveryTests skipped: \(reason)") }
                printed = true
            }
            return false
        }
        return true
    }
    private static let printedReason = NIOLockedValueBox(false)

    /// Runs a peer until `body` returns. `certificate` and `key` are needed for the TLS modes.
    static func with<T>(_ mode: Mode, certificate: String? = nil, key: String? = nil, _ body: (MailPeer) async throws -> T) async throws -> T {
        let peer = try await start(mode, certificate: certificate, key: key)
        do {
            let result = try await body(peer)
            peer.stop()
            return result
        } catch {
            peer.stop()
            throw error
        }
    }

    private static func start(_ mode: Mode, certificate: String?, key: String?) async throws -> MailPeer {
        guard let python, unavailableReason == nil else { throw PeerError.unavailable(unavailableReason ?? "") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-smtp-peer-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("peer.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        var arguments = [script, "--dir", directory.path, "--mode", mode.rawValue, "--debug"]
        if let certificate, let key { arguments += ["--cert", certificate, "--key", key] }
        process.arguments = arguments
        let input = Pipe()
        process.standardInput = input
        let log = try FileHandle(forWritingTo: output)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        // "READY <port>" in the log once the server accepts connections; generous, since Python
        // starts slowly on two cores busy compiling.
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }), let port = Int(line.dropFirst(6)) {
                return MailPeer(port: port, directory: directory, process: process, input: input)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw PeerError.didNotStart((try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    /// Closing stdin ends the peer; SIGTERM as well in case it is stuck.
    private func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    var mails: [Received] { records(prefix: nil) }
    var authAttempts: [AuthAttempt] { records(prefix: "auth-") }

    private func records<T: Decodable>(prefix: String?) -> [T] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") && (prefix.map($0.hasPrefix) ?? !$0.hasPrefix("auth-")) }
            .sorted()
        return names.compactMap { name in
            (try? Data(contentsOf: directory.appendingPathComponent(name))).flatMap { try? JSONDecoder().decode(T.self, from: $0) }
        }
    }

    enum PeerError: Error, CustomStringConvertible {
        case unavailable(String)
        case didNotStart(String)
        case certificates(String)

        var description: String {
            switch self {
            case .unavailable(let reason): "SMTP peer unavailable: \(reason)"
            case .didNotStart(let log): "SMTP peer did not start:\n\(log)"
            case .certificates(let step): "making the test certificates failed at: \(step)"
            }
        }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Throw-away certificates made with `openssl` into a temporary directory, once per test run: a
/// test CA, a server certificate it signed for 127.0.0.1 and localhost, one it signed for another
/// host name only, and a self-signed one nobody trusts.
struct TestCertificates: Sendable {
    let caFile: String
    let server: (certificate: String, key: String)
    let wrongHost: (certificate: String, key: String)
    let untrusted: (certificate: String, key: String)

    static let shared: Result<TestCertificates, MailPeer.PeerError> = Result { () throws(MailPeer.PeerError) -> TestCertificates in
        try make()
    }

    private static func make() throws(MailPeer.PeerError) -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-test-ca-" + UUID().uuidString)
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        func openssl(_ arguments: [String]) throws(MailPeer.PeerError) {
            guard (try? MailPeer.run("/usr/bin/env", ["openssl"] + arguments, in: directory)) == 0 else {
                throw .certificates("openssl " + arguments.prefix(3).joined(separator: " "))
            }
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .certificates("creating \(directory.path)")
        }
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Ieum Test CA",
                     "-keyout", "ca.key", "-out", "ca.pem",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        func signed(_ name: String, names: String) throws(MailPeer.PeerError) {
            try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(name)", "-keyout", "\(name).key", "-out", "\(name).csr"])
            let extensions = "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=\(names)\n"
            guard FileManager.default.createFile(atPath: path("\(name).ext"), contents: Data(extensions.utf8)) else {
                throw .certificates("writing \(name).ext")
            }
            try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                         "-days", "2", "-extfile", "\(name).ext", "-out", "\(name).pem"])
        }
        try signed("server", names: "IP:127.0.0.1,DNS:localhost")
        try signed("wrong-host", names: "DNS:mail.elsewhere.example")
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                     "-keyout", "untrusted.key", "-out", "untrusted.pem", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        return TestCertificates(caFile: path("ca.pem"), server: (path("server.pem"), path("server.key")),
                                wrongHost: (path("wrong-host.pem"), path("wrong-host.key")),
                                untrusted: (path("untrusted.pem"), path("untrusted.key")))
    }
}

/// Every log event with its metadata, to show what the mail path writes to the log.
final class CapturedLog: Sendable {
    private let box = NIOLockedValueBox<[String]>([])
    /// Each event as one line: level, message, metadata.
    var lines: [String] { box.withLockedValue { $0 } }

    var logger: Logger {
        Logger(label: "mail-test") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let error = event.error.map { String(describing: $0) } ?? ""
            log.box.withLockedValue { $0.append("\(event.level) \(event.message) \(all) \(event.source) \(error)") }
        }
    }
}
