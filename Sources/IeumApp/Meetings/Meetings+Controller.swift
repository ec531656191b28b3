import Fluent
import Foundation
import IeumCore
import IeumScheduling
import Vapor

/// Consultation-meeting pages. Operators of the event's program run it; each participant sees its
/// own requests, meetings, agenda and calendar; nobody else sees anything (404).
struct MeetingsController {
    func register(_ app: Application) {
        app.on(.meetings(.list), use: list)
        app.on(.meetings(.newForm), use: newForm)
        app.on(.meetings(.create), use: create)
        app.on(.meetings(.show), use: show)
        app.on(.meetings(.addTable), use: addTable)
        app.on(.meetings(.addParticipant), use: addParticipant)
        app.on(.meetings(.priorities), use: priorities)
        app.on(.meetings(.availability), use: availability)
        app.on(.meetings(.sendRequest), use: sendRequest)
        app.on(.meetings(.answer), use: answer)
        app.on(.meetings(.schedule), use: schedule)
        app.on(.meetings(.grid), use: grid)
        app.on(.meetings(.agenda), use: agenda)
        app.on(.meetings(.participantCalendar), use: participantCalendar)
        app.on(.meetings(.meetingCalendar), use: meetingCalendar)
        app.on(.meetings(.meetingAction), use: meetingAction)
        app.on(.meetings(.checkIn), use: checkIn)
    }

    func event(_ req: Request) async throws -> MeetingEvent {
        try await MeetingService.find(req.parameters.get("eventID", as: UUID.self), on: req.db)
    }

    /// Runs `body` and goes back to the event's page (or `page`, the grid or the agenda) at `anchor`.
    func back(_ req: Request, _ event: MeetingEvent, _ page: SiteRoute.Meetings = .show, anchor: String? = nil, _ body: () async throws -> Localized) async throws -> Response {
        try await req.redirect(to: SiteRoute.meetings(page).path(try event.requireID(), anchor: anchor), after: body)
    }

    func list(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let page = try req.boundedQuery("page", in: Bounded.pages, default: 1)
        let order = ListSort<MeetingListModel.Sort>(req, default: .starts) { $0 == .starts }
        return MeetingListPage(model: try await MeetingListModel.load(actor: actor, page: page, order: order, on: req.db)).response(req)
    }


    func newForm(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard MeetingPolicy.can(actor, .create) else { throw IeumError.forbidden }
        var input = MeetingEventInput()
        input.startsAt = SeoulTime.inputValue(req.now.addingTimeInterval(14 * 86_400))
        input.registrationOpensAt = SeoulTime.inputValue(req.now)
        input.registrationClosesAt = SeoulTime.inputValue(req.now.addingTimeInterval(10 * 86_400))
        return MeetingEventFormPage(input: input, errors: FieldErrors(), programs: try await Program.query(on: req.db).sort(\.$name).all()).response(req)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        guard MeetingPolicy.can(actor, .create) else { throw IeumError.forbidden }
        let input = try req.formInput(MeetingEventInput.self)
        do {
            let event = try await MeetingService.createEvent(input, by: actor, on: req.db, now: req.now)
            req.flash(Localized("상담회를 등록했습니다. 테이블과 참가 기관을 추가하세요.", "The event was created; add tables and participants."))
            return req.redirect(to: SiteURL.meetingEvent(try event.requireID()).path)
        } catch IeumError.invalid(let errors) {
            return MeetingEventFormPage(input: input, errors: errors, programs: try await Program.query(on: req.db).sort(\.$name).all())
                .response(req, status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let (access, me) = try await MeetingService.access(actor, event, on: req.db)
        guard MeetingPolicy.can(actor, .view(access)) else { throw IeumError.notFound }
        let manage = MeetingPolicy.can(actor, .manage(access))
        try await MeetingService.expire(now: req.now, on: req.db)
        let data = try await MeetingQuery.event(event, me: manage ? nil : me, manage: manage, on: req.db, now: req.now)
        return MeetingEventPage(data: data).response(req)
    }

    struct TableForm: Content { var name: String?; var seats: String?; var videoLink: String? }

    func addTable(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let form = try req.content.decode(TableForm.self)
        return try await back(req, event, anchor: "tables") {
            let table = try await MeetingService.addTable(event, name: form.name ?? "", seats: Bounded.int(form.seats ?? "", in: 2...20) ?? 0, videoLink: form.videoLink ?? "",
                                                          by: actor, on: req.db, now: req.now)
            return Localized("테이블을 추가했습니다: \(table.name)", "Table added: \(table.name)")
        }
    }

    struct ParticipantForm: Content { var organizationID: String?; var role: String? }

    func addParticipant(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let form = try req.content.decode(ParticipantForm.self)
        return try await back(req, event, anchor: "participants") {
            _ = try await MeetingService.addParticipant(event, organizationID: form.organizationID.flatMap(UUID.init(uuidString:)),
                                                        role: form.role.flatMap(MeetingRole.init(rawValue:)),
                                                        by: actor, on: req.db, now: req.now)
            return Localized("참가 기관을 추가했습니다.", "The participant was added.")
        }
    }

    struct PriorityForm: Content { var mutual: String?; var buyer: String?; var startup: String? }

    func priorities(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let form = try req.content.decode(PriorityForm.self)
        return try await back(req, event, anchor: "priorities") {
            func weight(_ text: String?) -> Int { Bounded.int(text ?? "", in: 1...100) ?? 0 }  // 0: the service refuses it
            try await MeetingService.setPriorities(event, mutual: weight(form.mutual), buyer: weight(form.buyer),
                                                   startup: weight(form.startup), by: actor, on: req.db, now: req.now)
            return Localized("우선순위를 저장했습니다. 다음 편성부터 적용됩니다.", "Priorities saved; they apply to meetings agreed from now on.")
        }
    }

    struct AvailabilityForm: Content { var participantID: String?; var blocked: [String]?; var interests: String? }

    func availability(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let form = try req.content.decode(AvailabilityForm.self)
        try await MeetingService.setAvailability(event, participantID: form.participantID.flatMap(UUID.init(uuidString:)),
                                                 blocked: (form.blocked ?? []).compactMap { Bounded.int($0, in: 0...MeetingProblem.maxSlots) }, interests: form.interests, by: actor, on: req.db, now: req.now)
        req.flash(Localized("참석 불가 시간을 저장했습니다.", "Your unavailable slots were saved."))
        return req.redirect(to: SiteURL.meetingEvent(try event.requireID()).path(anchor: "availability"))
    }

    struct RequestForm: Content { var to: String?; var message: String? }

    func sendRequest(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let form = try req.content.decode(RequestForm.self)
        return try await back(req, event, anchor: "requests") {
            let request = try await MeetingService.sendRequest(event, to: form.to.flatMap(UUID.init(uuidString:)), message: form.message ?? "",
                                                               by: actor, on: req.db, now: req.now)
            return request.mutual ? Localized("서로 신청하여 상담이 성사되었습니다.", "You both asked: the meeting is agreed.")
                                  : Localized("상담을 신청했습니다. 상대의 응답을 기다립니다.", "Request sent; waiting for the answer.")
        }
    }

    func answer(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let requestID = req.parameters.get("requestID", as: UUID.self)
        let answer = req.parameters.get("answer") ?? ""
        return try await back(req, event, anchor: "requests") {
            switch answer {
            case "accept":
                try await MeetingService.respond(event, requestID: requestID, accept: true, by: actor, on: req.db, now: req.now)
                return Localized("상담을 수락했습니다.", "Accepted.")
            case "decline":
                try await MeetingService.respond(event, requestID: requestID, accept: false, by: actor, on: req.db, now: req.now)
                return Localized("상담을 거절했습니다.", "Declined.")
            case "withdraw":
                try await MeetingService.withdraw(event, requestID: requestID, by: actor, on: req.db, now: req.now)
                return Localized("신청을 철회했습니다.", "Withdrawn.")
            default:
                throw IeumError.notFound
            }
        }
    }

    struct ScheduleForm: Content { var mode: String? }

    func schedule(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        try await MeetingService.requireManager(actor, event, on: req.db)
        let keep = (try req.content.decode(ScheduleForm.self)).mode != "rebuild"
        return try await back(req, event, .grid) {
            let r = try await MeetingService.schedule(event, keepConfirmed: keep, by: actor, on: req.db, now: req.now)
            return Localized("편성했습니다: \(r.placed)건 배치, \(r.unplaced)건 미배치 (가중치 \(r.totalWeight) / 상한 \(r.upperBound)), 이동 \(r.moved)건.",
                             "Scheduled: \(r.placed) placed, \(r.unplaced) not placed (weight \(r.totalWeight) of at most \(r.upperBound)), \(r.moved) moved.")
        }
    }

    func grid(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        try await MeetingService.requireManager(actor, event, on: req.db)
        let data = try await MeetingQuery.event(event, me: nil, manage: true, on: req.db, now: req.now)
        return MeetingGridPage(data: data).response(req)
    }

    /// The participant's own agenda; an operator may open anyone's (`?participant=`).
    func agenda(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let manage = try await MeetingService.manages(actor, event, on: req.db)
        let asked = req.query[String.self, at: "participant"].flatMap(UUID.init(uuidString:))
        var who: EventParticipant?
        if manage, let asked {
            who = try await EventParticipant.query(on: req.db).filter(\.$id == asked).filter(\.$event.$id == event.requireID()).with(\.$organization).first()
        } else {
            who = try await MeetingService.participant(for: actor, event, on: req.db)
            // Someone else's agenda is not theirs to see.
            if let asked, asked != who?.id { throw IeumError.notFound }
        }
        guard let who else { throw IeumError.notFound }
        let data = try await MeetingQuery.event(event, me: who, manage: false, on: req.db, now: req.now)
        return AgendaPage(data: data, operatorView: manage).response(req)
    }

    func calendarResponse(_ text: String, name: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name).ics\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func participantCalendar(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let me = try await MeetingService.requireParticipant(actor, event, on: req.db)
        return calendarResponse(try await MeetingService.calendar(event, for: me, links: req.application.ieumConfiguration.baseURL, now: req.now, on: req.db), name: "meetings")
    }

    func meetingCalendar(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let (meeting, _) = try await MeetingService.meetingForParty(event, meetingID: req.parameters.get("meetingID", as: UUID.self), by: actor, on: req.db)
        return calendarResponse(try await MeetingService.calendar(event, meeting: meeting, links: req.application.ieumConfiguration.baseURL,
                                                                 now: req.now, on: req.db), name: "meeting")
    }

    struct MeetingActionForm: Content {
        var slot: String?, tableID: String?, attendance: String?, interest: String?, nextStep: String?, note: String?, needID: String?
    }

    func meetingAction(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        let meetingID = req.parameters.get("meetingID", as: UUID.self)
        let form = try req.content.decode(MeetingActionForm.self)
        let action = req.parameters.get("action") ?? ""
        let manage = try await MeetingService.manages(actor, event, on: req.db)
        return try await back(req, event, manage ? .grid : .agenda) {
            switch action {
            case "move":
                // The form numbers slots from 1; anything outside the event's slots is refused, never computed with.
                guard let slot = Bounded.int(form.slot ?? "", in: 1...MeetingProblem.maxSlots) else {
                    throw IeumError.refused(Localized("시간을 목록에서 고르세요.", "Choose the slot from the list."))
                }
                try await MeetingService.move(event, meetingID: meetingID, slot: slot - 1,
                                              tableID: form.tableID.flatMap(UUID.init(uuidString:)), by: actor, on: req.db, now: req.now)
                return Localized("상담을 옮겼습니다. 두 기관의 일정 파일이 갱신됩니다.", "The meeting was moved; both calendars update.")
            case "cancel":
                try await MeetingService.cancel(event, meetingID: meetingID, by: actor, on: req.db, now: req.now)
                return Localized("상담을 취소했습니다.", "The meeting was cancelled.")
            case "attendance":
                guard let value = form.attendance.flatMap(Attendance.init(rawValue:)) else { throw IeumError.refused(Localized("참석 여부를 고르세요.", "Choose attendance.")) }
                try await MeetingService.markAttendance(event, meetingID: meetingID, value, by: actor, on: req.db, now: req.now)
                return Localized("참석 여부를 기록했습니다.", "Attendance recorded.")
            case "follow-up":
                try await MeetingService.followUp(event, meetingID: meetingID, interest: form.interest ?? "", nextStep: form.nextStep ?? "",
                                                  note: form.note ?? "", by: actor, on: req.db, now: req.now)
                return Localized("후속 의견을 저장했습니다.", "Follow-up saved.")
            case "invite":
                _ = try await MeetingService.inviteFromFollowUp(event, meetingID: meetingID, needID: form.needID.flatMap(UUID.init(uuidString:)),
                                                                by: actor, on: req.db, now: req.now)
                return Localized("스타트업을 수요과제에 초대했습니다.", "The startup was invited to the need.")
            case "collaboration":
                let c = try await MeetingService.startCollaboration(event, meetingID: meetingID, by: actor, on: req.db, now: req.now)
                return Localized("협업 과제를 시작했습니다: \(c.title)", "Collaboration started: \(c.title)")
            default:
                throw IeumError.notFound
            }
        }
    }

    func checkIn(req: Request) async throws -> Response {
        let actor = try req.requireActor()
        let event = try await event(req)
        return try await back(req, event, anchor: "participants") {
            try await MeetingService.checkIn(event, participantID: req.parameters.get("participantID", as: UUID.self), by: actor, on: req.db, now: req.now)
            return Localized("체크인했습니다.", "Checked in.")
        }
    }
}
