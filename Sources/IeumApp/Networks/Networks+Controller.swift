import Fluent
import Foundation
import IeumCore
import Vapor

/// Network and council pages. The overview is for everyone signed in; the member directory,
/// statistics, members-only events, minutes and joint tasks are for members and the program's
/// operators (404 for everyone else).
struct NetworksController {
    func register(_ app: Application) {
        app.on(.networks(.list), use: list)
        app.on(.networks(.show), use: show)
        app.on(.networks(.members), use: members)
        app.on(.networks(.statistics), use: statistics)
        app.on(.networks(.statisticsCSV)) { try await exportStatistics($0, format: .csv) }
        app.on(.networks(.statisticsXLSX)) { try await exportStatistics($0, format: .xlsx) }
        app.on(.networks(.eventPage), use: eventPage)
        app.on(.networks(.join), use: join)
        app.on(.networks(.decideJoin), use: decideJoin)
        app.on(.networks(.addMember), use: addMember)
        app.on(.networks(.addSubcommittee), use: addSubcommittee)
        app.on(.networks(.createEvent), use: createEvent)
        app.upload(.networks(.uploadMaterial), maxBytes: 12 * 1024 * 1024, use: uploadMaterial)
        app.on(.networks(.downloadMaterial), use: downloadMaterial)
        app.on(.networks(.register), use: register)
        app.on(.networks(.cancelRegistration), use: cancelRegistration)
        app.on(.networks(.checkIn), use: checkIn)
        app.on(.networks(.markHeld), use: markHeld)
        app.on(.networks(.proposeTask), use: proposeTask)
        app.on(.networks(.taskStep), use: taskStep)
    }

    func network(_ req: Request) async throws -> Network {
        try await NetworkService.find(req.parameters.get("networkID", as: UUID.self), on: req.db)
    }

    func member(_ req: Request) async throws -> (Principal, Network) {
        let actor = try req.requireActor()
        let network = try await network(req)
        try await NetworkService.requireMember(actor, network, on: req.db)
        return (actor, network)
    }

    func list(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let page = try req.boundedQuery("page", in: Bounded.pages, default: 1)
        return NetworkListPage(model: try await NetworkListModel.load(actor: actor, page: page, on: req.db)).response(req)
    }

    func show(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let pages = NetworkQuery.OverviewPages(events: try req.boundedQuery("events_page", in: Bounded.pages, default: 1),
                                               tasks: try req.boundedQuery("tasks_page", in: Bounded.pages, default: 1))
        let data = try await NetworkQuery.overview(network, for: actor, pages: pages, on: req.db, now: req.now)
        return NetworkPage(data: data).response(req)
    }

    func members(req: Request) async throws -> Response {
        let (actor, network) = try await member(req)
        let page = try req.boundedQuery("page", in: Bounded.pages, default: 1)
        let requestsPage = try req.boundedQuery("requests_page", in: Bounded.pages, default: 1)
        let data = try await NetworkQuery.directory(network, for: actor, page: page, requestsPage: requestsPage, on: req.db)
        return NetworkMembersPage(data: data, organizations: data.canManage ? try await Organization.query(on: req.db).filter(\.$status == .approved).sort(\.$name).limit(3_000).all() : [],
                                  experts: data.canManage ? try await Expert.query(on: req.db).sort(\.$name).all() : []).response(req)
    }

    func statistics(req: Request) async throws -> Response {
        let (_, network) = try await member(req)
        return NetworkStatisticsPage(network: network, stats: try await NetworkService.statistics(network, on: req.db)).response(req)
    }

    func exportStatistics(_ req: Request, format: TableFileFormat) async throws -> Response {
        let (actor, network) = try await member(req)
        let tables = NetworkService.statisticsTables(try await NetworkService.statistics(network, on: req.db))
        let bytes = format == .csv ? try TableFile.csv(tables[2]) : try TableFile.xlsx(tables, modified: req.now)
        try await Audit.record(on: req.db, actor: actor, action: "network.export", entityType: "network", entityID: network.id?.uuidString,
                               summary: "회원 현황 내려받기 (\(format.rawValue))", at: req.now)
        return TableFile.response(bytes, format: format, asciiName: "network-members-\(SeoulTime.date(req.now))", koreanName: "\(network.name)-회원현황-\(SeoulTime.date(req.now))")
    }

    func eventPage(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let event = try await NetworkService.event(network, req.parameters.get("eventID", as: UUID.self), on: req.db)
        let access = try await NetworkService.access(actor, network, on: req.db)
        // A members-only event, and every event's minutes and attendance, are for members.
        guard NetworkPolicy.can(actor, .attend(access, membersOnly: event.membersOnly)) else { throw IeumError.notFound }
        let isMember = NetworkPolicy.can(actor, .enterMembersArea(access))
        let registrations = try await EventRegistration.query(on: req.db).filter(\.$event.$id == event.requireID()).with(\.$user).sort(\.$registeredAt).all()
        let canManage = NetworkPolicy.can(actor, .manage(access))
        let materials = isMember ? try await NetworkEventMaterial.query(on: req.db).filter(\.$event.$id == event.requireID()).sort(\.$createdAt).all() : []
        return NetworkEventPage(network: network, event: event, registrations: registrations, mine: registrations.first { $0.$user.id == actor.userID },
                                isMember: isMember, canManage: canManage, now: req.now, materials: materials).response(req)
    }

    struct JoinForm: Content { var organizationID: String?; var message: String? }

    func join(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let form = try req.content.decode(JoinForm.self)
        return try await req.redirect(to: SiteURL.network(try network.requireID()).path) {
            try await NetworkService.requestJoin(network, organizationID: form.organizationID.flatMap(UUID.init(uuidString:)) ?? actor.approvedOrganizationIDs.first,
                                                 message: form.message ?? "", by: actor, on: req.db, now: req.now)
            return Localized("가입을 신청했습니다. 운영위원장 또는 운영기관의 승인을 기다립니다.", "Your request to join was sent for approval.")
        }
    }

    func decideJoin(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let approve = req.parameters.get("decision") == "approve"
        return try await req.redirect(to: SiteRoute.networks(.members).path(try network.requireID())) {
            try await NetworkService.decideJoin(network, requestID: req.parameters.get("requestID", as: UUID.self), approve: approve, by: actor, on: req.db, now: req.now)
            return approve ? Localized("가입을 승인했습니다.", "Approved.") : Localized("가입을 반려했습니다.", "Rejected.")
        }
    }

    struct MemberForm: Content { var organizationID: String?; var expertID: String?; var role: String?; var termEnd: String? }

    func addMember(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let form = try req.content.decode(MemberForm.self)
        return try await req.redirect(to: SiteRoute.networks(.members).path(try network.requireID())) {
            _ = try await NetworkService.addMember(network, organizationID: form.organizationID.flatMap(UUID.init(uuidString:)),
                                                   expertID: form.expertID.flatMap(UUID.init(uuidString:)),
                                                   role: form.role.flatMap(NetworkRole.init(rawValue:)) ?? .member,
                                                   termEnd: form.termEnd.flatMap { SeoulTime.parse($0) }, by: actor, on: req.db, now: req.now)
            return Localized("회원을 추가했습니다.", "The member was added.")
        }
    }

    struct SubcommitteeForm: Content { var name: String?; var chairID: String?; var members: [String]? }

    func addSubcommittee(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let form = try req.content.decode(SubcommitteeForm.self)
        return try await req.redirect(to: SiteRoute.networks(.members).path(try network.requireID())) {
            _ = try await NetworkService.addSubcommittee(network, name: form.name ?? "", chairID: form.chairID.flatMap(UUID.init(uuidString:)),
                                                         memberIDs: (form.members ?? []).compactMap(UUID.init(uuidString:)), by: actor, on: req.db, now: req.now)
            return Localized("분과를 만들었습니다.", "The subcommittee was created.")
        }
    }

    struct EventForm: Content {
        var kind: String?, title: String?, startsAt: String?, endsAt: String?, place: String?, onlineLink: String?, capacity: String?, membersOnly: String?
    }

    func createEvent(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let f = try req.content.decode(EventForm.self)
        return try await req.redirect(to: SiteURL.network(try network.requireID()).path(anchor: "events")) {
            let event = try await NetworkService.createEvent(network, kind: f.kind.flatMap(NetworkEventKind.init(rawValue:)) ?? .seminar, title: f.title ?? "",
                                                             startsAt: SeoulTime.parse(f.startsAt ?? ""), endsAt: SeoulTime.parse(f.endsAt ?? ""), place: f.place ?? "",
                                                             onlineLink: f.onlineLink ?? "", capacity: Bounded.int(f.capacity ?? "", in: 1...5_000) ?? 0, membersOnly: f.membersOnly != nil,
                                                             by: actor, on: req.db, now: req.now)
            return Localized("행사를 등록했습니다: \(event.title)", "Event created: \(event.title)")
        }
    }

    struct HeldForm: Content { var minutes: String?; var attended: [String]? }

    /// The network, the event's id and the event page's path, for the event's actions.
    private func eventTarget(_ req: Request) async throws -> (network: Network, eventID: UUID?, path: String) {
        let network = try await network(req)
        let eventID = req.parameters.get("eventID", as: UUID.self)
        return (network, eventID, SiteRoute.networks(.eventPage).path(try network.requireID(), eventID?.uuidString ?? ""))
    }

    func register(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let (network, eventID, path) = try await eventTarget(req)
        return try await req.redirect(to: path) {
            let r = try await NetworkService.register(network, eventID: eventID, by: actor, on: req.db, now: req.now)
            return r.status == .registered ? Localized("참가 신청이 확정되었습니다.", "You are registered.")
                                           : Localized("정원이 찼습니다. 대기자로 등록했습니다. 자리가 나면 자동으로 확정되고 알림을 보냅니다.",
                                                       "The event is full; you are on the waitlist and will be registered and told when a seat frees up.")
        }
    }

    func cancelRegistration(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let (network, eventID, path) = try await eventTarget(req)
        return try await req.redirect(to: path) {
            try await NetworkService.cancelRegistration(network, eventID: eventID, by: actor, on: req.db, now: req.now)
            return Localized("참가 신청을 취소했습니다.", "Your registration was cancelled.")
        }
    }

    struct CheckInForm: Content { var registrationID: String? }

    func checkIn(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let (network, eventID, _) = try await eventTarget(req)
        let form = try req.content.decode(CheckInForm.self)
        let back = SiteRoute.networks(.eventPage).path(try network.requireID(), eventID?.uuidString ?? "", anchor: "attendees")
        return try await req.redirect(to: back) {
            try await NetworkService.checkIn(network, eventID: eventID, registrationID: form.registrationID.flatMap(UUID.init(uuidString:)),
                                             by: actor, on: req.db, now: req.now)
            return Localized("체크인했습니다.", "Checked in.")
        }
    }

    func markHeld(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let (network, eventID, path) = try await eventTarget(req)
        let form = try req.content.decode(HeldForm.self)
        return try await req.redirect(to: path) {
            try await NetworkService.markHeld(network, eventID: eventID, minutes: form.minutes ?? "", attended: (form.attended ?? []).compactMap(UUID.init(uuidString:)),
                                              by: actor, on: req.db, now: req.now)
            return Localized("개최 결과를 기록했습니다.", "The event's record was saved.")
        }
    }

    struct TaskForm: Content { var title: String?; var summary: String?; var partners: String?; var subcommitteeID: String?; var note: String?; var collaborationID: String? }

    func proposeTask(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let f = try req.content.decode(TaskForm.self)
        return try await req.redirect(to: SiteURL.network(try network.requireID()).path(anchor: "tasks")) {
            _ = try await NetworkService.proposeTask(network, title: f.title ?? "", summary: f.summary ?? "", partners: f.partners ?? "",
                                                     subcommitteeID: f.subcommitteeID.flatMap(UUID.init(uuidString:)), by: actor, on: req.db, now: req.now)
            return Localized("과제를 제안했습니다. 분과장의 추천을 기다립니다.", "Proposed; waiting for the subcommittee chair.")
        }
    }

    func taskStep(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let network = try await network(req)
        let f = try req.content.decode(TaskForm.self)
        let taskID = req.parameters.get("taskID", as: UUID.self)
        let step = req.parameters.get("step") ?? ""
        return try await req.redirect(to: SiteURL.network(try network.requireID()).path(anchor: "tasks")) {
            if step == "collaboration" {
                try await NetworkService.linkCollaboration(network, taskID: taskID, collaborationID: f.collaborationID.flatMap(UUID.init(uuidString:)), by: actor, on: req.db, now: req.now)
                return Localized("협업과 연결했습니다.", "Linked to the collaboration.")
            }
            let status: JointTaskStatus
            switch step {
            case "endorse": status = .endorsed
            case "review": status = .reviewed
            case "recognise": status = .recognised
            case "reject": status = .rejected
            default: throw IeumError.notFound
            }
            try await NetworkService.advanceTask(network, taskID: taskID, to: status, note: f.note ?? "", by: actor, on: req.db, now: req.now)
            return Localized("과제 상태: \(status.label.ko)", "Task: \(status.label.en)")
        }
    }
}
