import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// "No internal name reaches a user" (issue 15, item 5): for each demo role, in Korean and in
/// English, follow the links the pages show and read what a person reads (text, labels,
/// placeholders, titles, options). No word there may be one of the code's own names: a type
/// (`NeedApplication`), an enum case written in camel case (`pendingWithdraw`), or an audit
/// action code (`user.login`). The names are read from `Sources/IeumApp` itself, so a new type or
/// case is checked as soon as it exists.
@Suite("No internal name reaches a user")
struct InternalNamesTests {
    static let pagesPerRole = 150

    enum Role: String, CaseIterable, Sendable {
        case platformOperator, agencyOperator, demand, startup, judge, investor, visitor

        var email: String? {
            switch self {
            case .platformOperator: "platform-names@ieum.test"
            case .agencyOperator: "operator@ieum.demo"
            case .demand: "demand@ieum.demo"
            case .startup: "startup@ieum.demo"
            case .judge: "judge@ieum.demo"
            case .investor: "investor@ieum.demo"
            case .visitor: nil
            }
        }
    }

    /// The code's names that would mean nothing to a user: type names and enum cases of two or
    /// more words (one-word names such as `Need` or `draft` are also ordinary words), and the audit
    /// action codes.
    static let internalNames: Set<String> = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/IeumApp")
        var names: Set<String> = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let declaration = try! NSRegularExpression(pattern: #"\b(?:struct|enum|class|protocol)\s+([A-Za-z_][A-Za-z0-9_]*)"#)
        let cases = try! NSRegularExpression(pattern: #"^\s*(?:public\s+|indirect\s+)?case\s+([^=:{\n]+)"#, options: .anchorsMatchLines)
        let action = try! NSRegularExpression(pattern: #"action:\s*"([a-z_]+\.[a-z_.]+)""#)
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            let range = NSRange(text.startIndex..., in: text)
            for m in declaration.matches(in: text, range: range) { names.insert(String(text[Range(m.range(at: 1), in: text)!])) }
            for m in action.matches(in: text, range: range) { names.insert(String(text[Range(m.range(at: 1), in: text)!])) }
            for m in cases.matches(in: text, range: range) {
                // `case a, b(Int), c` declares a, b and c; `case .x:` in a switch names no new case.
                let list = String(text[Range(m.range(at: 1), in: text)!])
                guard !list.hasPrefix("."), !list.hasPrefix("let "), !list.hasPrefix("\"") else { continue }
                for part in list.split(separator: ",") {
                    let name = part.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "`" }
                    let clean = name.replacingOccurrences(of: "`", with: "")
                    if !clean.isEmpty { names.insert(clean) }
                }
            }
        }
        return names.filter { name in
            if name.contains(".") { return true }
            // Two or more words: an upper-case letter after the first character.
            return name.dropFirst().contains { $0.isUppercase } && name.count >= 6 && name.contains { $0.isLowercase }
        }
    }()

    /// What a person reads on a page: text outside tags, scripts and styles, and the attributes
    /// that are shown (placeholder, title, aria-label, alt). Links and e-mail addresses are cut.
    static func readable(_ html: String) -> String {
        var text = html
        for tag in ["script", "style"] {
            text = text.replacingOccurrences(of: "<\(tag)[^>]*>[\\s\\S]*?</\(tag)>", with: " ", options: .regularExpression)
        }
        var shown: [String] = []
        let attribute = try! NSRegularExpression(pattern: #"\b(?:placeholder|title|aria-label|alt)="([^"]*)""#)
        for m in attribute.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            shown.append(String(text[Range(m.range(at: 1), in: text)!]))
        }
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        text += " " + shown.joined(separator: " ")
        text = text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        text = text.replacingOccurrences(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #"https?://\S+"#, with: " ", options: .regularExpression)
        return text
    }

    /// The internal names in `text`, whole words only.
    static func leaks(in text: String) -> Set<String> {
        var found: Set<String> = []
        let words = text.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
        for word in words {
            let w = String(word).trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if internalNames.contains(w) { found.insert(w) }
        }
        return found
    }

    struct Leak: CustomStringConvertible {
        let url: String
        let names: Set<String>
        var description: String { "\(url): \(names.sorted().joined(separator: ", "))" }
    }

    /// The pages `web` reaches from `/` (the crawl of `LinkCrawlTests`) that show internal names.
    static func crawl(_ web: WebClient) async throws -> (leaks: [Leak], visited: Int) {
        var leaks: [Leak] = []
        let (_, visited) = try await LinkCrawlTests.crawl(web, limit: pagesPerRole) { url, page in
            guard page.headers.contentType?.subType == "html" else { return }
            let names = Self.leaks(in: Self.readable(page.body))
            if !names.isEmpty { leaks.append(Leak(url: url, names: names)) }
        }
        return (leaks, visited)
    }

    @Test("the code's names are found in the sources")
    func namesAreRead() {
        // The finder reads real names: a type, a camel-case case, an audit code.
        #expect(Self.internalNames.contains("NeedApplication"))
        #expect(Self.internalNames.contains("viceChair"))
        #expect(Self.internalNames.contains("user.login"))
        #expect(!Self.internalNames.contains("Need"))
        #expect(Self.leaks(in: Self.readable("<p>상태: <b>viceChair</b></p>")) == ["viceChair"])
        #expect(Self.leaks(in: Self.readable("<input placeholder=\"NeedApplication\" value=\"NeedInput\">")) == ["NeedApplication"])
        #expect(Self.leaks(in: Self.readable("<p>로그인 <a href=\"/needs/NeedApplication\">보기</a> user.login</p>")) == ["user.login"])
    }

    @Test("no page a role reads shows a name from the code", arguments: Role.allCases)
    func noInternalNames(_ role: Role) async throws {
        try await TestApp.with(demo: true) { app in
            // given the demo, signed in as the role
            if role == .platformOperator { try await TestApp.user(app, email: role.email!, role: .operator) }
            for language in ["ko", "en"] {
                let web = WebClient(app)
                if let email = role.email {
                    try await web.login(email, password: role == .platformOperator ? TestApp.password : DemoData.password)
                }
                let first = try await web.get("/?lang=\(language)")
                #expect(first.body.contains("lang=\"\(language)\""), "\(role) did not get the \(language) page")
                // when every page the role reaches is read
                let (leaks, visited) = try await Self.crawl(web)
                // then no internal name is on any of them
                #expect(visited >= (role == .visitor ? 5 : 30), "\(role) \(language): only \(visited) pages")
                #expect(leaks.isEmpty, "\(role) \(language) reads internal names on \(leaks.count) pages:\n\(leaks.prefix(30).map(\.description).joined(separator: "\n"))")
            }
        }
    }
}
