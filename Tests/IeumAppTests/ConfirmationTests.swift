import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

/// Issue 17, item 4: every irreversible or notifying form asks first, naming the consequence in
/// the reader's language, and no decision select starts on a decision. `Confirmations.rules` is
/// the table; these tests walk every page of the demo as every role, in Korean and English, and
/// hold each posted form against it.
@Suite("Confirmations")
struct ConfirmationTests {
    typealias Role = AccessMatrixTests.Role

    @Test("the table lists only registered routes, by parameters those routes have")
    func tableNamesRealRoutes() async throws {
        try await TestApp.with { app in
            // given
            let routes = Dictionary(app.routes.all.map { (RouteAccess.key($0.method, $0.path), $0) }, uniquingKeysWith: { first, _ in first })
            // then
            for rule in Confirmations.rules {
                guard let route = routes[rule.route] else {
                    Issue.record("\(rule.route) is not a registered route")
                    continue
                }
                #expect(route.method == .POST, "\(rule.route): only posted forms act")
                if case .path(let name, let values) = rule.when {
                    #expect(route.path.contains(.parameter(name)), "\(rule.route) has no parameter :\(name)")
                    #expect(!values.isEmpty, "\(rule.route): no value of :\(name) asks")
                }
                if case .field(_, let values) = rule.when { #expect(!values.isEmpty, "\(rule.route): no value asks") }
            }
            let keys = Confirmations.rules.map(\.route)
            #expect(Set(keys).count == keys.count, "a route is listed twice: \(keys.sorted())")
        }
    }

    @Test("every page of the demo, as every role in Korean and English: forms in the table ask, decision selects start empty")
    func everyFormAsks() async throws {
        try await TestApp.with(demo: true) { app in
            // given
            let ids = try await AccessMatrixTests.realIDs(app)
            let posts = app.routes.all.filter { $0.method == .POST }
            let pages = app.routes.all.filter { $0.method == .GET && !$0.path.string.hasPrefix("api/") }
            var report = Report()
            for role in Role.allCases {
                let client = try await AccessMatrixTests.client(app, role)
                // when: every page this role can open, and up to three more of each kind reached by its links
                var visited: [String] = []
                var perPattern: [String: Int] = [:]
                var queue = pages.map { AccessMatrixTests.fill($0.path, ids: ids) }
                while !queue.isEmpty, visited.count < 600 {
                    let path = queue.removeFirst()
                    guard !visited.contains(path), let pattern = Self.route(path, in: pages) else { continue }
                    let key = RouteAccess.key(.GET, pattern.route.path)
                    guard perPattern[key, default: 0] < 4 else { continue }
                    perPattern[key, default: 0] += 1
                    visited.append(path)
                    let page = try await client.get(path)
                    guard page.status == .ok, page.headers.contentType?.subType == "html" else { continue }
                    report.check(page.body, at: path, as: role, posts: posts)
                    queue += Self.links(in: page.body)
                }
                // then: the same pages in English
                try await client.get("/?lang=en")
                for path in visited {
                    let page = try await client.get(path)
                    guard page.status == .ok, page.headers.contentType?.subType == "html" else { continue }
                    report.check(page.body, at: path, as: role, posts: posts)
                }
                report.pages += visited.count * 2
            }
            print("Confirmations: \(report.pages) pages, \(report.forms) posted forms, \(report.asked) asking as the table says, "
                  + "\(report.decisionSelects) decision selects; \(report.failures.count) failures")
            #expect(report.asked > 40, "too few asking forms were seen; is the walk reaching the pages? \(report.asked)")
            #expect(report.decisionSelects > 3, "too few decision selects were seen: \(report.decisionSelects)")
            #expect(report.failures.isEmpty, "\(report.failures.count) failures:\n\(report.failures.sorted().prefix(60).joined(separator: "\n"))")
        }
    }

    /// The program manager's find: after 후보 선정 the select offered 최종 선정 already chosen.
    @Test("after 후보 선정 the review select chooses nothing, and each decision names itself in its question", arguments: ["ko", "en"])
    func shortlistedReviewChoosesNothing(language: String) async throws {
        try await TestApp.with(demo: true) { app in
            // given: a submitted application, shortlisted by its demand organisation
            let (application, demand) = try await Self.submittedApplication(app)
            let id = try application.requireID()
            try await demand.get("/?lang=\(language)")
            try await demand.get("/applications/\(id)")
            let shortlisted = try await demand.post("/applications/\(id)/review", [("status", "shortlisted"), ("reason", "")])
            #expect(shortlisted.status == .seeOther)
            // when
            let page = try await demand.get("/applications/\(id)")
            // then
            let scanned = ScannedForm.scan(page.body)
            let form = try #require(scanned.forms.first { $0.action == "/applications/\(id)/review" })
            let select = try #require(form.selects.first { $0.name == "status" })
            #expect(select.initialValue == "", "the select starts on \(select.initialValue ?? "nothing")")
            #expect(select.required)
            #expect(select.options.filter(\.selected).map(\.value) == [""])
            let decisions = select.options.filter { !$0.value.isEmpty }
            #expect(Set(decisions.map(\.value)) == ["selected", "rejected"])
            for option in decisions {
                let question = try #require(option.confirm, "\(option.value) asks nothing")
                #expect(question.contains(option.label), "the question of \(option.label) does not name it: \(question)")
                #expect(Self.speaks(question, scanned.language), "not in \(scanned.language): \(question)")
            }
            #expect(page.body.contains(language == "ko" ? "현재: 후보 선정" : "Now: Shortlisted"))
        }
    }

    @Test("without JavaScript an empty decision changes nothing: the server asks to choose")
    func emptyDecisionIsRefused() async throws {
        try await TestApp.with(demo: true) { app in
            // given
            let (application, demand) = try await Self.submittedApplication(app)
            let id = try application.requireID()
            try await demand.get("/applications/\(id)")
            // when
            let answer = try await demand.post("/applications/\(id)/review", [("status", ""), ("reason", "")])
            // then
            #expect(answer.status.code < 500)
            let stored = try #require(try await NeedApplication.find(id, on: app.db))
            #expect(stored.status == application.status)
        }
    }

    // MARK: Walking

    /// The GET route a path belongs to, the one with the most constant segments when several match.
    static func route(_ path: String, in routes: [Route]) -> (route: Route, parameters: [String: String])? {
        let segments = (path.split(separator: "?").first ?? "").split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var best: (route: Route, parameters: [String: String], constants: Int)?
        for route in routes where route.path.count == segments.count {
            var parameters: [String: String] = [:]
            var constants = 0
            let fits = zip(route.path, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let text):
                    constants += 1
                    return text == segment
                case .parameter(let name):
                    parameters[name] = segment.removingPercentEncoding ?? segment
                    return true
                case .anything, .catchall:
                    return true
                }
            }
            if fits, constants > (best?.constants ?? -1) { best = (route, parameters, constants) }
        }
        return best.map { ($0.route, $0.parameters) }
    }

    /// Same-site page links: no downloads, no language switch (the walk keeps its language).
    static func links(in html: String) -> [String] {
        html.matches(of: linkPattern).map { ScannedForm.decode(String($0.output.1)) }.compactMap { link in
            let path = String(link.split(separator: "#", omittingEmptySubsequences: false).first ?? "")
            guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("lang="), !path.hasPrefix("/api/") else { return nil }
            let last = path.split(separator: "?").first?.split(separator: "/").last ?? ""
            return last.contains(".") ? nil : path
        }
    }

    nonisolated(unsafe) static let linkPattern = try! Regex(#"<a\s[^>]*href="([^"]*)""#, as: (Substring, Substring).self)

    // MARK: Checking

    struct Report {
        var pages = 0
        var forms = 0
        var asked = 0
        var decisionSelects = 0
        var failures = Set<String>()

        mutating func check(_ html: String, at page: String, as role: Role, posts: [Route]) {
            let (language, forms) = ScannedForm.scan(html)
            for form in forms {
                self.forms += 1
                // A form with no button and no field to press Enter in cannot be sent (the results
                // form of a decided round keeps its table but loses its buttons).
                let typed = form.inputs.contains { !["hidden", "checkbox", "radio", "file"].contains($0.type) }
                if form.buttons.isEmpty && !typed { continue }
                let targets = form.buttons.isEmpty ? [form.action] : Array(Set(form.buttons.map { $0.formAction ?? form.action }))
                for target in targets {
                    check(form, target: target, language: language, page: page, role: role, posts: posts)
                }
            }
        }

        mutating func check(_ form: ScannedForm, target: String, language: String, page: String, role: Role, posts: [Route]) {
            let place = "\(role.rawValue) \(language) \(page)"
            guard let (route, parameters) = ConfirmationTests.route(target, in: posts) else {
                failures.insert("\(place): a form posts to \(target), which is no route")
                return
            }
            let key = RouteAccess.key(.POST, route.path)
            let buttons = form.buttons.filter { ($0.formAction ?? form.action) == target }
            let rules = Confirmations.rules(for: key)
            // A select that decides (status, decision, step) belongs in the table, whatever the route.
            for select in form.selects where ["status", "decision", "step"].contains(select.name) {
                if !rules.contains(where: { if case .field(select.name, _) = $0.when { true } else { false } }) {
                    failures.insert("\(place): \(key) has a decision select ‘\(select.name)’ the table does not list")
                }
            }
            for rule in rules {
                let questions: [String?]
                switch (rule.asks, rule.when) {
                case (.checkbox(let name), _):
                    if !form.inputs.contains(where: { $0.type == "checkbox" && $0.name == name }) {
                        failures.insert("\(place): \(key) has no ‘\(name)’ checkbox to tick")
                    } else {
                        asked += 1
                    }
                    continue
                case (.dialog, .always):
                    questions = Self.whole(form, buttons)
                case (.dialog, .path(let name, let values)):
                    questions = values.contains(parameters[name] ?? "") ? Self.whole(form, buttons) : []
                case (.dialog, .field(let name, let values)):
                    var found: [String?] = []
                    if form.inputs.contains(where: { $0.type == "hidden" && $0.name == name && values.contains($0.value) }) {
                        found += Self.whole(form, buttons)
                    }
                    for button in buttons where button.name == name && values.contains(button.value ?? "") {
                        found.append(button.confirm ?? form.confirm)
                    }
                    for radio in form.inputs where radio.type == "radio" && radio.name == name && values.contains(radio.value) {
                        found.append(radio.confirm ?? form.confirm)
                    }
                    for select in form.selects where select.name == name {
                        decisionSelects += 1
                        if select.initialValue != "" { failures.insert("\(place): \(key) ‘\(name)’ starts on ‘\(select.initialValue ?? "")’, not on an empty choice") }
                        if !select.required { failures.insert("\(place): \(key) ‘\(name)’ is not required") }
                        for option in select.options where values.contains(option.value) {
                            // The dialog names the chosen option: its own question, with its label.
                            if let question = option.confirm, !question.contains(option.label) {
                                failures.insert("\(place): \(key) ‘\(name)’=\(option.value): the question does not name ‘\(option.label)’: \(question)")
                            }
                            found.append(option.confirm)
                        }
                    }
                    questions = found
                }
                for question in questions {
                    guard let question, !question.trimmingCharacters(in: .whitespaces).isEmpty else {
                        failures.insert("\(place): \(key) \(rule.when) posts without asking first")
                        continue
                    }
                    asked += 1
                    if !ConfirmationTests.speaks(question, language) {
                        failures.insert("\(place): \(key) asks in another language than the page’s (\(language)): \(question)")
                    }
                }
            }
        }

        /// The question of a submission the whole form makes: the form's own, or else each of its buttons'.
        static func whole(_ form: ScannedForm, _ buttons: [ScannedForm.Button]) -> [String?] {
            if form.confirm != nil || buttons.isEmpty { return [form.confirm] }
            return buttons.map(\.confirm)
        }
    }

    /// Korean pages ask in Hangul; English pages in English words, with no Korean sentence ending
    /// (a name in Korean may stand in an English question).
    static func speaks(_ question: String, _ language: String) -> Bool {
        let hangul = question.unicodeScalars.contains { (0xAC00...0xD7A3).contains($0.value) }
        if language == "en" {
            let words = question.matches(of: try! Regex(#"[A-Za-z]{3,}"#)).count
            return words >= 2 && !["까요", "니다", "습니다"].contains { question.contains($0) }
        }
        return hangul
    }

    // MARK: Records

    /// A submitted application of a published need and its demand organisation's member, signed in.
    static func submittedApplication(_ app: Application) async throws -> (NeedApplication, WebClient) {
        let published = try await Need.query(on: app.db).filter(\.$status == .published).all()
        let demand = try await AccessMatrixTests.client(app, .demand)
        let demandUser = try #require(try await User.query(on: app.db).filter(\.$email == "demand@ieum.demo").first())
        let memberships = try await Membership.query(on: app.db).filter(\.$user.$id == demandUser.requireID()).all().map { $0.$organization.id }
        let needs = published.filter { memberships.contains($0.$organization.id) }.compactMap(\.id)
        let application = try #require(try await NeedApplication.query(on: app.db).filter(\.$need.$id ~~ needs)
            .filter(\.$status ~~ [.submitted, .screening]).sort(\.$id).first(), "the demo has no submitted application to the demand organisation")
        return (application, demand)
    }
}
