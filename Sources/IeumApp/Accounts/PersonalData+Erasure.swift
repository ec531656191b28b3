import Fluent
import Foundation
import IeumCore
import SQLKit

/// "회원 탈퇴" and the end of an inactive account's retention: one transaction that removes the
/// person's personal data and pseudonymises what audits keep (see `PersonalData` for the table
/// list and why the account row is kept).
enum PersonalDataErasure {
    enum Reason: Equatable {
        /// The person asked (회원 탈퇴).
        case request
        /// The account was unused for the retention period (`IEUM_ACCOUNT_RETENTION_DAYS`).
        case retention(days: Int)
    }

    /// Tables of other capabilities whose rows of the person go with the account (sign-up and
    /// two-factor). Each is cleared only when it exists, so this code runs before and after them.
    static let personalTablesByUser = [
        "user_consents", "email_verifications", "membership_requests",
        "user_second_factors", "recovery_codes", "second_factor_challenges",
    ]

    /// Why `user` may not leave now, or nil.
    static func refusal(for user: User, on db: any Database) async throws -> PersonalData.Refusal? {
        guard let sql = db as? any SQLDatabase else { return nil }
        let userID = try user.requireID()
        let state = try await sql.raw("SELECT deleted_at FROM users WHERE id = \(bind: userID)").first()
        if try state?.decodeNil(column: "deleted_at") == false { return .alreadyDeleted }
        // An organisation with other members keeps someone to manage it.
        var stranded: [String] = []
        let adminships = try await Membership.query(on: db).filter(\.$user.$id == userID).filter(\.$role == .admin).with(\.$organization).all()
        for membership in adminships {
            let others = try await Membership.query(on: db).filter(\.$organization.$id == membership.$organization.id)
                .filter(\.$user.$id != userID).all()
            if !others.isEmpty, !others.contains(where: { $0.role == .admin }) { stranded.append(membership.organization.name) }
        }
        if !stranded.isEmpty { return .lastAdmin(stranded.sorted()) }
        // The platform keeps an operator who can act on every account.
        let actor = try await user.actor(on: db)
        if user.active, actor.isPlatformOperator {
            let row = try await sql.raw("""
                SELECT COUNT(*) AS n FROM users u WHERE u.platform_role = 'operator' AND u.active = \(bind: true) \
                AND u.id <> \(bind: userID) AND u.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM memberships m \
                JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = u.id AND o.kind = 'agency')
                """).first()
            if try (row?.decode(column: "n", as: Int.self) ?? 0) == 0 { return .lastPlatformOperator }
        }
        return nil
    }

    /// Deletes the person's personal data in one transaction; throws `PersonalData.Refusal`.
    static func erase(_ user: User, reason: Reason, on db: any Database, now: Date) async throws {
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw PersonalData.Refusal.alreadyDeleted }
            if let refusal = try await refusal(for: user, on: db) { throw refusal }
            let userID = try user.requireID()
            let pseudonym = PersonalData.Pseudonym(userID: userID)
            let experts = try await Expert.query(on: db).group(.or) { $0.filter(\.$user.$id == userID).filter(\.$email == user.email) }.all()
            // The row is claimed first: a second deletion at the same moment finds it deleted.
            let claimed = try await sql.raw("""
                UPDATE users SET name = \(bind: pseudonym.name), email = \(bind: pseudonym.email), phone = NULL, title = NULL, \
                password_hash = \(bind: PersonalData.unusablePasswordHash), platform_role = 'member', active = \(bind: false), \
                language = NULL, email_verified_at = NULL, last_signed_in_at = NULL, inactivity_notice_at = NULL, \
                sessions_valid_after = \(bind: now), deleted_at = \(bind: now), updated_at = \(bind: now) \
                WHERE id = \(bind: userID) AND deleted_at IS NULL RETURNING id
                """).all()
            guard !claimed.isEmpty else { throw PersonalData.Refusal.alreadyDeleted }

            let emails = Array(Set([user.email] + experts.map { $0.email.lowercased() }))
            // Read before the memberships go: a contact named after the person in their organisations.
            let organizationIDs = try await Membership.query(on: db).filter(\.$user.$id == userID).all().map { $0.$organization.id }
            try await clearContactNames(user.name, userID: userID, organizations: organizationIDs, pseudonym: pseudonym, sql)
            try await removeSignIns(userID, emails: emails, sql)
            try await sql.delete(from: "mail_outbox").where("to_address", .in, emails).run()
            try await sql.delete(from: "inbox_messages").where("user_id", .equal, userID).run()
            try await sql.delete(from: "memberships").where("user_id", .equal, userID).run()
            try await sql.raw("""
                DELETE FROM event_registrations WHERE user_id = \(bind: userID) \
                AND event_id IN (SELECT id FROM network_events WHERE ends_at > \(bind: now))
                """).run()
            try await sql.update("network_members").set("user_id", to: SQLLiteral.null).where("user_id", .equal, userID).run()
            for expert in experts { try await pseudonymise(expert, as: pseudonym, on: db) }
            try await renameActor(userID, to: pseudonym, sql)
            try await clearContacts(userID, emails: emails, pseudonym: pseudonym, sql)
            let names = Set([user.name] + experts.map(\.name)).filter { $0.count >= 3 }
                .map { PersonalData.Phrase(.name, $0, replacement: pseudonym.name) }
            var phrases = emails.map { PersonalData.Phrase(.email, $0, replacement: pseudonym.email) }
            if let phone = user.phone?.trimmingCharacters(in: .whitespaces), phone.filter(\.isNumber).count >= 8 {
                phrases.append(PersonalData.Phrase(.phone, phone, replacement: "(삭제됨)"))
            }
            try await replaceEverywhere(phrases, sql)
            try await replaceInWrittenTexts(names, sql)
            try await rewriteTaskHistories(names + phrases, on: db)

            let (action, summary) = switch reason {
            case .request: ("user.delete", "회원 탈퇴: 개인정보 삭제, 감사 기록은 가명 처리")
            case .retention(let days): ("user.purge-inactive", "장기 미사용 계정 삭제 (\(days)일): 개인정보 삭제, 감사 기록은 가명 처리")
            }
            // Written directly: `Audit.record` would copy the actor's name and e-mail.
            try await AuditEntry(actorID: reason == .request ? userID : nil, actorName: reason == .request ? pseudonym.name : ActorName.system,
                                 action: action, entityType: "user", entityID: userID.uuidString, summary: summary, at: now).create(on: db)
        }
    }

    /// Sessions, tokens, reset links, sign-in attempts, and the sign-up and two-factor rows.
    static func removeSignIns(_ userID: UUID, emails: [String], _ sql: any SQLDatabase) async throws {
        for table in ["web_sessions", "api_tokens", "password_resets"] {
            try await sql.delete(from: table).where("user_id", .equal, userID).run()
        }
        try await sql.delete(from: "login_attempts").where("email", .in, emails).run()
        let present = try await PersonalData.tables(on: sql)
        for table in personalTablesByUser where present.contains(table) {
            try await sql.delete(from: table).where("user_id", .equal, userID).run()
        }
        if present.contains("organization_invitations") {
            try await sql.delete(from: "organization_invitations").where("email", .in, emails).run()
        }
    }

    /// The judge stays, pseudonymous, so every score sheet keeps its judge; the career goes.
    static func pseudonymise(_ expert: Expert, as pseudonym: PersonalData.Pseudonym, on db: any Database) async throws {
        try await ExpertAffiliation.query(on: db).filter(\.$expert.$id == expert.requireID()).delete()
        expert.name = pseudonym.name
        expert.email = pseudonym.email
        expert.affiliation = ""
        expert.position = ""
        expert.fields = []
        expert.expertise = ""
        expert.available = false
        expert.availabilityNote = ""
        expert.consentContact = false
        try await expert.save(on: db)
    }

    /// Name columns that copy the acting person's name, where the id is the person's.
    static func renameActor(_ userID: UUID, to pseudonym: PersonalData.Pseudonym, _ sql: any SQLDatabase) async throws {
        let columns: [(String, String, String)] = [
            ("audit_entries", "actor_name", "actor_id"), ("need_events", "actor_name", "actor_id"),
            ("application_events", "actor_name", "actor_id"), ("score_events", "actor_name", "actor_id"),
            ("grievance_events", "actor_name", "actor_id"), ("grievance_comments", "author_name", "author_id"),
            ("grievances", "assignee_name", "assignee_id"), ("invitations", "inviter_name", "invited_by"),
            ("collaboration_stage_changes", "requested_by_name", "requested_by"),
            ("collaboration_stage_changes", "decided_by_name", "decided_by"),
        ]
        for (table, name, id) in columns {
            try await sql.update(table).set(name, to: pseudonym.name).where(id, .equal, userID).run()
        }
    }

    /// Contacts that are the person: organisations and needs name a new one; a grievance keeps its
    /// history without their address.
    static func clearContacts(_ userID: UUID, emails: [String], pseudonym: PersonalData.Pseudonym, _ sql: any SQLDatabase) async throws {
        for email in emails {
            try await sql.raw("""
                UPDATE organizations SET contact_name = NULL, contact_email = NULL, contact_phone = NULL WHERE LOWER(contact_email) = \(bind: email)
                """).run()
            try await sql.raw("""
                UPDATE needs SET contact_name = \(bind: pseudonym.name), contact_email = '', contact_phone = NULL WHERE LOWER(contact_email) = \(bind: email)
                """).run()
            try await sql.raw("UPDATE grievances SET contact_email = NULL WHERE LOWER(contact_email) = \(bind: email)").run()
            for column in ["staff_email", "supervisor_email"] {
                try await sql.raw("UPDATE grievance_routes SET \(ident: column) = \(bind: pseudonym.email) WHERE LOWER(\(ident: column)) = \(bind: email)").run()
            }
        }
        try await sql.update("grievances").set("submitter_address", to: "").where("submitter_id", .equal, userID).run()
    }

    /// A contact that names the person without their address (a need's contact defaults to the
    /// name of whoever posts it): in their own organisations and needs, the name goes too.
    static func clearContactNames(_ name: String, userID: UUID, organizations: [UUID], pseudonym: PersonalData.Pseudonym,
                                  _ sql: any SQLDatabase) async throws {
        if !organizations.isEmpty {
            try await sql.update("organizations").set("contact_name", to: SQLLiteral.null)
                .where("contact_name", .equal, name).where("id", .in, organizations).run()
        }
        try await sql.update("needs").set("contact_name", to: pseudonym.name)
            .where("contact_name", .equal, name)
            .where { group in
                let own = group.where("created_by", .equal, userID)
                return organizations.isEmpty ? own : own.orWhere("organization_id", .in, organizations)
            }
            .run()
    }

    /// Each phrase replaced in every text column of every table that has an `id`.
    static func replaceEverywhere(_ phrases: [PersonalData.Phrase], _ sql: any SQLDatabase) async throws {
        guard !phrases.isEmpty else { return }
        for (table, column) in try await PersonalData.textColumns(on: sql) {
            try await replace(phrases, in: table, column: column, sql)
        }
    }

    /// The texts Ieum writes people's names into.
    static let writtenTexts: [(String, String)] = [
        ("audit_entries", "summary"), ("audit_entries", "changes"), ("grievance_events", "note"),
        ("inbox_messages", "title_ko"), ("inbox_messages", "title_en"), ("inbox_messages", "body_ko"), ("inbox_messages", "body_en"),
        ("mail_outbox", "subject"), ("mail_outbox", "body"),
    ]

    static func replaceInWrittenTexts(_ phrases: [PersonalData.Phrase], _ sql: any SQLDatabase) async throws {
        guard !phrases.isEmpty else { return }
        for (table, column) in writtenTexts {
            try await replace(phrases, in: table, column: column, sql)
        }
    }

    /// Reads only the rows that hold a phrase (the database finds them), replaces it where it
    /// stands as itself (`PersonalData.Phrase.apply`: kim@x.kr is not inside jkim@x.kr) and writes
    /// back the rows that changed.
    static func replace(_ phrases: [PersonalData.Phrase], in table: String, column: String, _ sql: any SQLDatabase) async throws {
        var condition: SQLQueryString = "1 = 0"
        for phrase in phrases {
            condition = condition + " OR " + PersonalData.contains(sql, column: column, phrase.text)
        }
        let rows = try await sql.raw("SELECT id, \(ident: column) AS value FROM \(ident: table) WHERE " + condition).all()
        for row in rows {
            guard let text = try row.decodeNil(column: "value") ? nil : row.decode(column: "value", as: String.self) else { continue }
            let changed = phrases.reduce(text) { $1.apply(to: $0) }
            guard changed != text else { continue }
            let id = try row.decode(column: "id", as: UUID.self)
            try await sql.update(table).set(column, to: changed).where("id", .equal, id).run()
        }
    }

    /// Joint tasks keep their history as a list of lines (an array column on PostgreSQL).
    static func rewriteTaskHistories(_ phrases: [PersonalData.Phrase], on db: any Database) async throws {
        guard !phrases.isEmpty else { return }
        for task in try await JointTask.query(on: db).all() {
            let lines = task.history.map { line in phrases.reduce(line) { $1.apply(to: $0) } }
            if lines != task.history {
                task.history = lines
                try await task.save(on: db)
            }
        }
    }
}
