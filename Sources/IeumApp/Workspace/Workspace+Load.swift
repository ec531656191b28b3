import Fluent
import Foundation
import IeumCore
import Vapor

/// Builds each role's workspace. Counts and items come from one query per section, narrowed to
/// what the person may open: an agency's operator sees the work of the programs their agency runs
/// (and of records outside any program), as the lists behind each section do.
enum WorkspaceLoader {
    static let openGrievance: [GrievanceStatus] = [.received, .classified, .inProgress]

    static func load(for actor: Principal, req: Request) async throws -> Workspace {
        let db = req.db
        let now = req.now
        var workspace = Workspace()
        if actor.isOperator {
            workspace.sections += try await operatorSections(actor, on: db, now: now)
        }
        workspace.sections += try await membershipSections(actor, on: db)
        if !actor.organizations(ofKind: .demand).isEmpty {
            workspace.sections += try await demandSections(actor, on: db, now: now)
        }
        if !actor.organizations(ofKind: .startup).isEmpty {
            workspace.sections += try await startupSections(actor, req: req, now: now)
        }
        if !actor.approvedOrganizationIDs.isEmpty {
            workspace.sections += try await meetingSections(actor, on: db, now: now)
            workspace.sections += try await collaborationSections(actor, on: db, now: now)
        }
        if actor.isJudge || actor.isOperator {
            if let judging = try await judgingSection(actor, on: db, now: now) { workspace.sections.append(judging) }
        }
        return workspace
    }

    static func section(_ id: String, _ title: Localized, count: Int, items: [Workspace.Item], more: String?,
                        empty: Localized = Localized("기다리는 일이 없습니다.", "Nothing is waiting.")) -> Workspace.Section {
        Workspace.Section(id: id, title: title, count: count, items: items, more: more, empty: empty)
    }

    // MARK: Operators

    static func operatorSections(_ actor: Principal, on db: any Database, now: Date) async throws -> [Workspace.Section] {
        var sections: [Workspace.Section] = []
        // Organisations waiting for approval: the registry is every operator's.
        let pending = { Organization.query(on: db).filter(\.$status == .pending) }
        sections.append(section(
            "approvals", Localized("기관 승인 대기", "Organisations to approve"), count: try await pending().count(),
            items: try await pending().sort(\.$createdAt).sort(\.$id).limit(Workspace.shown).all().compactMap { org in
                org.id.map { Workspace.Item(title: org.name, detail: org.kind.label, link: SiteURL.organization($0).path, due: nil, since: org.createdAt) }
            },
            more: SiteURL.approvals.path))
        // Needs submitted for review, as the operator's need list scopes them.
        let calls = try await ProgramService.callsRun(by: actor, on: db)
        let review = {
            let query = Need.query(on: db).filter(\.$status == .submitted)
            if let calls {
                query.group(.or) { or in
                    or.filter(\.$call.$id == nil)
                    if !calls.isEmpty { or.filter(\.$call.$id ~~ calls) }
                }
            }
            return query
        }
        sections.append(section(
            "needs-to-review", Localized("검토할 수요과제", "Needs to review"), count: try await review().count(),
            items: try await review().with(\.$organization).sort(\.$updatedAt).sort(\.$id).limit(Workspace.shown).all().compactMap { need in
                need.id.map { Workspace.Item(title: need.title, detail: Localized(need.organization.name, need.organization.nameEn ?? need.organization.name),
                                             link: SiteURL.need($0).path, due: need.deadline, since: need.updatedAt) }
            },
            more: SiteURL.myNeeds.path))
        // Gate requests, outcomes to confirm and overdue milestones in the collaborations they run.
        if let (visible, _) = try await CollaborationQuery.visible(to: actor, on: db) {
            let ids = try await visible.field(\.$id).field(\.$title).all()
            let titles = Dictionary(uniqueKeysWithValues: ids.compactMap { c in c.id.map { ($0, c.title) } })
            let scope = Array(titles.keys)
            sections += try await collaborationWork(scope: scope, titles: titles, on: db, now: now, operatorView: true)
        }
        sections.append(try await roundsMissingSheets(actor, on: db, now: now))
        // Grievances: the desk is shared by every operator.
        let unassigned = { Grievance.query(on: db).filter(\.$status ~~ openGrievance).filter(\.$assigneeID == nil) }
        sections.append(section(
            "grievances-unassigned", Localized("담당자 없는 규제·애로", "Grievances without an assignee"), count: try await unassigned().count(),
            items: try await unassigned().sort(\.$receivedAt).sort(\.$id).limit(Workspace.shown).all().compactMap { g in
                g.id.map { Workspace.Item(title: "\(g.receiptNumber) \(g.title)", detail: g.status.label, link: SiteURL.grievance($0).path, due: g.dueAt, since: g.receivedAt) }
            },
            more: SiteURL.grievanceQueue(status: nil, overdue: false, page: 1).path))
        let overdue = { Grievance.query(on: db).filter(\.$status ~~ openGrievance).filter(\.$dueAt < now) }
        sections.append(section(
            "grievances-overdue", Localized("기한 지난 규제·애로", "Overdue grievances"), count: try await overdue().count(),
            items: try await overdue().sort(\.$dueAt).sort(\.$id).limit(Workspace.shown).all().compactMap { g in
                g.id.map { Workspace.Item(title: "\(g.receiptNumber) \(g.title)", detail: Localized(g.assigneeName ?? "담당자 없음", g.assigneeName ?? "no assignee"),
                                          link: SiteURL.grievance($0).path, due: g.dueAt, since: g.receivedAt) }
            },
            more: SiteURL.grievanceQueue(status: nil, overdue: true, page: 1).path))
        // Meeting events of their programs taking place today.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SeoulTime.zone
        let today = calendar.startOfDay(for: now)
        let programs = try await ProgramService.programsRun(by: actor, on: db)
        let events = try await MeetingEvent.query(on: db).filter(\.$startsAt < today.addingTimeInterval(86_400)).sort(\.$startsAt).limit(200).all()
            .filter { event in
                let ends = calendar.startOfDay(for: event.startsAt).addingTimeInterval(Double(max(event.days, 1)) * 86_400)
                guard ends > today else { return false }
                guard let programs, let programID = event.$program.id else { return true }
                return programs.contains(programID)
            }
        sections.append(section(
            "meetings-today", Localized("오늘 열리는 상담회", "Meeting events today"), count: events.count,
            items: events.prefix(Workspace.shown).compactMap { event in
                event.id.map { Workspace.Item(title: event.name, detail: Localized(event.venue, event.venue), link: SiteURL.meetingEvent($0).path, due: nil, since: event.startsAt) }
            },
            more: SiteURL.meetingEvents.path, empty: Localized("오늘 열리는 상담회가 없습니다.", "No meeting event today.")))
        return sections
    }

    /// Gate requests, outcomes to confirm and overdue milestones in `scope`.
    static func collaborationWork(scope: [UUID], titles: [UUID: String], on db: any Database, now: Date, operatorView: Bool) async throws -> [Workspace.Section] {
        guard !scope.isEmpty else {
            return operatorView ? [
                section("gate-requests", Localized("단계 전환 요청", "Stage requests"), count: 0, items: [], more: nil),
                section("outcomes-to-confirm", Localized("확인할 성과", "Outcomes to confirm"), count: 0, items: [], more: nil),
                section("overdue-milestones", Localized("기한 지난 마일스톤", "Overdue milestones"), count: 0, items: [], more: nil),
            ] : [section("overdue-milestones", Localized("기한 지난 마일스톤", "Overdue milestones"), count: 0, items: [], more: nil)]
        }
        var sections: [Workspace.Section] = []
        let title = { (id: UUID) in titles[id] ?? "" }
        if operatorView {
            let requests = { StageChange.query(on: db).filter(\.$collaboration.$id ~~ scope).filter(\.$status == .pending) }
            sections.append(section(
                "gate-requests", Localized("단계 전환 요청", "Stage requests"), count: try await requests().count(),
                items: try await requests().sort(\.$requestedAt).sort(\.$id).limit(Workspace.shown).all().map { change in
                    Workspace.Item(title: title(change.$collaboration.id),
                                   detail: Localized("\(change.fromStage?.label.ko ?? "—") → \(change.toStage.label.ko) · \(change.requestedByName)",
                                                     "\(change.fromStage?.label.en ?? "—") → \(change.toStage.label.en) · \(change.requestedByName)"),
                                   link: SiteURL.collaboration(change.$collaboration.id).path, due: nil, since: change.requestedAt)
                },
                more: SiteURL.collaborations(query: nil).path))
            let outcomes = { Outcome.query(on: db).filter(\.$collaboration.$id ~~ scope).filter(\.$status == .pending) }
            sections.append(section(
                "outcomes-to-confirm", Localized("확인할 성과", "Outcomes to confirm"), count: try await outcomes().count(),
                items: try await outcomes().sort(\.$createdAt).sort(\.$id).limit(Workspace.shown).all().map { outcome in
                    Workspace.Item(title: title(outcome.$collaboration.id), detail: outcome.kind.label,
                                   link: SiteURL.collaboration(outcome.$collaboration.id).path, due: nil, since: outcome.createdAt)
                },
                more: SiteURL.collaborations(query: nil).path))
        }
        let milestones = { Milestone.query(on: db).filter(\.$collaboration.$id ~~ scope).filter(\.$doneAt == nil).filter(\.$dueAt < now) }
        sections.append(section(
            "overdue-milestones", Localized("기한 지난 마일스톤", "Overdue milestones"), count: try await milestones().count(),
            items: try await milestones().sort(\.$dueAt).sort(\.$id).limit(Workspace.shown).all().map { milestone in
                Workspace.Item(title: milestone.title, detail: Localized(title(milestone.$collaboration.id), title(milestone.$collaboration.id)),
                               link: SiteURL.collaboration(milestone.$collaboration.id).path, due: milestone.dueAt, since: milestone.createdAt)
            },
            more: SiteURL.collaborations(query: nil).path, empty: Localized("기한 지난 마일스톤이 없습니다.", "No milestone is overdue.")))
        return sections
    }

    // MARK: Organisations

    /// Requests to join the organisations the person administers, and their own organisations
    /// still waiting for approval.
    static func membershipSections(_ actor: Principal, on db: any Database) async throws -> [Workspace.Section] {
        var sections: [Workspace.Section] = []
        let administered = actor.memberships.filter { $0.role == .admin }.map(\.organizationID)
        if !administered.isEmpty {
            let requests = { MembershipRequest.query(on: db).filter(\.$organization.$id ~~ administered).filter(\.$status == .pending) }
            sections.append(section(
                "join-requests", Localized("가입 요청", "Requests to join"), count: try await requests().count(),
                items: try await requests().with(\.$user).with(\.$organization).sort(\.$createdAt).sort(\.$id).limit(Workspace.shown).all().map { request in
                    Workspace.Item(title: request.user.name, detail: Localized(request.organization.name, request.organization.nameEn ?? request.organization.name),
                                   link: SiteURL.organizationMembers(request.$organization.id).path, due: nil, since: request.createdAt)
                },
                more: nil))
        }
        let waiting = actor.memberships.filter { $0.status == .pending }.map(\.organizationID)
        if !waiting.isEmpty {
            let orgs = try await Organization.query(on: db).filter(\.$id ~~ waiting).sort(\.$createdAt).all()
            sections.append(section(
                "my-pending-organizations", Localized("승인을 기다리는 내 기관", "My organisations awaiting approval"), count: orgs.count,
                items: orgs.prefix(Workspace.shown).compactMap { org in
                    org.id.map { Workspace.Item(title: org.name, detail: Localized("운영기관이 승인하면 기관 권한이 생깁니다.", "Its rights begin once an operator approves it."),
                                                link: SiteURL.organization($0).path, due: nil, since: org.createdAt) }
                },
                more: SiteURL.welcome.path))
        }
        return sections
    }

    // MARK: Demand organisations

    static func demandSections(_ actor: Principal, on db: any Database, now: Date) async throws -> [Workspace.Section] {
        let demand = actor.organizations(ofKind: .demand)
        let needIDs = try await Need.query(on: db).filter(\.$organization.$id ~~ demand).field(\.$id).all().compactMap(\.id)
        let received = { NeedApplication.query(on: db).filter(\.$need.$id ~~ needIDs).filter(\.$status == .submitted) }
        let count = needIDs.isEmpty ? 0 : try await received().count()
        let items: [Workspace.Item] = needIDs.isEmpty ? [] : try await received().with(\.$need).with(\.$startup).sort(\.$submittedAt).sort(\.$id)
            .limit(Workspace.shown).all().compactMap { application in
                application.id.map { Workspace.Item(title: application.startup.name, detail: Localized(application.need.title, application.need.titleEn ?? application.need.title),
                                                    link: SiteURL.application($0).path, due: nil, since: application.submittedAt) }
            }
        return [section("new-applications", Localized("새 지원서", "New applications"), count: count, items: items, more: SiteURL.myNeeds.path,
                        empty: Localized("검토를 기다리는 지원서가 없습니다.", "No application is waiting for review.")),
                try await answeredInvitations(needIDs: needIDs, on: db, now: now)]
    }

    /// How long an answer to an invitation stays in the demand organisation's workspace.
    static let answeredInvitationDays = 30

    /// Startups its needs invited that have since applied (in the last 30 days), newest answer
    /// first: the invitation's outcome, linked to the application.
    static func answeredInvitations(needIDs: [UUID], on db: any Database, now: Date) async throws -> Workspace.Section {
        let since = now.addingTimeInterval(-Double(answeredInvitationDays) * 86_400)
        let invited = needIDs.isEmpty ? [] : try await Invitation.query(on: db).filter(\.$need.$id ~~ needIDs).limit(2000).all()
        let pairs = Set(invited.map { "\($0.$need.id)|\($0.$startup.id)" })
        let startups = Array(Set(invited.map { $0.$startup.id }))
        let answers = startups.isEmpty ? [] : try await NeedApplication.query(on: db)
            .filter(\.$need.$id ~~ needIDs).filter(\.$startup.$id ~~ startups)
            .filter(\.$status != .draft).filter(\.$submittedAt >= since)
            .with(\.$need).with(\.$startup).limit(2000).all()
            .filter { pairs.contains("\($0.$need.id)|\($0.$startup.id)") }
            .sorted { ($0.submittedAt ?? .distantPast, $0.id?.uuidString ?? "") > ($1.submittedAt ?? .distantPast, $1.id?.uuidString ?? "") }
        let items = answers.prefix(Workspace.shown).compactMap { application -> Workspace.Item? in
            application.id.map { id in
                let status = application.status.label
                return Workspace.Item(title: application.startup.name,
                                      detail: Localized("\(application.need.title) · \(status.ko)", "\(application.need.titleEn ?? application.need.title) · \(status.en)"),
                                      link: SiteURL.application(id).path, due: nil, since: application.submittedAt)
            }
        }
        return section("invitations-answered", Localized("초대에 응답한 기업", "Invitations answered"), count: answers.count, items: items,
                       more: SiteURL.myNeeds.path,
                       empty: Localized("최근 \(answeredInvitationDays)일 동안 초대에 응답해 지원한 기업이 없습니다.",
                                        "No invited startup has applied in the last \(answeredInvitationDays) days."))
    }

    // MARK: Startups

    static func startupSections(_ actor: Principal, req: Request, now: Date) async throws -> [Workspace.Section] {
        let db = req.db
        let startups = actor.organizations(ofKind: .startup)
        var sections: [Workspace.Section] = []
        // Open needs that match it, with their deadlines.
        if let first = startups.first, let org = try await Organization.find(first, on: db) {
            let recommended = try await RecommendationService.forStartup(org, limit: Workspace.shown, now: now, app: req.application, on: db)
            let needs = recommended.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Need.query(on: db).filter(\.$id ~~ recommended.map(\.id)).all()
                .compactMap { need in need.id.map { ($0, need) } })
            sections.append(section(
                "recommended-needs", Localized("추천 수요과제", "Needs that match you"), count: recommended.count,
                items: recommended.map { rec in
                    Workspace.Item(title: rec.name, detail: Localized("일치도 \(rec.scoreLabel) · \(rec.reason.ko)", "Match \(rec.scoreLabel) · \(rec.reason.en)"),
                                   link: SiteURL.need(rec.id).path, due: needs[rec.id]?.deadline, since: nil)
                },
                more: SiteURL.calls(query: nil).path, empty: Localized("지금 추천할 공개 수요과제가 없습니다.", "No open need to suggest right now.")))
        }
        let drafts = { NeedApplication.query(on: db).filter(\.$startup.$id ~~ startups).filter(\.$status == .draft) }
        sections.append(section(
            "drafts", Localized("작성 중인 지원서", "Draft applications"), count: try await drafts().count(),
            items: try await drafts().with(\.$need).sort(\.$id).limit(50).all()
                .sorted { ($0.need.deadline ?? .distantFuture) < ($1.need.deadline ?? .distantFuture) }
                .prefix(Workspace.shown).compactMap { application in
                    application.id.map { Workspace.Item(title: application.need.title, detail: nil, link: SiteURL.applicationEdit($0).path,
                                                        due: application.need.deadline, since: nil) }
                },
            more: SiteURL.dashboard.path, empty: Localized("작성 중인 지원서가 없습니다.", "No draft.")))
        // Invitations to apply it has not answered with an application yet.
        let applied = Set(try await NeedApplication.query(on: db).filter(\.$startup.$id ~~ startups).field(\.$need.$id).all().map { $0.$need.id })
        let invitations = try await Invitation.query(on: db).filter(\.$startup.$id ~~ startups).with(\.$need).sort(\.$createdAt).limit(200).all()
            .filter { !applied.contains($0.$need.id) && $0.need.status == .published && ($0.need.deadline.map { $0 > now } ?? true) }
        sections.append(section(
            "invitations", Localized("지원 초대", "Invitations to apply"), count: invitations.count,
            items: invitations.prefix(Workspace.shown).map { invitation in
                Workspace.Item(title: invitation.need.title, detail: Localized(invitation.inviterName, invitation.inviterName),
                               link: SiteURL.need(invitation.$need.id).path, due: invitation.need.deadline, since: invitation.createdAt)
            },
            more: SiteURL.dashboard.path))
        return sections
    }

    // MARK: Meetings and collaborations of any organisation

    static func meetingSections(_ actor: Principal, on db: any Database, now: Date) async throws -> [Workspace.Section] {
        let orgs = actor.approvedOrganizationIDs
        let participants = try await EventParticipant.query(on: db).filter(\.$organization.$id ~~ orgs).with(\.$event).limit(500).all()
        let participantIDs = participants.compactMap(\.id)
        guard !participantIDs.isEmpty else { return [] }
        let requests = { EventRequest.query(on: db).filter(\.$to.$id ~~ participantIDs).filter(\.$status == .pending).filter(\.$expiresAt > now) }
        let requestItems = try await requests().with(\.$event).with(\.$from) { $0.with(\.$organization) }.sort(\.$expiresAt).sort(\.$id)
            .limit(Workspace.shown).all().map { request in
                Workspace.Item(title: request.from.organization.name, detail: Localized(request.event.name, request.event.nameEn ?? request.event.name),
                               link: SiteURL.meetingEvent(request.$event.id).path, due: request.expiresAt, since: request.createdAt)
            }
        let meetings = try await Meeting.query(on: db).group(.or) { or in
            or.filter(\.$first.$id ~~ participantIDs)
            or.filter(\.$second.$id ~~ participantIDs)
        }.filter(\.$status == .scheduled).with(\.$event).with(\.$first) { $0.with(\.$organization) }.with(\.$second) { $0.with(\.$organization) }
            .limit(500).all()
            .compactMap { meeting -> (Meeting, Date)? in
                guard let slot = meeting.slot else { return nil }
                let start = meeting.event.slotStart(slot)
                return start.addingTimeInterval(Double(meeting.event.slotMinutes) * 60) > now ? (meeting, start) : nil
            }
            .sorted { $0.1 < $1.1 }
        let mine = Set(participantIDs)
        return [
            section("meeting-requests", Localized("받은 상담 요청", "Meeting requests to answer"), count: try await requests().count(), items: requestItems,
                    more: SiteURL.meetingEvents.path, empty: Localized("답을 기다리는 상담 요청이 없습니다.", "No meeting request is waiting.")),
            section("next-meetings", Localized("다가오는 상담", "Next meetings"), count: meetings.count,
                    items: meetings.prefix(Workspace.shown).map { meeting, start in
                        let other = mine.contains(meeting.$first.id) ? meeting.second.organization.name : meeting.first.organization.name
                        return Workspace.Item(title: other, detail: Localized("\(meeting.event.name) · \(SeoulTime.dateTime(start))", "\(meeting.event.nameEn ?? meeting.event.name) · \(SeoulTime.dateTime(start))"),
                                              link: SiteRoute.meetings(.agenda).path(meeting.$event.id), due: start, since: nil)
                    },
                    more: SiteURL.meetingEvents.path, empty: Localized("잡힌 상담이 없습니다.", "No meeting is scheduled.")),
        ]
    }

    static func collaborationSections(_ actor: Principal, on db: any Database, now: Date) async throws -> [Workspace.Section] {
        guard !actor.isOperator else { return [] }  // an operator's come with the programs they run
        let links = try await CollaborationParty.query(on: db).filter(\.$organization.$id ~~ actor.approvedOrganizationIDs).with(\.$collaboration).limit(500).all()
        let titles = Dictionary(links.map { ($0.$collaboration.id, $0.collaboration.title) }, uniquingKeysWith: { first, _ in first })
        return try await collaborationWork(scope: Array(titles.keys), titles: titles, on: db, now: now, operatorView: false)
    }

    /// Open rounds of the operator's programs whose judges still owe sheets, the soonest closing first.
    static func roundsMissingSheets(_ actor: Principal, on db: any Database, now: Date) async throws -> Workspace.Section {
        let programs = try await ProgramService.programsRun(by: actor, on: db)
        var query = EvaluationRound.query(on: db).filter(\.$status == .open)
        if let programs { query = query.filter(\.$program.$id ~~ programs) }
        let rounds = try await query.sort(\.$closesAt).limit(100).all()
        var items: [(Workspace.Item, Int)] = []
        for round in rounds {
            guard let id = round.id else { continue }
            let assigned = try await RoundAssignment.query(on: db).filter(\.$round.$id == id).count()
            let submitted = try await ScoreSheet.query(on: db).filter(\.$round.$id == id).filter(\.$status == .submitted).count()
            let missing = max(0, assigned - submitted)
            guard missing > 0 else { continue }
            items.append((Workspace.Item(title: round.title, detail: Localized("제출 안 된 심사표 \(missing)장", "\(missing) sheets not submitted"),
                                         link: SiteURL.round(id).path, due: round.closesAt, since: round.opensAt), missing))
        }
        return section("rounds-missing-sheets", Localized("심사표가 덜 들어온 평가", "Rounds missing sheets"), count: items.count,
                       items: items.prefix(Workspace.shown).map(\.0), more: SiteURL.rounds.path,
                       empty: Localized("심사표를 기다리는 평가가 없습니다.", "No open round is missing sheets."))
    }

    // MARK: Judges

    /// Sheets left per open round, with the next entry to judge.
    static func judgingSection(_ actor: Principal, on db: any Database, now: Date) async throws -> Workspace.Section? {
        let experts = try await Expert.query(on: db).filter(\.$user.$id == actor.userID).all().compactMap(\.id)
        guard !experts.isEmpty else { return actor.isJudge ? section("sheets-left", Localized("남은 심사", "Sheets left"), count: 0, items: [], more: SiteURL.rounds.path) : nil }
        let assignments = try await RoundAssignment.query(on: db).filter(\.$expert.$id ~~ experts).with(\.$round).limit(5000).all()
            .filter { $0.round.status == .open }
        let submitted = Set(try await ScoreSheet.query(on: db).filter(\.$expert.$id ~~ experts).filter(\.$status == .submitted).limit(5000).all()
            .map { "\($0.$round.id)|\($0.$entry.id)" })
        let left = assignments.filter { !submitted.contains("\($0.$round.id)|\($0.$entry.id)") }
        let byRound = Dictionary(grouping: left, by: { $0.$round.id })
        let items = byRound.values.compactMap { rows -> Workspace.Item? in
            guard let first = rows.min(by: { $0.$entry.id.uuidString < $1.$entry.id.uuidString }) else { return nil }
            let round = first.round
            return Workspace.Item(title: round.title, detail: Localized("남은 심사표 \(rows.count)장 · 다음 심사하기", "\(rows.count) sheets left · judge the next"),
                                  link: SiteURL.roundEntry(first.$round.id, first.$entry.id).path, due: round.closesAt, since: round.opensAt)
        }.sorted { ($0.due ?? .distantFuture) < ($1.due ?? .distantFuture) }
        return section("sheets-left", Localized("남은 심사", "Sheets left"), count: left.count, items: Array(items.prefix(Workspace.shown)),
                       more: SiteURL.rounds.path, empty: Localized("남은 심사표가 없습니다.", "No sheet is left."))
    }
}
