import Fluent
import Foundation
import IeumCore
import Plot
import Testing
import Vapor
@testable import IeumApp

/// Hostile names and links stored in the demo data reach every place Ieum writes them (pages,
/// charts, calendar files, CSV) escaped; links people set must be https; downloads and redirects
/// cannot be steered by what a person typed.
@Suite("Injection: markup, links, calendars, spreadsheets")
struct InjectionTests {
    static let meta = "\"><meta http-equiv=refresh content=0;url=//evil>"
    static let hover = "\" onmouseover=\"x"
    static let crlf = "\r\nATTENDEE:mailto:evil@x"
    static let hostile = "이음" + meta + hover + crlf + "'<b>"

    /// No marker reached the page as markup.
    static func expectClean(_ body: String, _ place: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!body.contains("<meta http-equiv"), "\(place): <meta> injected", sourceLocation: sourceLocation)
        // Inside text a quote is harmless (Plot escapes < > &); inside a tag, outside the quoted
        // attribute values, it would have added an attribute of its own.
        for tag in tags(body) {
            let outside = tag.replacingOccurrences(of: #""[^"]*""#, with: "\"\"", options: .regularExpression)
            #expect(!outside.contains("onmouseover"), "\(place): attribute broken out in \(tag)", sourceLocation: sourceLocation)
        }
        #expect(!body.contains("<b>"), "\(place): tag injected", sourceLocation: sourceLocation)
        #expect(!body.lowercased().contains("href=\"javascript:"), "\(place): javascript: link", sourceLocation: sourceLocation)
        #expect(!body.contains("href=\"https://a.b/\"x"), "\(place): link broke out", sourceLocation: sourceLocation)
    }

    static func tags(_ html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let range = rest.range(of: #"<[a-zA-Z][^<>]*>"#, options: .regularExpression) {
            found.append(String(rest[range]))
            rest = rest[range.upperBound...]
        }
        return found
    }

    // MARK: Plot's attribute writers

    @Test("every Plot attribute writer Ieum can call escapes its value")
    func attributeWriters() {
        let v = Self.hover + Self.meta
        let html = HTMLEscape.everyWriter(v)
        Self.expectClean(html, "attribute writers")
        #expect(!html.contains("=\"" + Self.hover.dropFirst()))
        #expect(html.contains("&quot; onmouseover=&quot;x&quot;&gt;&lt;meta"))
    }

    @Test("hand-built SVG escapes every interpolated label, id and class")
    func trustedMarkup() {
        let label = Self.hover + Self.meta
        let svg: TrustedMarkup = ##"<svg id="\##(label)"><text>\##(label)</text>\##(TrustedMarkup("<g/>"))\##(42)</svg>"##
        Self.expectClean(svg.html, "svg")
        #expect(svg.html.contains("<g/>42</svg>"))
        let chart = KPIChart.breakdown([KPICalculator.BreakdownRow(label: Localized(label, label), collaborations: 3, startups: 1, contractKRW: 0, investmentKRW: 0)], id: label, title: label, language: .ko)
        Self.expectClean(chart.html, "breakdown chart")
    }

    @Test("the sources write no raw markup and build no attribute outside the escaping file")
    func noRawWriters() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/IeumApp")
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL })
            .filter { $0.pathExtension == "swift" && $0.lastPathComponent != "HTMLEscaping.swift" }
        #expect(files.count > 50)
        // Plot writers that skip the escaping: raw nodes, hand-made attributes, inline script,
        // and the head components that copy text into <meta content="…"> inside Plot.
        let banned = [".raw(", "Attribute(name:", "Node.raw", ".onclick(", ".socialImageLink(", ".twitterUsername(", ".siteName(",
                      ".favicon(", ".stylesheet(", "FormKit.attr("]
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard text.contains("import Plot") else { continue }  // SQL's own .raw is not markup
            for (number, line) in text.components(separatedBy: "\n").enumerated() {
                let code = line.components(separatedBy: "//").first ?? line
                for word in banned where code.contains(word) && !code.contains("sql.raw(") {
                    Issue.record("\(file.lastPathComponent):\(number + 1) uses \(word)")
                }
            }
        }
    }

    // MARK: The real app

    @Test("hostile names and stored links are escaped on pages, charts, the agenda, calendar files and CSV exports")
    func storedValues() async throws {
        try await TestApp.with(demo: true) { app in
            let db = app.db
            // Organisations: the demo startup, and the two sides of a scheduled meeting.
            let flagship = try #require(try await Organization.query(on: db).filter(\.$name == DemoData.flagshipStartup).first())
            flagship.name = Self.hostile
            flagship.nameEn = Self.hostile
            flagship.summary = Self.hostile
            flagship.description = Self.hostile
            flagship.keywords = [Self.hostile]
            flagship.website = "javascript:alert(1)"  // stored before the check, or by an old import
            try await flagship.save(on: db)
            let program = try #require(try await Program.query(on: db).first())
            program.name = Self.hostile
            try await program.save(on: db)
            let need = try #require(try await Need.query(on: db).filter(\.$status == .published).first())
            need.title = Self.hostile
            try await need.save(on: db)

            // The meeting day: event, tables and a scheduled meeting with a bad stored video link.
            let event = try #require(try await MeetingEvent.query(on: db).first())
            event.name = Self.hostile
            event.venue = Self.hostile
            try await event.save(on: db)
            let eventID = try event.requireID()
            let tables = try await MeetingTable.query(on: db).filter(\.$event.$id == eventID).all()
            for table in tables {
                table.name = Self.hostile + (table.name)
                table.videoLink = "https://a.b/\"x onmouseover=\"y"
                try await table.save(on: db)
            }
            let meeting = try #require(try await Meeting.query(on: db).filter(\.$event.$id == eventID).filter(\.$status == .scheduled)
                .filter(\.$slot != nil).first())
            meeting.$table.id = tables[0].id
            meeting.videoLink = "javascript:alert(1)"
            try await meeting.save(on: db)
            let first = try #require(try await EventParticipant.query(on: db).filter(\.$id == meeting.$first.id).with(\.$organization).first())
            let second = try #require(try await EventParticipant.query(on: db).filter(\.$id == meeting.$second.id).with(\.$organization).first())
            second.organization.name = Self.hostile + " 상대"
            try await second.organization.save(on: db)
            try await TestApp.user(app, email: "party@injection.test", organization: first.organization)

            // A network and one of its events.
            let network = try #require(try await Network.query(on: db).first())
            network.name = Self.hostile
            network.description = Self.hostile
            try await network.save(on: db)
            let networkEvent = try #require(try await NetworkEvent.query(on: db).filter(\.$network.$id == network.requireID()).first())
            networkEvent.title = Self.hostile
            networkEvent.place = Self.hostile
            networkEvent.onlineLink = "javascript:alert(1)"
            try await networkEvent.save(on: db)

            // A platform operator sees every program, page and export.
            try await TestApp.user(app, email: "platform@injection.test", role: .operator)
            let op = WebClient(app)
            try await op.login("platform@injection.test")
            let pages: [(String, String)] = [
                ("organisation", "/organizations/\(try flagship.requireID().uuidString)"),
                ("registry search", "/organizations?q=" + WebClient.encode(Self.hostile)),
                ("need", "/needs/\(try need.requireID().uuidString)"),
                ("calls search", "/calls?q=" + WebClient.encode(Self.hostile)),
                ("program", "/programs/\(try program.requireID().uuidString)"),
                ("KPI", "/kpi"),
                ("KPI of the program", "/kpi?program=\(try program.requireID().uuidString)"),
                ("meeting event", "/meetings/\(eventID.uuidString)"),
                ("meeting grid", "/meetings/\(eventID.uuidString)/grid"),
                ("agenda (operator)", "/meetings/\(eventID.uuidString)/agenda?participant=\(try first.requireID().uuidString)"),
                ("network", "/networks/\(try network.requireID().uuidString)"),
                ("network statistics", "/networks/\(try network.requireID().uuidString)/statistics"),
                ("network event", "/networks/\(try network.requireID().uuidString)/events/\(try networkEvent.requireID().uuidString)"),
                ("collaborations", "/collaborations"),
                ("login with a hostile next", "/login?next=" + WebClient.encode("/x" + Self.hover + Self.meta)),
            ]
            for (place, path) in pages {
                let page = try await op.get(path)
                #expect(page.status == .ok || page.status == .seeOther, "\(place) \(path): \(page.status)")
                Self.expectClean(page.body, place)
            }
            let orgPage = try await op.get(pages[0].1)
            #expect(orgPage.body.contains("이음\"&gt;&lt;meta http-equiv=refresh"), "the name is shown, escaped")
            #expect(orgPage.body.contains("javascript:alert(1)"), "a stored bad website is shown as text")

            // The participant's own agenda and calendar files.
            let party = WebClient(app)
            try await party.login("party@injection.test")
            let agenda = try await party.get("/meetings/\(eventID.uuidString)/agenda")
            #expect(agenda.status == .ok)
            Self.expectClean(agenda.body, "agenda")
            for path in ["/meetings/\(eventID.uuidString)/calendar.ics",
                         "/meetings/\(eventID.uuidString)/meetings/\(try meeting.requireID().uuidString)/calendar.ics"] {
                let ics = try await party.get(path)
                #expect(ics.status == .ok, "\(path)")
                let lines = ics.body.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").dropLast()
                #expect(lines.count > 10)
                #expect(!lines.contains { $0.hasPrefix("ATTENDEE") }, "\(path): a name started a property")
                #expect(lines.allSatisfy { !$0.contains("\r") && !$0.contains("\n") })
                #expect(!lines.contains { $0.hasPrefix("URL:") }, "\(path): a bad stored link became the event URL")
                #expect(lines.contains { $0.hasPrefix("SUMMARY:") && $0.contains("ATTENDEE:mailto") }, "the name is kept, escaped")
                let disposition = ics.headers.first(name: .contentDisposition) ?? ""
                #expect(disposition.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 })
            }

            // CSV exports: no text cell starts a formula; the hostile name is in them.
            for path in ["/admin/export.csv", "/collaborations/export.csv", "/kpi/export.csv?table=programs",
                         "/networks/\(try network.requireID().uuidString)/statistics.csv"] {
                let csv = try await op.get(path)
                #expect(csv.status == .ok, "\(path): \(csv.status)")
                Self.expectFormulaFree(csv.body, path)
                let disposition = csv.headers.first(name: .contentDisposition) ?? ""
                #expect(disposition.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }, "\(path): \(disposition)")
            }
        }
    }

    @Test("CSV: names that start a formula stay text, negative numbers stay numbers")
    func formulaCells() async throws {
        try await TestApp.with(demo: true) { app in
            let db = app.db
            let collaboration = try #require(try await Collaboration.query(on: db).with(\.$startup).with(\.$demand).first())
            let others = try await Organization.query(on: db).filter(\.$kind == .startup).filter(\.$id != collaboration.$startup.id)
                .sort(\.$name).range(0..<3).all()
            for (org, name) in zip(others, ["@SUM(1+1)*cmd", "+1+1", "\tx"]) {
                org.name = name
                try await org.save(on: db)
            }
            collaboration.startup.name = "=HYPERLINK(\"https://evil\",\"x\")"
            try await collaboration.startup.save(on: db)
            if let demand = collaboration.demand {
                demand.name = "-2+3+cmd|' /C calc'!A0"
                try await demand.save(on: db)
            }
            // A platform operator sees every program, page and export.
            try await TestApp.user(app, email: "platform@injection.test", role: .operator)
            let op = WebClient(app)
            try await op.login("platform@injection.test")
            for path in ["/admin/export.csv", "/collaborations/export.csv"] {
                let csv = try await op.get(path)
                #expect(csv.status == .ok)
                Self.expectFormulaFree(csv.body, path)
                #expect(csv.body.contains("'=HYPERLINK") || path == "/admin/export.csv")
            }
            // A negative number stays a number in the table export.
            let table = ExportTable(key: "t", title: Localized("t", "t"), columns: [Localized("a", "a"), Localized("b", "b")],
                                    rows: [[.won(-1_500), .text(Localized("-1500", "-1500"))]])
            let text = String(decoding: try TableFile.csv(table).dropFirst(3), as: UTF8.self)
            #expect(text.contains("-1500,'-1500"))
        }
    }

    static func expectFormulaFree(_ body: String, _ place: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let file = try? TabularFile.parse(Array(body.utf8), fileName: "x.csv", restoringText: false) else {
            Issue.record("\(place): not a CSV file", sourceLocation: sourceLocation)
            return
        }
        for record in file.records {
            for (column, value) in record.values {
                guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { continue }
                #expect(Double(value) != nil, "\(place) row \(record.row) \(column): \(value.debugDescription) starts a formula",
                        sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: Links people set

    @Test("an organisation's website must be an https link without quotes, spaces or control characters", arguments: [
        "javascript:alert(1)", "http://example.com", "https://a.b/\"x", "https://exa mple.com", "https://a.b/x\r\nX-Evil: 1",
        "\" onmouseover=\"x", "//evil.example",
    ])
    func websiteRefused(_ website: String) async throws {
        try await TestApp.with { app in
            let founder = try await TestApp.user(app, email: "founder@injection.test")
            let web = WebClient(app)
            try await web.login(founder.email)
            _ = try await web.get("/organizations/new")
            let page = try await web.post("/organizations", Self.startupForm(website: website))
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("id=\"website-error\""))
            #expect(page.body.contains(HTMLEscape.markup(WebLink.problem.ko)))
            Self.expectClean(page.body, "form shown back")
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test("a valid https website is kept and linked with rel=noopener")
    func websiteAccepted() async throws {
        try await TestApp.with { app in
            let founder = try await TestApp.user(app, email: "founder@injection.test")
            let web = WebClient(app)
            try await web.login(founder.email)
            _ = try await web.get("/organizations/new")
            let response = try await web.post("/organizations", Self.startupForm(website: " https://www.example.kr/회사?a=1&b=2 "))
            #expect(response.status == .seeOther)
            let org = try #require(try await Organization.query(on: app.db).first())
            #expect(org.website == "https://www.example.kr/회사?a=1&b=2")
            let page = try await web.get("/organizations/\(try org.requireID().uuidString)")
            #expect(page.body.contains("href=\"https://www.example.kr/회사?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\""))
        }
    }

    static func startupForm(website: String) -> [(String, String)] {
        [
            ("kind", "startup"), ("name", "이음테크"), ("businessNumber", TestApp.businessNumber(7)), ("stage", "seed"),
            ("fields[]", "ai"), ("region", "seongdong"), ("cluster", ""), ("summary", "요약"), ("description", "소개"),
            ("contactName", "홍길동"), ("contactEmail", "ceo@ieum-tech.example"), ("openToPartners", "1"), ("website", website),
        ]
    }

    @Test("meeting video links and network event links must be https links too")
    func eventLinks() async throws {
        try await TestApp.with(demo: true) { app in
            let event = try #require(try await MeetingEvent.query(on: app.db).first())
            let network = try #require(try await Network.query(on: app.db).first())
            let operatorUser = try #require(try await User.query(on: app.db).filter(\.$email == "operator@ieum.demo").first())
            let actor = try await operatorUser.actor(on: app.db)
            for link in ["javascript:alert(1)", "https://a.b/\"x", "https://a.b/ x", "https://a.b/x\r\nATTENDEE:x", "http://a.b"] {
                await #expect(throws: IeumError.self, "\(link.debugDescription)") {
                    _ = try await MeetingService.addTable(event, name: "B-\(link.count)", seats: 4, videoLink: link, by: actor, on: app.db, now: TestApp.now)
                }
                do {
                    _ = try await NetworkService.createEvent(network, kind: .seminar, title: "세미나", startsAt: TestApp.now.addingTimeInterval(86_400),
                                                             endsAt: TestApp.now.addingTimeInterval(90_000), place: "", onlineLink: link, capacity: 10,
                                                             membersOnly: false, by: actor, on: app.db, now: TestApp.now)
                    Issue.record("\(link.debugDescription) was accepted as an online link")
                } catch IeumError.invalid(let fields) {
                    #expect(fields["onlineLink"] == WebLink.problem)
                }
            }
            let table = try await MeetingService.addTable(event, name: "B-ok", seats: 4, videoLink: "https://meet.example.kr/b", by: actor, on: app.db, now: TestApp.now)
            #expect(table.videoLink == "https://meet.example.kr/b")
        }
    }

    // MARK: Redirects and mail headers

    @Test("sign-in goes only to a path on this site", arguments: ["//evil.example", "/\\evil.example", "https://evil.example", "/x\r\nSet-Cookie: a=b", "javascript:alert(1)"])
    func openRedirect(_ next: String) async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "member@injection.test")
            let web = WebClient(app)
            _ = try await web.get("/login")
            let page = try await web.post("/login", [("email", "member@injection.test"), ("password", TestApp.password), ("next", next)])
            #expect(page.status == .seeOther)
            let location = try #require(page.headers.first(name: .location))
            #expect(location.hasPrefix("/") && !location.hasPrefix("//") && !location.contains("\\") && !location.contains("evil"), "\(location)")
        }
    }

    @Test("an e-mail subject with CR/LF stays one header")
    func mailHeaders() {
        let mail = MailEnvelope(id: UUID(), to: "a@b.example", subject: "안내\r\nBcc: evil@x\r\n\r\nbody", body: "본문", date: TestApp.now)
        for subject in [mail.subject, "Plain\r\nBcc: evil@x"] {
            var m = mail
            m.subject = subject
            let text = MIMEText.message(m, from: "ieum@b.example", encoding: .eightBit)
            let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
            #expect(!headers.contains { $0.lowercased().hasPrefix("bcc") }, "\(headers)")
        }
    }
}
