import Crypto
import Fluent
import Foundation
import IeumCore
import SQLKit

/// Personal data under 개인정보 보호법 (issue 16, item 6): "내 정보 내려받기" (`PersonalDataExport`),
/// "회원 탈퇴" (`PersonalDataErasure`) and the retention of inactive accounts
/// (`PersonalDataRetention`, `IEUM_ACCOUNT_RETENTION_DAYS`).
///
/// **The account row is pseudonymised, not deleted.** Many records name a person by id without a
/// foreign key (`actor_id`, `created_by`, `submitter_id`, `decided_by` …), and the ones with a key
/// cascade (`need_pledges`, `memberships`) or set null (`experts.user_id`). Deleting the row would
/// leave ids that point nowhere and drop records audits need; keeping it with every personal field
/// replaced leaves one row that reads "탈퇴한 회원 #1a2b3c", to which every kept record still points.
/// The row keeps `id`, `created_at`, `deleted_at`; name becomes the pseudonym, e-mail
/// `deleted-<id>@invalid` (unique, and `.invalid` can receive no mail, RFC 2606), phone, title,
/// language and sign-in moments are emptied, the password digest becomes a value no password
/// matches, the platform role `member`, and `active` false.
///
/// Table by table (export: what "내 정보 내려받기" puts in the ZIP; deletion: what 회원 탈퇴 does):
///
/// | table | export | deletion |
/// |---|---|---|
/// | users | account.json (no password digest) | pseudonymised, as above |
/// | memberships | memberships.json | deleted (refused while the person is the last admin of an organisation with other members) |
/// | user_consents (sign-up) | consents.json | deleted: nothing is processed on their basis any more |
/// | web_sessions | sign-ins.json: expiry only, never the key or data | deleted |
/// | api_tokens | sign-ins.json: name, prefix, scope, dates, never the hash | deleted |
/// | login_attempts (by e-mail) | sign-ins.json: time, result, address | deleted |
/// | password_resets | sign-ins.json: dates and address, never the hash | deleted |
/// | email_verifications, user_second_factors, recovery_codes, second_factor_challenges | sign-ins.json: whether two-factor is on and since when; never a secret or hash | deleted |
/// | membership_requests (sign-up) | activity.json | deleted |
/// | organization_invitations to the person's e-mail | — | deleted (invitations the person sent belong to the organisation and stay) |
/// | inbox_messages | notifications.json | deleted |
/// | mail_outbox to the person's address | mails.json (a single-use link's body shown erased) | deleted, sent or not |
/// | audit_entries by or about the person | audit.json (others' names left out) | kept; `actor_name` of their own entries becomes the pseudonym; their e-mail, phone and name inside any entry's text are replaced |
/// | applications (`created_by`), application_events, attachments | applications.json (proposal texts, status history, file names) | kept: they belong to the startup; the creator id now names the pseudonym |
/// | need_events, application_events, score_events, grievance_events (`actor_name`) | with their parent | kept; `actor_name` of the person's events becomes the pseudonym |
/// | experts (the person's own profile, by `user_id` or e-mail), expert_affiliations | expert.json | profile pseudonymised (name, e-mail, affiliation, position, expertise, notes emptied, unavailable) so score sheets keep a pseudonymous judge; affiliations deleted |
/// | round_judges, judge_assignments, evaluation_conflicts, score_sheets | scores.json (their sheets: scores and comments) | kept with the pseudonymous expert: the round's results must stay auditable |
/// | grievances (`submitter_id`), grievance_comments | grievances.json (the case, comments shown to the submitter) | kept for the case history; `contact_email` cleared where it is theirs, `submitter_address` emptied, `assignee_name`/`author_name` of the person become the pseudonym |
/// | grievance_routes (staff or supervisor e-mail) | — | the address becomes the pseudonymous one, so operators see the route needs a new officer |
/// | organizations, needs (contact e-mail equal to theirs; or contact name equal to theirs in their own organisations and needs) | — | the contact is emptied (organisation: nulls; need: pseudonym name, empty e-mail) so the organisation names a new contact |
/// | need_pledges | activity.json | kept: the pledge an organisation's member made is the organisation's record, by the pseudonymous id |
/// | invitations (`invited_by`, `inviter_name`), collaboration_stage_changes (`requested_by_name`, `decided_by_name`) | activity.json | kept; the names become the pseudonym |
/// | event_registrations | activity.json | registrations for events that have not ended are deleted (their seat goes back); past ones stay for attendance counts |
/// | network_members (`user_id`), network_join_requests | activity.json | `user_id` set null (the organisation or the pseudonymous expert stays a member); join requests kept (the organisation's) |
/// | joint_tasks.history | — | the person's name in a history line becomes the pseudonym |
/// | needs, collaborations, evaluation_rounds, meeting_events, collaboration_files, outcomes, match_feedback, import_confirmations, network_event_materials (`created_by`, `uploaded_by`, `entered_by`, `decided_by`, `user_id`) | needs and feedback in activity.json | kept: they belong to an organisation or a program; the id now names the pseudonym |
///
/// Besides the columns above, the person's e-mail address and phone number are replaced wherever
/// they stand in any text column of any table (the schema is read at run time, so tables added
/// later are covered). Their name is replaced in the texts Ieum itself writes names into (audit
/// summaries and changes, grievance event notes, inbox messages and mails to other people, joint
/// task history) when it is at least three characters long: a shorter name is too often an
/// ordinary word (지원, 하늘) to replace inside sentences. Texts people wrote (proposals, comments,
/// minutes) are theirs and their organisations' and are not rewritten for a name.
enum PersonalData {
    /// What a deleted account is shown as, derived from its id alone.
    struct Pseudonym: Equatable, Sendable {
        let name: String
        let email: String

        init(userID: UUID) {
            let digest = SHA256.hash(data: Data(userID.uuidString.lowercased().utf8))
            let short = digest.prefix(3).map { String(format: "%02x", $0) }.joined()
            name = "탈퇴한 회원 #\(short)"
            email = "deleted-\(userID.uuidString.lowercased())@invalid"
        }
    }

    /// A digest no password matches (not a bcrypt string: verification fails on its form).
    static let unusablePasswordHash = "!deleted"

    /// Who may leave: why not, or nil when they may. Checked inside the deletion's transaction.
    enum Refusal: Error, Equatable {
        /// The last admin of these organisations, which have other members.
        case lastAdmin([String])
        /// The last platform operator (an operator of no agency).
        case lastPlatformOperator
        case alreadyDeleted

        var message: Localized {
            switch self {
            case .lastAdmin(let names):
                let list = names.joined(separator: ", ")
                return Localized("\(list)의 마지막 관리자입니다. 다른 구성원에게 관리자 역할을 넘긴 뒤 탈퇴하세요.",
                                 "You are the last administrator of \(list). Hand the administrator role to another member first.")
            case .lastPlatformOperator:
                return Localized("마지막 플랫폼 운영자는 탈퇴할 수 없습니다. 다른 운영자를 먼저 지정하세요.",
                                 "The last platform operator cannot leave. Make someone else a platform operator first.")
            case .alreadyDeleted:
                return Localized("이미 탈퇴한 계정입니다.", "This account has already been deleted.")
            }
        }
    }

    /// The tables of the database, read from its catalogue (so tables of later migrations count).
    static func tables(on sql: any SQLDatabase) async throws -> Set<String> {
        if sql.dialect.name == "sqlite" {
            let rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
            return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
        }
        let rows = try await sql.raw("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'").all()
        return Set(try rows.map { try $0.decode(column: "table_name", as: String.self) })
    }

    /// Every column that holds text, as (table, column), in the tables that have an `id` column
    /// (every table but the migrations' and the sequence counters', which hold no personal data).
    static func textColumns(on sql: any SQLDatabase) async throws -> [(table: String, column: String)] {
        if sql.dialect.name == "sqlite" {
            var columns: [(String, String)] = []
            for table in try await tables(on: sql).sorted() where !table.hasPrefix("_") {
                let rows = try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: table))").all()
                let names = try rows.map { try $0.decode(column: "name", as: String.self) }
                guard names.contains("id") else { continue }
                for (row, name) in zip(rows, names) where name != "id" {
                    let type = try row.decode(column: "type", as: String.self).uppercased()
                    // Fluent writes strings as TEXT and arrays and dictionaries as JSON text.
                    if type.contains("TEXT") || type.contains("CHAR") || type.contains("JSON") { columns.append((table, name)) }
                }
            }
            return columns
        }
        let rows = try await sql.raw("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c \
            WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'character varying', 'character') \
            AND c.table_name NOT LIKE '\\_%' AND EXISTS (SELECT 1 FROM information_schema.columns i \
            WHERE i.table_schema = c.table_schema AND i.table_name = c.table_name AND i.column_name = 'id') \
            ORDER BY c.table_name, c.column_name
            """).all()
        return try rows.map { (try $0.decode(column: "table_name", as: String.self), try $0.decode(column: "column_name", as: String.self)) }
    }

    /// A piece of personal data to replace inside texts, standing as itself: an e-mail address
    /// not inside a longer one (kim@x.kr in jkim@x.kr or kim@x.kr.example), a phone number not
    /// inside a longer number; a name anywhere (Korean particles follow it directly: 김민수님).
    struct Phrase: Sendable {
        enum Kind: Sendable { case email, phone, name }
        let kind: Kind
        let text: String
        let replacement: String

        init(_ kind: Kind, _ text: String, replacement: String) {
            self.kind = kind
            self.text = text
            self.replacement = replacement
        }

        func apply(to value: String) -> String {
            guard !text.isEmpty, value.contains(text) else { return value }
            var result = ""
            var rest = value[...]
            while let range = rest.range(of: text) {
                let before = rest[..<range.lowerBound]
                let lastBefore = before.last ?? (result.last ?? " ")
                let after = rest[range.upperBound...]
                if standsAlone(before: lastBefore, after: after) {
                    result += before + replacement
                } else {
                    result += before + text
                }
                rest = after
            }
            return result + rest
        }

        func standsAlone(before: Character, after: Substring) -> Bool {
            switch kind {
            case .name:
                return true
            case .phone:
                return !before.isNumber && !(after.first?.isNumber ?? false)
            case .email:
                let local: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-".contains($0)) }
                guard !local(before) else { return false }
                guard let next = after.first else { return true }
                if next == "." { return !(after.dropFirst().first.map { $0.isASCII && ($0.isLetter || $0.isNumber) } ?? false) }
                return !(next.isASCII && (next.isLetter || next.isNumber || next == "-" || next == "_"))
            }
        }
    }

    /// Whether `column` of a table holds `needle` somewhere, as SQL (`instr` on SQLite, `strpos` on PostgreSQL).
    static func contains(_ sql: any SQLDatabase, column: String, _ needle: String) -> SQLQueryString {
        let function = sql.dialect.name == "postgresql" ? "strpos" : "instr"
        return "\(unsafeRaw: function)(\(ident: column), \(bind: needle)) > 0"
    }
}
