import Fluent
import Foundation
import IeumCore
import NIOCore
import Testing
import Vapor
@testable import IeumApp

/// Every route the application registers × ten roles → the answer its `RouteAccess` declares.
/// The routes come from the application's own route table, so a new route is covered (and fails
/// until it is declared) without editing this test.
@Suite("Access matrix")
struct AccessMatrixTests {
    /// The ten roles of the hardening issue.
    enum Role: String, CaseIterable {
        case visitor, startup, otherStartup, demand, otherDemand, investor, judge, otherAgencyOperator, agencyOperator, platformOperator

        var isOperator: Bool { self == .otherAgencyOperator || self == .agencyOperator || self == .platformOperator }

        var email: String? {
            switch self {
            case .visitor: nil
            case .startup: "startup@ieum.demo"
            case .otherStartup: "other-startup@matrix.test"
            case .demand: "demand@ieum.demo"
            case .otherDemand: "other-demand@matrix.test"
            case .investor: "investor@ieum.demo"
            case .judge: "judge@ieum.demo"
            case .otherAgencyOperator: "other-agency@matrix.test"
            case .agencyOperator: "operator@ieum.demo"
            case .platformOperator: "platform@matrix.test"
            }
        }

        var password: String { (email ?? "").hasSuffix("@ieum.demo") ? DemoData.password : TestApp.password }
    }

    @Test("every registered route has a declaration, and every declaration a route")
    func everyRouteDeclared() async throws {
        try await TestApp.with { app in
            let keys = app.routes.all.map { RouteAccess.key($0.method, $0.path) }
            let undeclared = app.routes.all.filter { RouteAccess.declaration($0.method, $0.path) == nil }.map { RouteAccess.key($0.method, $0.path) }
            #expect(undeclared.isEmpty, "routes without a declaration in RouteAccess.declared: \(undeclared)")
            let stale = Set(RouteAccess.declared.keys).subtracting(keys)
            #expect(stale.isEmpty, "declarations of routes that are not registered: \(stale.sorted())")
        }
    }

    @Test("a route without a declaration is closed to all but platform operators")
    func undeclaredRouteFailsClosed() async throws {
        try await TestApp.with { app in
            app.get("matrix-undeclared-probe") { _ in "probe" }
            let agency = try await TestApp.organization(app, name: "프로브진흥원", kind: .agency)
            try await TestApp.user(app, email: "agency-op@matrix.test", role: .operator, organization: agency)
            try await TestApp.user(app, email: "platform-op@matrix.test", role: .operator)
            let visitor = WebClient(app)
            let agencyOperator = WebClient(app)
            try await agencyOperator.login("agency-op@matrix.test")
            let platform = WebClient(app)
            try await platform.login("platform-op@matrix.test")
            #expect(try await visitor.get("/matrix-undeclared-probe").status == .seeOther)
            #expect(try await agencyOperator.get("/matrix-undeclared-probe").status == .forbidden)
            #expect(try await platform.get("/matrix-undeclared-probe").status == .ok)
        }
    }

    /// Run twice: as configured, and with `RouteAccessMiddleware` taken out, so the handlers are
    /// shown to refuse by themselves what the declarations say (the middleware changes no answer).
    @Test("every route × ten roles answers as its declaration says, and never with a 5xx", arguments: [true, false])
    func matrix(middleware: Bool) async throws {
        try await TestApp.with(demo: true) { app in
            if !middleware {
                let kept = app.middleware.resolve().filter { !($0 is RouteAccessMiddleware) }
                app.middleware = .init()
                for m in kept { app.middleware.use(m) }
            }
            let ids = try await Self.realIDs(app)
            var clients: [(Role, WebClient)] = []
            for role in Role.allCases {
                clients.append((role, try await Self.client(app, role)))
            }
            let routes = app.routes.all.sorted { (RouteAccess.key($0.method, $0.path)) < (RouteAccess.key($1.method, $1.path)) }
            var failures: [String] = []
            var requests = 0
            var byDeclaration: [String: Int] = [:]
            var statuses: [UInt: Int] = [:]
            for route in routes {
                let key = RouteAccess.key(route.method, route.path)
                guard let access = RouteAccess.declaration(route.method, route.path) else {
                    failures.append("\(key): no declaration")
                    continue
                }
                byDeclaration["\(access)", default: 0] += 1
                let path = Self.fill(route.path, ids: ids)
                var answered: [Role] = []
                var seen: [String] = []
                for (role, client) in clients {
                    let page = try await Self.send(route.method, path, as: client)
                    requests += 1
                    statuses[page.status.code, default: 0] += 1
                    if let problem = Self.problem(access, role: role, page: page, route: key) {
                        failures.append("\(key) [\(path)] as \(role.rawValue): \(problem)")
                    }
                    seen.append("\(role.rawValue) \(page.status.code)")
                    // Opened: the page itself, or a redirect elsewhere than the sign-in page (a
                    // submitted proposal's edit link leads to the proposal).
                    let location = page.headers.first(name: .location) ?? ""
                    if (200..<300).contains(page.status.code) || (page.status == .seeOther && !location.hasPrefix("/login")) { answered.append(role) }
                    // Sign-out ends the session: sign in again for the next routes.
                    if key == "POST /logout", role != .visitor {
                        try await Self.signIn(client, role)
                    }
                    // Empty sign-in forms count as failures of this address; keep them from throttling.
                    if key == "POST /login" {
                        try await LoginAttempt.query(on: app.db).filter(\.$succeeded == false).delete()
                    }
                }
                // A page of a record must open for some party, or the refusals above would prove
                // nothing (a route that refuses everyone, or a path filled with an id that is not there).
                if route.method == .GET, [.parties, .partiesAndAllOperators, .runningOperators].contains(access), answered.isEmpty {
                    failures.append("\(key) [\(path)]: no role could open it (\(seen.joined(separator: ", ")))")
                }
            }
            let declarations = byDeclaration.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let counts = statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
            print("Access matrix (\(middleware ? "as configured" : "handlers alone")): \(routes.count) routes (\(declarations)), \(requests) requests, \(Role.allCases.count) roles; statuses \(counts); \(failures.count) failures")
            #expect(routes.count > 150, "the route table looks empty: \(routes.count)")
            #expect(failures.isEmpty, "\(failures.count) answers differ from the declarations:\n\(failures.prefix(80).joined(separator: "\n"))")
        }
    }

    /// Found by the matrix (outsiders' answers on `.signedIn` routes): adding a participant checked
    /// the form before the event's manager, so an empty form told any signed-in person the event
    /// exists (303 with "choose the role" instead of 404).
    @Test("an outsider's form to a meeting event they may not see answers 404 whatever its fields")
    func meetingParticipantsRefusesOutsidersFirst() async throws {
        try await TestApp.with(demo: true) { app in
            let eventID = try #require(try await MeetingEvent.query(on: app.db).first()?.requireID())
            let outsider = try await Self.client(app, .otherStartup)
            for fields in [[], [("role", "nonsense")], [("role", "buyer"), ("organizationID", UUID().uuidString)]] {
                let page = try await outsider.post("/meetings/\(eventID)/participants", fields)
                #expect(page.status == .notFound, "\(fields): \(page.status)")
            }
            let operatorClient = try await Self.client(app, .agencyOperator)
            let refused = try await operatorClient.post("/meetings/\(eventID)/participants", [])
            #expect(refused.status == .seeOther)
        }
    }

    // MARK: Checking an answer

    /// Why the answer does not fit the declaration, or nil when it does.
    static func problem(_ access: RouteAccess, role: Role, page: WebClient.Page, route: String) -> String? {
        let code = page.status.code
        if code >= 500 { return "server error \(code)" }
        let location = page.headers.first(name: .location) ?? ""
        let toSignIn = page.status == .seeOther && location.hasPrefix("/login")
        let visitorRefused = toSignIn || page.status == .unauthorized
        let refused = visitorRefused || page.status == .forbidden || page.status == .notFound
        // A signed-in role sent to the sign-in page lost its session: the matrix would test visitors.
        if role != .visitor, toSignIn, route != "POST /logout" { return "signed in, but sent to sign in (\(location))" }
        switch access {
        case .everyone, .api:
            return nil
        case .signedIn:
            if role == .visitor, !visitorRefused { return "a visitor got \(code), not the sign-in page" }
            return nil
        case .parties, .startups, .partiesAndAllOperators:
            if role == .visitor { return visitorRefused ? nil : "a visitor got \(code), not the sign-in page" }
            let outsiders: [Role] = switch access {
            case .startups: [.otherDemand, .otherAgencyOperator]
            case .partiesAndAllOperators: [.otherStartup, .otherDemand]
            default: [.otherStartup, .otherDemand, .otherAgencyOperator]
            }
            if outsiders.contains(role), page.status != .forbidden, page.status != .notFound { return "an outsider to the record got \(code)" }
            return nil
        case .operators, .runningOperators:
            if role == .visitor { return visitorRefused ? nil : "a visitor got \(code), not the sign-in page" }
            if !role.isOperator, page.status != .forbidden, page.status != .notFound { return "a non-operator got \(code)" }
            if access == .runningOperators, role == .otherAgencyOperator, page.status != .forbidden, page.status != .notFound {
                return "an operator of another agency got \(code)"
            }
            return nil
        case .platformOperators:
            if role == .visitor { return visitorRefused ? nil : "a visitor got \(code), not the sign-in page" }
            if role != .platformOperator, !refused { return "not a platform operator, but got \(code)" }
            return nil
        }
    }

    // MARK: Sending

    static func send(_ method: HTTPMethod, _ path: String, as client: WebClient) async throws -> WebClient.Page {
        switch method {
        case .GET:
            return try await client.get(path)
        case .POST:
            return try await client.post(path, [])
        default:
            var headers = HTTPHeaders()
            if let csrf = client.csrf { headers.replaceOrAdd(name: "X-CSRF-Token", value: csrf) }
            return try await client.send(method, path, headers: headers, body: nil)
        }
    }

    static func client(_ app: Application, _ role: Role) async throws -> WebClient {
        let client = WebClient(app)
        switch role {
        case .visitor:
            try await client.get("/login")
            return client
        case .otherStartup:
            let org = try await TestApp.organization(app, name: "매트릭스스타트업", kind: .startup)
            try await TestApp.user(app, email: role.email!, organization: org)
        case .otherDemand:
            let org = try await TestApp.organization(app, name: "매트릭스수요기관", kind: .demand)
            try await TestApp.user(app, email: role.email!, organization: org)
        case .otherAgencyOperator:
            let org = try await TestApp.organization(app, name: "매트릭스진흥원", kind: .agency)
            try await TestApp.user(app, email: role.email!, role: .operator, organization: org)
        case .platformOperator:
            try await TestApp.user(app, email: role.email!, role: .operator)
        case .startup, .demand, .investor, .judge, .agencyOperator:
            break
        }
        try await signIn(client, role)
        return client
    }

    static func signIn(_ client: WebClient, _ role: Role) async throws {
        guard let email = role.email else { return }
        try await client.login(email, password: role.password)
    }

    // MARK: Path parameters

    /// A path with every parameter filled by a real id of the demo data, chosen by the route's
    /// first segment and the parameter's name.
    static func fill(_ path: [PathComponent], ids: [String: String]) -> String {
        let first: String = { if case .constant(let s) = path.first { return s }; return "" }()
        let scope = first == "api" && path.count > 2 ? { if case .constant(let s) = path[2] { return s }; return "" }() : first
        var previous = ""
        var out: [String] = []
        for component in path {
            switch component {
            case .constant(let s):
                out.append(s)
                previous = s
            case .parameter(let name):
                out.append(ids["\(scope):\(previous):\(name)"] ?? ids["\(scope):\(name)"] ?? ids[name] ?? UUID().uuidString)
            case .anything, .catchall:
                out.append("x")
            }
        }
        return "/" + out.joined(separator: "/")
    }

    static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    static func realIDs(_ app: Application) async throws -> [String: String] {
        let db = app.db
        var ids: [String: String] = [:]
        func put(_ key: String, _ id: UUID?) { if let id { ids[key] = id.uuidString } }

        let startup = try await Organization.query(on: db).filter(\.$name == DemoData.flagshipStartup).first()
        put("organizations:orgID", startup?.id)
        put("organizations:id", startup?.id)
        put("startups:id", startup?.id)
        put("needs:startupId", startup?.id)
        // Account administration gets a throw-away account, so no demo role is deactivated.
        let spare = try await TestApp.user(app, email: "throwaway@matrix.test")
        put("admin:userID", spare.id)
        // Membership routes (issue 16, item 2): a throw-away member of the flagship startup (so no
        // demo role loses its organisation), a request to join it and an invitation to it.
        if let startup, let startupID = startup.id {
            let member = try await TestApp.user(app, email: "member@matrix.test", organization: startup, membership: .member)
            put("organizations:members:userID", member.id)
            let asker = try await TestApp.user(app, email: "asker@matrix.test")
            let request = MembershipRequest(organizationID: startupID, userID: try asker.requireID(), message: "", createdAt: TestApp.now)
            try await request.create(on: db)
            put("organizations:join-requests:requestID", request.id)
            put("join-requests:requestID", request.id)
            let inviter = try await Membership.query(on: db).filter(\.$organization.$id == startupID).filter(\.$role == .admin).first()
            if let inviter {
                let invitation = OrganizationInvitation(organizationID: startupID, email: "invited@matrix.test", role: .member,
                                                        tokenHash: APITokens.hash("matrix-invitation-token"), invitedBy: inviter.$user.id,
                                                        expiresAt: TestApp.now.addingTimeInterval(86_400), createdAt: TestApp.now)
                try await invitation.create(on: db)
                put("organizations:invitations:invitationID", invitation.id)
                ids["invitations:token"] = "matrix-invitation-token"
            }
        }
        ids["legal:kind"] = LegalDocumentKind.terms.rawValue
        ids["admin:legal:kind"] = LegalDocumentKind.terms.rawValue
        put("admin:fields:entryID", try await TechField.query(on: db).first()?.id)
        put("admin:regions:entryID", try await Region.query(on: db).first()?.id)
        put("admin:clusters:entryID", try await Cluster.query(on: db).first()?.id)

        // The demo stores no files: one of each kind is written, bytes and row, so the download
        // routes are tried on a file that is there.
        let files = app.fileStore
        // A sent proposal to a published need, so the need's own pages (edit, invitations) are open
        // to its parties whichever demo record comes first.
        let published = try await Need.query(on: db).filter(\.$status == .published).all().compactMap(\.id)
        let application = try await NeedApplication.query(on: db).filter(\.$status != .draft).filter(\.$need.$id ~~ published).sort(\.$id).first()
        if let application {
            let attachment = ProposalAttachment()
            attachment.$application.id = try application.requireID()
            attachment.originalName = "matrix.pdf"
            attachment.kind = DocumentKind.pdf.rawValue
            attachment.byteCount = pdf.count
            attachment.sha256 = ""
            attachment.storageName = try await TestFiles.put(pdf, folder: .attachments, in: files, on: db)
            attachment.createdAt = TestApp.now
            try await attachment.create(on: db)
            put("applications:fileID", attachment.id)
        }
        put("applications:appID", application?.id)
        var needID = application.map { $0.$need.id }
        if needID == nil { needID = try await Need.query(on: db).first()?.id }
        put("needs:needID", needID)
        put("needs:id", needID)

        let call = try await Call.query(on: db).first()
        put("programs:programID", call?.$program.id)
        put("programs:callID", call?.id)

        let collabID = try await Collaboration.query(on: db).sort(\.$id).first()?.id
        put("collaborations:collabID", collabID)
        if let collabID {
            let file = CollaborationFile()
            file.$collaboration.id = collabID
            file.originalName = "matrix.pdf"
            file.kind = DocumentKind.pdf.rawValue
            file.byteCount = pdf.count
            file.storageName = try await TestFiles.put(pdf, folder: .collaborations, in: files, on: db)
            file.createdAt = TestApp.now
            try await file.create(on: db)
            put("collaborations:fileID", file.id)
        }
        if let collabID {
            put("collaborations:changeID", try await StageChange.query(on: db).filter(\.$collaboration.$id == collabID).first()?.id)
            put("collaborations:milestoneID", try await Milestone.query(on: db).filter(\.$collaboration.$id == collabID).first()?.id)
            put("collaborations:outcomeID", try await Outcome.query(on: db).filter(\.$collaboration.$id == collabID).first()?.id)
        }

        // The demo has no grievance: one is filed through the public form.
        let (grievance, token) = try await GrievanceFixture.submit(app, title: "접근 매트릭스 민원")
        put("grievances:id", grievance.id)
        ids["grievances:token"] = token
        // "내 신고": a second case filed by the demo startup's person, whose own page it is.
        let filed = try await GrievanceFixture.submit(app, title: "접근 매트릭스 내 신고").0
        filed.submitterID = try await User.query(on: db).filter(\.$email == "startup@ieum.demo").first()?.requireID()
        try await filed.save(on: db)
        put("grievances:mine:id", filed.id)
        let grievanceFile = GrievanceAttachment()
        grievanceFile.$grievance.id = try grievance.requireID()
        grievanceFile.originalName = "matrix.pdf"
        grievanceFile.kind = DocumentKind.pdf.rawValue
        grievanceFile.byteCount = pdf.count
        grievanceFile.storageName = try await TestFiles.put(pdf, folder: .grievances, name: FileStore.newName(extension: "pdf"), in: files, on: db)
        grievanceFile.createdAt = TestApp.now
        try await grievanceFile.create(on: db)
        put("grievances:fileID", grievanceFile.id)

        if let sheet = try await ScoreSheet.query(on: db).first() {
            put("rounds:roundID", sheet.$round.id)
            put("rounds:entryID", sheet.$entry.id)
            put("rounds:sheetID", sheet.id)
        } else {
            put("rounds:roundID", try await EvaluationRound.query(on: db).first()?.id)
        }
        put("experts:expertID", try await Expert.query(on: db).first()?.id)

        let meeting = try await Meeting.query(on: db).first()
        var eventID = meeting.map { $0.$event.id }
        if eventID == nil { eventID = try await MeetingEvent.query(on: db).first()?.id }
        put("meetings:eventID", eventID)
        put("meetings:meetingID", meeting?.id)
        if let eventID {
            put("meetings:requestID", try await EventRequest.query(on: db).filter(\.$event.$id == eventID).first()?.id)
            put("meetings:participantID", try await EventParticipant.query(on: db).filter(\.$event.$id == eventID).first()?.id)
        }
        ids["meetings:answer"] = "accept"
        ids["meetings:action"] = "cancel"

        let networkEvent = try await NetworkEvent.query(on: db).sort(\.$id).first()
        var networkID = networkEvent.map { $0.$network.id }
        if networkID == nil { networkID = try await Network.query(on: db).first()?.id }
        put("networks:networkID", networkID)
        put("networks:eventID", networkEvent?.id)
        if let networkEvent {
            let material = NetworkEventMaterial()
            material.$event.id = try networkEvent.requireID()
            material.originalName = "matrix.pdf"
            material.kind = DocumentKind.pdf.rawValue
            material.byteCount = pdf.count
            material.storageName = try await TestFiles.put(pdf, folder: .networkMaterials, in: files, on: db)
            material.createdAt = TestApp.now
            try await material.create(on: db)
            put("networks:materialID", material.id)
        }
        if let networkID {
            put("networks:requestID", try await NetworkJoinRequest.query(on: db).filter(\.$network.$id == networkID).first()?.id)
            put("networks:taskID", try await JointTask.query(on: db).filter(\.$network.$id == networkID).first()?.id)
        }
        ids["networks:decision"] = "approve"
        ids["networks:action"] = "register"
        ids["networks:step"] = "select"
        return ids
    }
}
