import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
@testable import IeumApp

@Suite("Grievances: access, triage, the workflow, the submitter's view, the dashboard")
struct GrievanceStaffTests {
    @Test("access as a table: visitors and members reach intake and tracking only; staff pages answer 403, a case 404")
    func accessTable() async throws {
        try await TestApp.with { app in
            // given a case and three people
            let (g, _) = try await GrievanceFixture.submit(app)
            let id = try g.requireID()
            let op = try await GrievanceFixture.signedIn(app, "staff@sbiz.example", role: .operator)
            let member = try await GrievanceFixture.signedIn(app, "founder@startup.example")
            let judge = try await GrievanceFixture.signedIn(app, "judge@expert.example", role: .judge)
            let visitor = try await GrievanceFixture.visitor(app)
            let pages: [(String, HTTPStatus, HTTPStatus)] = [
                // path, for a non-staff member, for a visitor
                ("/grievances", .forbidden, .seeOther),
                ("/grievances/dashboard", .forbidden, .seeOther),
                ("/grievances/dashboard.csv", .forbidden, .seeOther),
                ("/grievances/routes", .forbidden, .seeOther),
                ("/grievances/\(id)", .notFound, .seeOther),
                ("/grievances/new", .ok, .ok),
            ]
            for (path, nonStaff, anonymous) in pages {
                #expect(try await member.get(path).status == nonStaff, "member \(path)")
                #expect(try await judge.get(path).status == nonStaff, "judge \(path)")
                #expect(try await visitor.get(path).status == anonymous, "visitor \(path)")
                #expect(try await op.get(path).status == .ok, "operator \(path)")
            }
            // and no change goes through for non-staff
            _ = try await member.get("/grievances/new")
            for (action, fields) in [("classify", [("kind", "simple")]), ("assign", [("assignee", UUID().uuidString)]),
                                     ("status", [("step", "reject"), ("note", "x")]), ("comments", [("body", "x")])] {
                #expect(try await member.post("/grievances/\(id)/\(action)", fields).status == .notFound, "\(action)")
            }
            #expect(try await Grievance.find(id, on: app.db)?.status == .received)
            #expect(try await GrievanceComment.query(on: app.db).count() == 0)
            // and the policy says the same, role by role
            #expect(GrievancePolicy.can(nil, .submit) && GrievancePolicy.can(nil, .track) && !GrievancePolicy.can(nil, .manage))
        }
    }

    @Test("triage: the class sets the due date in Seoul, the routing table assigns, reassignment and every step are in the history")
    func triage() async throws {
        try await TestApp.with { app in
            // given a district staff member and supervisor in the routing table
            let op = try await GrievanceFixture.signedIn(app, "chief@sbiz.example", role: .operator)
            try await TestApp.user(app, email: "kim@sbiz.example", role: .operator)
            try await TestApp.user(app, email: "lee@sbiz.example", role: .operator)
            try await TestApp.user(app, email: "founder@startup.example")
            let route = try #require(try await GrievanceRoute.query(on: app.db).filter(\.$scope == "district").filter(\.$code == "geumcheon").first())
            _ = try await op.get("/grievances/routes")
            let rid = try route.requireID().uuidString
            var page = try await op.post("/grievances/routes", [("agency-\(rid)", "서울지방중소벤처기업청"),
                                                               ("staff-\(rid)", "founder@startup.example"), ("supervisor-\(rid)", "")])
            #expect(page.status == .unprocessableEntity, "a non-operator cannot be staff")
            #expect(page.body.contains("활성 운영자 계정이 아닙니다"))
            page = try await op.post("/grievances/routes", [("agency-\(rid)", "서울지방중소벤처기업청"),
                                                           ("staff-\(rid)", "KIM@sbiz.example"), ("supervisor-\(rid)", "chief@sbiz.example")])
            #expect(page.status == .seeOther)
            // and a public case in that district (the facility has no staff, so the district's takes it)
            let (g, token) = try await GrievanceFixture.submit(app)
            let id = try g.requireID()

            // when an inter-ministry class has a target out of bounds
            _ = try await op.get("/grievances/\(id)")
            page = try await op.post("/grievances/\(id)/classify", [("kind", "interagency"), ("target", "2026-07-01")])
            // then it is refused next to the field
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("3개월 이내(2026-06-02까지)"))
            #expect(try await Grievance.find(id, on: app.db)?.status == .received)

            // when it is classified 단순 애로 in business days (received Mon 2026-03-02, itself a substitute holiday)
            page = try await op.post("/grievances/\(id)/classify", [("kind", "simple"), ("businessDays", "1")])
            #expect(page.status == .seeOther)
            var stored = try #require(try await Grievance.find(id, on: app.db))
            #expect(stored.status == .classified)
            #expect(stored.dueDay == "2026-03-11")
            #expect(stored.dueAt.map(SeoulTime.dateTime) == "2026-03-11 23:59")
            #expect(stored.assigneeName == "kim")
            // and in calendar days it is 7 days
            _ = try await op.post("/grievances/\(id)/classify", [("kind", "simple")])
            stored = try #require(try await Grievance.find(id, on: app.db))
            #expect(stored.dueDay == "2026-03-09")
            _ = try await op.post("/grievances/\(id)/classify", [("kind", "interagency"), ("target", "2026-05-29")])
            #expect(try await Grievance.find(id, on: app.db)?.dueDay == "2026-05-29")

            // reassignment
            let lee = try #require(try await User.query(on: app.db).filter(\.$email == "lee@sbiz.example").first())
            page = try await op.post("/grievances/\(id)/assign", [("assignee", try lee.requireID().uuidString), ("note", "휴가")])
            #expect(try await Grievance.find(id, on: app.db)?.assigneeName == "lee")
            let leeInbox = try await InboxMessage.query(on: app.db).filter(\.$userID == lee.requireID()).all().filter { $0.titleKo.contains("배정") }.count
            #expect(leeInbox == 1)

            // the workflow: start, then resolve needs a note the submitter reads
            _ = try await op.post("/grievances/\(id)/status", [("step", "start")])
            #expect(try await Grievance.find(id, on: app.db)?.status == .inProgress)
            page = try await op.post("/grievances/\(id)/status", [("step", "resolve"), ("note", "")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("처리 내용(신청인에게 보입니다)"))
            _ = try await op.post("/grievances/\(id)/comments", [("body", "내부 메모: 담당 부처 협의 중"),])
            _ = try await op.post("/grievances/\(id)/comments", [("body", "관계 부처와 협의하고 있습니다."), ("visible", "1")])
            page = try await op.post("/grievances/\(id)/status", [("step", "resolve"), ("note", "입주 업종 기준을 개정해 증설이 가능해졌습니다.")])
            #expect(page.status == .seeOther)
            stored = try #require(try await Grievance.find(id, on: app.db))
            #expect(stored.status == .resolved)
            #expect(stored.closedAt == TestApp.now)
            // a closed case takes no further step
            page = try await op.post("/grievances/\(id)/status", [("step", "reject"), ("note", "x")])
            #expect(try await Grievance.find(id, on: app.db)?.status == .resolved)

            // the history holds every change
            let kinds = try await GrievanceEvent.query(on: app.db).filter(\.$grievance.$id == id).sort(\.$at).all().map(\.kind)
            #expect(kinds.filter { $0 == "classified" }.count == 3)
            #expect(kinds.filter { $0 == "assigned" }.count == 2)
            for kind in ["received", "start", "resolve"] { #expect(kinds.contains(kind), "\(kind)") }
            let casePage = try await op.get("/grievances/\(id)")
            #expect(casePage.body.contains("kim → lee"))
            #expect(casePage.body.contains("담당자 지정"))
            // the public submitter's contact e-mail got the receipt with its follow link, then the
            // outcome (without the link)
            let mails = try await OutboxMail.query(on: app.db).filter(\.$toAddress == "ceo@company.example").sort(\.$createdAt).all()
            let receipts = mails.filter { $0.subject.contains("규제·애로 접수") }
            let outcomes = mails.filter { !$0.subject.contains("규제·애로 접수") }
            #expect(receipts.count == 1 && receipts[0].body.contains(token))
            #expect(outcomes.count == 1 && outcomes[0].body.contains("입주 업종 기준을 개정해") && !outcomes[0].body.contains(token))

            // the submitter sees the outcome and the visible comment, never the internal one
            let tracked = try await WebClient(app).get("/grievances/track/\(token)")
            #expect(tracked.body.contains("입주 업종 기준을 개정해"))
            #expect(tracked.body.contains("관계 부처와 협의하고 있습니다."))
            #expect(!tracked.body.contains("내부 메모"))
            #expect(!tracked.body.contains("kim") && !tracked.body.contains("lee@"))
            #expect(tracked.body.contains("해결"))
        }
    }

    @Test("a transfer names the agency and closes the case; declining needs a reason")
    func transferAndDecline() async throws {
        try await TestApp.with { app in
            let op = try await GrievanceFixture.signedIn(app, "chief@sbiz.example", role: .operator)
            let (g, token) = try await GrievanceFixture.submit(app)
            let (h, _) = try await GrievanceFixture.submit(app, title: "두 번째 건")
            let id = try g.requireID()
            _ = try await op.get("/grievances/\(id)")
            var page = try await op.post("/grievances/\(id)/status", [("step", "transfer"), ("note", "소관 부처로 보냅니다")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("이관할 기관을 적어"))
            page = try await op.post("/grievances/\(id)/status", [("step", "transfer"), ("note", "소관 부처로 보냅니다"), ("agency", "국토교통부")])
            let stored = try #require(try await Grievance.find(id, on: app.db))
            #expect(stored.status == .transferred && stored.agency == "국토교통부")
            let tracked = try await WebClient(app).get("/grievances/track/\(token)")
            #expect(tracked.body.contains("국토교통부") && tracked.body.contains("이관"))
            #expect(!tracked.body.contains("두 번째 건"), "nothing of another case")

            let hid = try h.requireID()
            _ = try await op.post("/grievances/\(hid)/status", [("step", "reject"), ("note", "")])
            #expect(try await Grievance.find(hid, on: app.db)?.status == .received)
            _ = try await op.post("/grievances/\(hid)/status", [("step", "reject"), ("note", "민원 대상이 아닙니다")])
            #expect(try await Grievance.find(hid, on: app.db)?.status == .rejected)
        }
    }

    @Test("dashboard: open and overdue by class, on-time rate, median days, by category and district, staff; CSV with BOM")
    func dashboard() async throws {
        try await TestApp.with { app in
            let op = try await GrievanceFixture.signedIn(app, "chief@sbiz.example", role: .operator)
            let (a, _) = try await GrievanceFixture.submit(app, title: "A")
            let (b, _) = try await GrievanceFixture.submit(app, title: "B")
            _ = try await GrievanceFixture.submit(app, title: "C")
            try await TestApp.user(app, email: "kim@sbiz.example", role: .operator)
            let kimID = try #require(try await User.query(on: app.db).filter(\.$email == "kim@sbiz.example").first()?.requireID())
            _ = try await op.get("/grievances")
            for g in [a, b] {
                let id = try g.requireID()
                _ = try await op.post("/grievances/\(id)/classify", [("kind", "simple")])
                _ = try await op.post("/grievances/\(id)/assign", [("assignee", kimID.uuidString)])
            }
            // A is resolved 3 days later (on time); B is still open 10 days later (overdue)
            app.clock = AppClock { TestApp.now.addingTimeInterval(3 * 86_400) }
            let staff = try await GrievanceFixture.signedIn(app, "kim@sbiz.example")
            _ = try await staff.get("/grievances")
            _ = try await staff.post("/grievances/\(try a.requireID())/status", [("step", "resolve"), ("note", "해결")])
            app.clock = AppClock { TestApp.now.addingTimeInterval(10 * 86_400) }
            // a sign-in lasts 12 hours: sign in again
            let viewer = try await GrievanceFixture.signedIn(app, "chief@sbiz.example")

            let page = try await viewer.get("/grievances/dashboard")
            #expect(page.status == .ok)
            let byClass = try #require(page.body.range(of: "id=\"by-class\"").map { String(page.body[$0.lowerBound...].prefix(3000)) })
            // 단순 애로: 2 cases, 1 open, 1 overdue, 1 resolved, 100 % on time, median 3.0 days
            #expect(byClass.contains("단순 애로·문의 (7일)</th><td>2</td><td>1</td><td>1</td><td>1</td><td>100.0%</td><td>3.0</td>"))
            #expect(byClass.contains("미분류</th><td>1</td><td>1</td><td>0</td><td>0</td>"))
            #expect(page.body.contains("<svg class=\"kpi-chart grievance-chart\" role=\"img\""))
            #expect(page.body.contains("1 (경과 1)"))
            #expect(page.body.contains("규제</th><td>3</td>"))
            #expect(page.body.contains("금천구</th><td>3</td>"))
            let staffTable = try #require(page.body.range(of: "id=\"by-staff\"").map { String(page.body[$0.lowerBound...].prefix(800)) })
            #expect(staffTable.contains("<td>kim</td><td>1</td><td>1</td>"))
            let overdue = try await viewer.get("/grievances?overdue=1")
            #expect(overdue.body.contains(">B<") && !overdue.body.contains(">A<"))

            let csv = try await viewer.get("/grievances/dashboard.csv")
            #expect(csv.status == .ok)
            let bytes = Array(csv.body.utf8)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(csv.body.contains("구분,항목,전체,진행 중,기한 경과,해결,기한 내 해결률"))
            #expect(csv.body.contains("처리 구분,단순 애로·문의 (7일),2,1,1,1,100.0,3.0"))
            #expect(csv.headers.first(name: .contentDisposition)?.contains("grievances-2026.csv") == true)
        }
    }
}
