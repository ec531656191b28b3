import Fluent
import Foundation
import IeumCore
import SQLKit

/// The areas of "내 정보 내려받기" beyond the account: what the person wrote, received and did.
extension PersonalDataExport {
    struct ApplicationRow: Encodable {
        struct Step: Encodable { let from: String?, to: String, note: String, at: Date }
        struct File: Encodable { let name: String, kind: String, bytes: Int, uploadedAt: Date }
        let id: UUID, need: String, startup: String, status: String, solution: String, differentiation: String
        let pocPlan: String, expectedResults: String, budgetKrw: Int64?, budgetDetail: String, decisionReason: String?
        let submittedAt: Date?, history: [Step], attachments: [File]
    }

    /// Applications the person wrote (`created_by`), with the status history the startup sees.
    static func applications(_ userID: UUID, _ db: any Database) async throws -> [ApplicationRow] {
        let applications = try await NeedApplication.query(on: db).filter(\.$createdBy == userID).with(\.$need).with(\.$startup).all()
        var rows: [ApplicationRow] = []
        for application in applications {
            let id = try application.requireID()
            let steps = try await ApplicationEvent.query(on: db).filter(\.$application.$id == id).sort(\.$at).all()
            let files = try await ProposalAttachment.query(on: db).filter(\.$application.$id == id).sort(\.$createdAt).all()
            rows.append(ApplicationRow(
                id: id, need: application.need.title, startup: application.startup.name, status: application.status.rawValue,
                solution: application.solution, differentiation: application.differentiation, pocPlan: application.pocPlan,
                expectedResults: application.expectedResults, budgetKrw: application.budgetKRW, budgetDetail: application.budgetDetail,
                decisionReason: application.decisionReason, submittedAt: application.submittedAt,
                history: steps.map { .init(from: $0.fromStatus?.rawValue, to: $0.toStatus.rawValue, note: $0.note, at: $0.at) },
                attachments: files.map { .init(name: $0.originalName, kind: $0.kind, bytes: $0.byteCount, uploadedAt: $0.createdAt) }))
        }
        return rows
    }

    struct GrievanceRow: Encodable {
        struct Comment: Encodable { let body: String, at: Date }
        let receiptNo: String, title: String, description: String, category: String, status: String
        let contactEmail: String?, receivedAt: Date, closedAt: Date?, resolution: String?, comments: [Comment]
    }

    /// Cases the person filed signed in, or under their e-mail; only the comments shown to the submitter.
    static func grievances(_ userID: UUID, email: String, _ db: any Database) async throws -> [GrievanceRow] {
        let cases = try await Grievance.query(on: db).group(.or) { $0.filter(\.$submitterID == userID).filter(\.$contactEmail == email) }
            .sort(\.$receivedAt).all()
        var rows: [GrievanceRow] = []
        for g in cases {
            let comments = try await GrievanceComment.query(on: db).filter(\.$grievance.$id == g.requireID())
                .filter(\.$visibleToSubmitter == true).sort(\.$createdAt).all()
            rows.append(GrievanceRow(receiptNo: g.receiptNumber, title: g.title, description: g.description, category: g.category.rawValue,
                                     status: g.status.rawValue, contactEmail: g.contactEmail, receivedAt: g.receivedAt, closedAt: g.closedAt,
                                     resolution: g.resolution, comments: comments.map { .init(body: $0.body, at: $0.createdAt) }))
        }
        return rows
    }

    struct NotificationRow: Encodable { let kind: String, title: String, titleEn: String, body: String, bodyEn: String, link: String, at: Date, readAt: Date? }

    static func notifications(_ userID: UUID, _ db: any Database) async throws -> [NotificationRow] {
        try await InboxMessage.query(on: db).filter(\.$userID == userID).sort(\.$createdAt).all().map {
            NotificationRow(kind: $0.kind.rawValue, title: $0.titleKo, titleEn: $0.titleEn, body: $0.bodyKo, bodyEn: $0.bodyEn,
                            link: $0.link, at: $0.createdAt, readAt: $0.readAt)
        }
    }

    struct MailRow: Encodable { let to: String, subject: String, body: String, status: String, queuedAt: Date, sentAt: Date? }

    /// A mail whose body is a single-use link shows the erased text, sent or not: the archive may
    /// travel further than the mailbox.
    static func mails(_ email: String, _ db: any Database) async throws -> [MailRow] {
        try await OutboxMail.query(on: db).filter(\.$toAddress == email).sort(\.$createdAt).all().map {
            MailRow(to: $0.toAddress, subject: $0.subject, body: $0.eraseBodyAfterSend == true ? OutboxMail.erasedBody : $0.body,
                    status: $0.status.rawValue, queuedAt: $0.createdAt, sentAt: $0.sentAt)
        }
    }

    struct AuditRow: Encodable { let action: String, what: String, byYou: Bool, summary: String, at: Date }

    /// Entries the person made, and entries about their account made by others (named only as others).
    static func audit(_ userID: UUID, _ db: any Database) async throws -> [AuditRow] {
        let entries = try await AuditEntry.query(on: db).group(.or) { group in
            group.filter(\.$actorID == userID)
            group.group(.and) { $0.filter(\.$entityType == "user").filter(\.$entityID == userID.uuidString) }
        }.sort(\.$createdAt).all()
        return entries.map {
            AuditRow(action: $0.action, what: AuditActionLabel.label($0.action).ko, byYou: $0.actorID == userID, summary: $0.summary, at: $0.createdAt)
        }
    }

    struct SignInsFile: Encodable {
        struct Session: Encodable { let expiresAt: Date }
        struct Token: Encodable { let name: String, prefix: String, scope: String, createdAt: Date?, lastUsedAt: Date?, expiresAt: Date? }
        struct Attempt: Encodable { let at: Date, succeeded: Bool, address: String }
        struct Reset: Encodable { let requestedAt: Date, expiresAt: Date, usedAt: Date?, requestedFrom: String }
        struct TwoFactor: Encodable { let enabledAt: Date?, recoveryCodesLeft: Int }
        let sessions: [Session], apiTokens: [Token], signInAttempts: [Attempt], passwordResets: [Reset], twoFactor: TwoFactor?
    }

    static func signIns(_ user: User, tables: Set<String>, _ db: any Database, _ sql: any SQLDatabase) async throws -> SignInsFile {
        let userID = try user.requireID()
        let sessions = try await WebSession.query(on: db).filter(\.$userID == userID).sort(\.$expiresAt).all()
        let tokens = try await APIToken.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        let attempts = try await LoginAttempt.query(on: db).filter(\.$email == user.email).sort(\.$attemptedAt).all()
        let resets = try await PasswordReset.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt).all()
        var twoFactor: SignInsFile.TwoFactor?
        if tables.contains("user_second_factors"), tables.contains("recovery_codes"),
           let row = try await sql.raw("SELECT enabled_at FROM user_second_factors WHERE user_id = \(bind: userID)").first() {
            let left = try await sql.raw("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = \(bind: userID) AND used_at IS NULL").first()
            twoFactor = .init(enabledAt: try row.decodeNil(column: "enabled_at") ? nil : row.decode(column: "enabled_at", as: Date.self),
                              recoveryCodesLeft: try left?.decode(column: "n", as: Int.self) ?? 0)
        }
        return SignInsFile(
            sessions: sessions.map { .init(expiresAt: $0.expiresAt) },
            apiTokens: tokens.map { .init(name: $0.name, prefix: $0.prefix, scope: $0.scope, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt, expiresAt: $0.expiresAt) },
            signInAttempts: attempts.map { .init(at: $0.attemptedAt, succeeded: $0.succeeded, address: $0.address) },
            passwordResets: resets.map { .init(requestedAt: $0.createdAt, expiresAt: $0.expiresAt, usedAt: $0.usedAt, requestedFrom: $0.requestedFrom) },
            twoFactor: twoFactor)
    }

    struct ActivityFile: Encodable {
        struct Pledge: Encodable { let need: String, acceptedAt: Date }
        struct Registration: Encodable { let event: String, startsAt: Date, status: String, registeredAt: Date, attendedAt: Date? }
        struct NetworkRole: Encodable { let network: String, role: String, joinedAt: Date }
        struct JoinRequest: Encodable { let network: String, message: String, status: String, at: Date }
        struct InvitationSent: Encodable { let need: String, startup: String, message: String, at: Date }
        struct Feedback: Encodable { let need: String, startup: String, kind: String?, at: Date }
        struct NeedCreated: Encodable { let id: UUID, title: String, status: String }
        struct StageRequest: Encodable { let collaboration: String, toStage: String, status: String, note: String, requestedAt: Date }
        let pledges: [Pledge], eventRegistrations: [Registration], networks: [NetworkRole], networkJoinRequests: [JoinRequest]
        let invitationsSent: [InvitationSent], recommendationFeedback: [Feedback], needsCreated: [NeedCreated], stageRequests: [StageRequest]
    }

    static func activity(_ userID: UUID, _ db: any Database) async throws -> ActivityFile {
        let pledges = try await NeedPledge.query(on: db).filter(\.$userID == userID).with(\.$need).all()
        let registrations = try await EventRegistration.query(on: db).filter(\.$user.$id == userID).with(\.$event).all()
        let members = try await NetworkMember.query(on: db).filter(\.$user.$id == userID).with(\.$network).all()
        let requests = try await NetworkJoinRequest.query(on: db).filter(\.$userID == userID).with(\.$network).all()
        let invitations = try await Invitation.query(on: db).filter(\.$invitedBy == userID).with(\.$need).with(\.$startup).all()
        let feedback = try await MatchFeedback.query(on: db).filter(\.$userID == userID).with(\.$need).with(\.$startup).all()
        let needs = try await Need.query(on: db).filter(\.$createdBy == userID).all()
        let stages = try await StageChange.query(on: db).filter(\.$requestedBy == userID).with(\.$collaboration).all()
        return ActivityFile(
            pledges: pledges.map { .init(need: $0.need.title, acceptedAt: $0.acceptedAt) },
            eventRegistrations: registrations.map { .init(event: $0.event.title, startsAt: $0.event.startsAt, status: $0.status.rawValue,
                                                          registeredAt: $0.registeredAt, attendedAt: $0.attendedAt) },
            networks: members.map { .init(network: $0.network.name, role: $0.role.rawValue, joinedAt: $0.joinedAt) },
            networkJoinRequests: requests.map { .init(network: $0.network.name, message: $0.message, status: $0.status.rawValue, at: $0.createdAt) },
            invitationsSent: invitations.map { .init(need: $0.need.title, startup: $0.startup.name, message: $0.message, at: $0.createdAt) },
            recommendationFeedback: feedback.map { .init(need: $0.need.title, startup: $0.startup.name, kind: $0.kind, at: $0.updatedAt) },
            needsCreated: try needs.map { .init(id: try $0.requireID(), title: $0.title, status: $0.status.rawValue) },
            stageRequests: stages.map { .init(collaboration: $0.collaboration.title, toStage: $0.toStage.rawValue, status: $0.status.rawValue,
                                              note: $0.note, requestedAt: $0.requestedAt) })
    }
}
