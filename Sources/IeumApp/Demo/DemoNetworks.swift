import Fluent
import Foundation
import IeumCore
import Vapor

/// The demo's networks: the 서울테크밋업 council (officers, five subcommittees, member companies,
/// events held this year and coming, a joint task) and the i-CON tech-field network of experts.
/// The year-end networking evening has one seat, taken by the demo investor (the browser test
/// registers the demo startup onto the waitlist and promotes it).
enum DemoNetworks {
    static let subcommittees = ["사업개발", "기술교류", "동행/나눔", "법률/규제", "교육/인재"]

    static func load(on db: any Database, program: Program, users: [String: User], now: Date) async throws -> Int {
        var count = 0
        let council = Network()
        council.$program.id = program.id
        council.kind = .council
        council.name = "서울테크밋업 협의체"
        council.nameEn = "Seoul Tech Meetup council"
        council.description = "서울형 R&D 지원사업에 참가했거나 수행을 마친 기업의 네트워크입니다. 기술 교류와 협업 기회를 만들고, 기업의 목소리를 R&D 정책에 전합니다."
        council.fields = []
        try await council.create(on: db)
        let startups = try await Organization.query(on: db).filter(\.$kind == .startup).filter(\.$status == .approved).sort(\.$name).all()
        let flagship = startups.filter { $0.name == DemoData.flagshipStartup }
        let others = Array(startups.filter { $0.name != DemoData.flagshipStartup }.prefix(39))
        var members: [NetworkMember] = []
        for (i, org) in (flagship + others).enumerated() {
            let m = NetworkMember()
            m.$network.id = try council.requireID()
            m.$organization.id = org.id
            m.role = i == 1 ? .chair : i == 0 ? .viceChair : i < 10 ? .steering : .member
            if m.role != .member {
                m.termStart = now.addingTimeInterval(-300 * 86_400)
                m.termEnd = now.addingTimeInterval(430 * 86_400)
            }
            m.joinedAt = now.addingTimeInterval(-Double(300 - i) * 86_400)
            if org.name == DemoData.flagshipStartup { m.$user.id = users["startup@ieum.demo"]?.id }
            try await m.create(on: db)
            members.append(m)
            count += 1
        }
        var subs: [Subcommittee] = []
        for (i, name) in subcommittees.enumerated() {
            let s = Subcommittee()
            s.$network.id = try council.requireID()
            s.name = name
            s.$chair.id = members[2 + i].id
            s.memberIDs = stride(from: 10 + i, to: members.count, by: 5).map { members[$0].id! } + [members[2 + i].id!]
            try await s.create(on: db)
            subs.append(s)
        }
        // Held this year (they count in 행사 개최), and coming.
        let held: [(NetworkEventKind, String, Int)] = [(.seminar, "R&D 성과 공유 세미나", -200), (.forum, "딥테크 협업 포럼", -150), (.networking, "상반기 네트워킹 데이", -120),
                                                       (.irDay, "투자유치 IR 데이", -80), (.talkShow, "창업가 토크쇼", -45), (.seminar, "규제 샌드박스 설명회", -20)]
        for (kind, title, days) in held {
            let e = event(council, kind, title, now.addingTimeInterval(Double(days) * 86_400), capacity: 60, membersOnly: kind == .irDay)
            e.held = true
            e.minutes = "\(title): 회원사 발표와 협업 과제 논의. 후속으로 분과별 협업 과제 발굴 진행."
            try await e.create(on: db)
        }
        let evening = event(council, .networking, "연말 네트워킹 데이", now.addingTimeInterval(12 * 86_400), capacity: 1, membersOnly: false)
        evening.place = "DDP 아트홀"
        try await evening.create(on: db)
        if let investor = users["investor@ieum.demo"] {
            let r = EventRegistration()
            r.$event.id = try evening.requireID()
            r.$user.id = try investor.requireID()
            r.status = .registered
            r.registeredAt = now.addingTimeInterval(-86_400)
            try await r.create(on: db)
        }
        try await event(council, .irDay, "회원사 IR 데이", now.addingTimeInterval(20 * 86_400), capacity: 30, membersOnly: true).create(on: db)
        let task = JointTask()
        task.$network.id = try council.requireID()
        task.$subcommittee.id = subs[1].id
        task.$proposer.id = try members[12].requireID()
        task.title = "제조 현장 AI 품질검사 공동 실증"
        task.summary = "회원사 3곳이 비전 검사 모델과 공정 데이터를 모아 중견 제조사 라인에서 공동 실증합니다."
        task.partners = (others.prefix(3).map(\.name)).joined(separator: ", ")
        task.status = .endorsed
        task.history = ["\(SeoulTime.dateTime(now.addingTimeInterval(-10 * 86_400))) 제안", "\(SeoulTime.dateTime(now.addingTimeInterval(-5 * 86_400))) 분과장 추천"]
        task.createdAt = now.addingTimeInterval(-10 * 86_400)
        try await task.create(on: db)

        let icon = Network()
        icon.$program.id = program.id
        icon.kind = .techNetwork
        icon.name = "i-CON 기술분야 전문가 네트워크"
        icon.nameEn = "i-CON tech-field expert network"
        icon.description = "산업계·학계·연구계 전문가가 스마트제조, 스마트서비스, 시스템반도체, 바이오헬스 분야의 포럼과 IR을 열고 우수 공동과제를 발굴합니다."
        icon.fields = ["smart-manufacturing", "smart-service", "semiconductor", "bio-health"]
        try await icon.create(on: db)
        for (i, expert) in try await Expert.query(on: db).sort(\.$name).all().enumerated() {
            let m = NetworkMember()
            m.$network.id = try icon.requireID()
            m.$expert.id = expert.id
            m.$user.id = expert.$user.id
            m.role = i == 0 ? .chair : .member
            m.joinedAt = now.addingTimeInterval(-200 * 86_400)
            try await m.create(on: db)
            count += 1
        }
        for (kind, title, days) in [(NetworkEventKind.forum, "스마트제조 기술 포럼", -90), (.forum, "바이오헬스 임상 협업 포럼", -30)] {
            let e = event(icon, kind, title, now.addingTimeInterval(Double(days) * 86_400), capacity: 80, membersOnly: false)
            e.held = true
            e.minutes = "\(title): 분야별 공동 연구 과제 후보 논의."
            try await e.create(on: db)
        }
        return count
    }

    static func event(_ network: Network, _ kind: NetworkEventKind, _ title: String, _ start: Date, capacity: Int, membersOnly: Bool) -> NetworkEvent {
        let e = NetworkEvent()
        e.$network.id = network.id!
        e.kind = kind
        e.title = title
        e.startsAt = start
        e.endsAt = start.addingTimeInterval(2.5 * 3_600)
        e.place = "서울창업허브"
        e.capacity = capacity
        e.membersOnly = membersOnly
        e.minutes = ""
        e.held = false
        e.cancelled = false
        return e
    }
}
