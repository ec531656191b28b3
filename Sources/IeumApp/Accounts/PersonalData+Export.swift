import Fluent
import Foundation
import IeumCore
import SQLKit
import ZIPFoundation

/// "내 정보 내려받기": everything Ieum holds about a person, as JSON files in a ZIP (one file per
/// area, see `PersonalData` for the table list). Never a password digest, a token or its hash, a
/// session key, and no other person's name or address beyond what the person saw on their pages:
/// entries others wrote about them say "by someone else", not who.
enum PersonalDataExport {
    /// The ZIP's files by name, each pretty-printed JSON (keys in snake_case, times in ISO 8601 UTC).
    static func files(for userID: UUID, on db: any Database) async throws -> [(name: String, data: Data)] {
        guard let user = try await User.find(userID, on: db), let sql = db as? any SQLDatabase else { throw IeumError.notFound }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let tables = try await PersonalData.tables(on: sql)
        var files: [(String, Data)] = [("README.txt", Data(readme.utf8))]
        func add(_ name: String, _ value: some Encodable) throws { files.append((name, try encoder.encode(value))) }
        try add("account.json", account(user))
        try add("memberships.json", try await memberships(userID, db))
        try add("consents.json", tables.contains("user_consents") ? try await consents(userID, sql) : [])
        let expert = try await Expert.query(on: db).group(.or) { $0.filter(\.$user.$id == userID).filter(\.$email == user.email) }.first()
        try add("expert.json", try await expertProfile(expert, db))
        try add("scores.json", try await PersonalDataExport.scores(expert, db))
        try add("applications.json", try await applications(userID, db))
        try add("grievances.json", try await grievances(userID, email: user.email, db))
        try add("notifications.json", try await notifications(userID, db))
        try add("mails.json", try await mails(user.email, db))
        try add("audit.json", try await audit(userID, db))
        try add("sign-ins.json", try await signIns(user, tables: tables, db, sql))
        try add("activity.json", try await activity(userID, db))
        return files
    }

    /// The files in one ZIP archive.
    static func archive(for userID: UUID, on db: any Database, now: Date) async throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, data) in try await files(for: userID, on: db) {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: now,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw IeumError.notFound }
        return [UInt8](data)
    }

    static let readme = """
        이음 — 내 정보 내려받기 / Ieum — your personal data

        account.json        계정 정보 (비밀번호는 저장된 형태로도 포함하지 않음) / your account (no password in any form)
        memberships.json    소속 기관 / organisations you belong to
        consents.json       동의 내역 / consents you gave or refused
        expert.json         전문가 프로필과 소속 이력 / your expert profile and affiliations
        scores.json         심사위원으로 작성한 평가표 / score sheets you wrote as a judge
        applications.json   작성한 지원서와 상태 이력 / applications you wrote and their status history
        grievances.json     접수한 규제·애로 / grievances you filed
        notifications.json  받은 알림 / notifications you received
        mails.json          보낸 메일 / e-mails sent to you
        audit.json          내가 한 일과 내 계정에 대한 감사 기록 / audit entries by you and about your account
        sign-ins.json       로그인 세션, API 토큰, 로그인 시도, 비밀번호 재설정, 2단계 인증 (비밀값 제외) / sign-ins, tokens, attempts, resets, two-factor (no secrets)
        activity.json       비밀유지 서약, 행사 신청, 네트워크, 초대, 추천 피드백, 수요과제, 협업 단계 요청 / pledges, registrations, networks, invitations, feedback, needs, stage requests

        """

    struct Account: Encodable {
        let id: UUID, email: String, name: String, title: String?, phone: String?
        let platformRole: String, mailLanguage: String, active: Bool
        let createdAt: Date?, emailVerifiedAt: Date?, lastSignedInAt: Date?
    }

    static func account(_ user: User) throws -> Account {
        Account(id: try user.requireID(), email: user.email, name: user.name, title: user.title, phone: user.phone,
                platformRole: user.platformRole.rawValue, mailLanguage: user.mailLanguage.rawValue, active: user.active,
                createdAt: user.createdAt, emailVerifiedAt: user.emailVerifiedAt, lastSignedInAt: user.lastSignedInAt)
    }

    struct MembershipRow: Encodable { let organizationId: UUID, organization: String, kind: String, role: String, since: Date? }

    static func memberships(_ userID: UUID, _ db: any Database) async throws -> [MembershipRow] {
        try await Membership.query(on: db).filter(\.$user.$id == userID).with(\.$organization).all().map {
            MembershipRow(organizationId: $0.$organization.id, organization: $0.organization.name, kind: $0.organization.kind.rawValue,
                          role: $0.role.rawValue, since: $0.createdAt)
        }
    }

    struct ConsentRow: Encodable { let document: String, version: Int, accepted: Bool, decidedAt: Date }

    static func consents(_ userID: UUID, _ sql: any SQLDatabase) async throws -> [ConsentRow] {
        try await sql.raw("""
            SELECT document_kind, document_version, accepted, decided_at FROM user_consents WHERE user_id = \(bind: userID) ORDER BY decided_at
            """).all().map {
            ConsentRow(document: try $0.decode(column: "document_kind", as: String.self), version: try $0.decode(column: "document_version", as: Int.self),
                       accepted: try $0.decode(column: "accepted", as: Bool.self), decidedAt: try $0.decode(column: "decided_at", as: Date.self))
        }
    }

    struct ExpertFile: Encodable {
        struct Affiliation: Encodable { let organization: String, kind: String, current: Bool, fromYear: Int?, toYear: Int? }
        let name: String, email: String, sector: String, affiliation: String, position: String, fields: [String]
        let expertise: String, available: Bool, availabilityNote: String, consentContact: Bool, affiliations: [Affiliation]
    }

    static func expertProfile(_ expert: Expert?, _ db: any Database) async throws -> [ExpertFile] {
        guard let expert else { return [] }
        let ties = try await ExpertAffiliation.query(on: db).filter(\.$expert.$id == expert.requireID()).all()
        return [ExpertFile(name: expert.name, email: expert.email, sector: expert.sector.rawValue, affiliation: expert.affiliation,
                           position: expert.position, fields: expert.fields, expertise: expert.expertise, available: expert.available,
                           availabilityNote: expert.availabilityNote, consentContact: expert.consentContact,
                           affiliations: ties.map { .init(organization: $0.organizationName, kind: $0.kind.rawValue, current: $0.current,
                                                          fromYear: $0.fromYear, toYear: $0.toYear) })]
    }

    struct ScoreRow: Encodable {
        struct Event: Encodable { let action: String, scores: String, note: String, at: Date }
        let round: String, entry: String, status: String, scores: String, comments: String, overallComment: String
        let submittedAt: Date?, history: [Event]
    }

    static func scores(_ expert: Expert?, _ db: any Database) async throws -> [ScoreRow] {
        guard let expert else { return [] }
        let sheets = try await ScoreSheet.query(on: db).filter(\.$expert.$id == expert.requireID()).with(\.$round).with(\.$entry).all()
        var rows: [ScoreRow] = []
        for sheet in sheets {
            // Only the person's own steps on the sheet; an operator reopening it is not theirs to name.
            var events: [ScoreEvent] = []
            if let judgeAccount = expert.$user.id {
                events = try await ScoreEvent.query(on: db).filter(\.$sheet.$id == sheet.requireID()).filter(\.$actorID == judgeAccount).sort(\.$at).all()
            }
            rows.append(ScoreRow(round: sheet.round.title, entry: sheet.entry.title, status: sheet.status.rawValue, scores: sheet.scoresJSON,
                                 comments: sheet.commentsJSON, overallComment: sheet.overallComment, submittedAt: sheet.submittedAt,
                                 history: events.map { .init(action: $0.action, scores: $0.scoresJSON, note: $0.note, at: $0.at) }))
        }
        return rows
    }
}
