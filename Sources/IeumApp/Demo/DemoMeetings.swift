import Fluent
import Foundation
import IeumCore
import Vapor

/// The demo's consultation day: ten days after the demo loads, requests open now, a dozen
/// organisations, some meetings already agreed and scheduled, some requests waiting. The demo
/// startup and 한결전자 have not asked each other yet (the browser test does).
enum DemoMeetings {
    static func load(on db: any Database, program: Program, users: [String: User], now: Date) async throws -> Int {
        guard let operatorUser = users["operator@ieum.demo"] else { return 0 }
        let loader = Principal(userID: try operatorUser.requireID(), name: operatorUser.name, email: operatorUser.email, platformRole: .operator, memberships: [])
        let day = SeoulTime.date(now.addingTimeInterval(10 * 86_400))
        var input = MeetingEventInput()
        input.programID = try program.requireID().uuidString
        input.name = "2026 서울 오픈이노베이션 투자·판로 상담회"
        input.nameEn = "Seoul Open Innovation 2026 investment and sales meetings"
        input.kind = MeetingEventKind.mixed.rawValue
        input.mode = MeetingMode.hybrid.rawValue
        input.venue = "서울창업허브 공덕 10층 컨벤션홀"
        input.startsAt = "\(day) 10:00"
        input.days = "1"
        input.slotsPerDay = "12"
        input.slotMinutes = "20"
        input.breakMinutes = "5"
        input.registrationOpensAt = SeoulTime.inputValue(now.addingTimeInterval(-3 * 86_400))
        input.registrationClosesAt = SeoulTime.inputValue(now.addingTimeInterval(8 * 86_400))
        input.requestExpiryHours = "72"
        input.requestCap = "8"
        let event = try await MeetingService.createEvent(input, by: loader, on: db, now: now)
        for (n, link) in [("A-1", ""), ("A-2", ""), ("A-3", ""), ("화상-1", "https://meet.ieum.demo/room-1")] {
            _ = try await MeetingService.addTable(event, name: n, seats: 4, videoLink: link, by: loader, on: db, now: now)
        }
        func org(_ kind: OrganizationKind, except: Set<String> = [], limit: Int) async throws -> [Organization] {
            try await Organization.query(on: db).filter(\.$kind == kind).filter(\.$status == .approved).sort(\.$name).all()
                .filter { !except.contains($0.name) }.prefix(limit).map { $0 }
        }
        let flagship = try await org(.startup, limit: 500).filter { $0.name == DemoData.flagshipStartup }
        let startups = flagship + (try await org(.startup, except: [DemoData.flagshipStartup], limit: 7))
        let hangyeol = try await Organization.query(on: db).filter(\.$name == "한결전자").all()
        let ieumVentures = try await Organization.query(on: db).filter(\.$name == "이음벤처스").all()
        let buyers = hangyeol + (try await org(.demand, except: ["한결전자"], limit: 2))
        let investors = ieumVentures + (try await org(.investor, except: ["이음벤처스"], limit: 1))
        var participants: [UUID: EventParticipant] = [:]
        for o in startups { participants[o.id!] = try await MeetingService.addParticipant(event, organizationID: o.id, role: .startup, by: loader, on: db, now: now) }
        for o in buyers { participants[o.id!] = try await MeetingService.addParticipant(event, organizationID: o.id, role: .buyer, by: loader, on: db, now: now) }
        for o in investors { participants[o.id!] = try await MeetingService.addParticipant(event, organizationID: o.id, role: .investor, by: loader, on: db, now: now) }
        // Agreed meetings among the others (straight to the records: the demo has no member accounts for most of them).
        var made = 0
        let hosts = buyers.filter { $0.name != "한결전자" } + investors
        for (i, startup) in startups.dropFirst().enumerated() {
            for (j, host) in hosts.enumerated() where (i + j) % 2 == 0 {
                let request = EventRequest()
                request.$event.id = try event.requireID()
                request.$from.id = try participants[startup.id!]!.requireID()
                request.$to.id = try participants[host.id!]!.requireID()
                request.message = "협업 논의를 요청드립니다."
                let accepted = (i + j) % 4 == 0 || j == 0
                request.status = accepted ? .accepted : .pending
                request.mutual = (i + j) % 8 == 0
                request.expiresAt = now.addingTimeInterval(72 * 3_600)
                request.createdAt = now
                try await request.create(on: db)
                if accepted {
                    try await MeetingService.createMeeting(event, request, from: participants[startup.id!]!, to: participants[host.id!]!, on: db, now: now)
                    made += 1
                }
            }
        }
        // Two startups cannot come in the morning's first hour.
        for startup in startups.dropFirst().prefix(2) {
            let p = participants[startup.id!]!
            p.blockedSlots = [0, 1]
            try await p.save(on: db)
        }
        _ = try await MeetingService.schedule(event, keepConfirmed: true, by: loader, on: db, now: now)
        return made
    }
}
