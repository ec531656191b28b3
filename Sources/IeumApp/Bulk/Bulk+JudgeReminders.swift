import Fluent
import Foundation
import IeumCore
import Vapor

/// Reminding a round's judges of the sheets they have left: one message and one mail per judge,
/// listing their open sheets, from the round page of the operator running it.
enum JudgeReminderBulk: ReminderFlow {
    static let form = "bulk-judge-reminders"
    static let kind = "judge"
    static let entityType = "round"

    /// The round when the actor runs it (404 for everyone else, as the round page).
    static func scope(_ req: Request, _ actor: Principal) async throws -> EvaluationRound {
        let round = try await EvaluationService.find(req.parameters.get("roundID", as: UUID.self), on: req.db)
        try await EvaluationService.requireManager(actor, round, on: req.db)
        return round
    }

    static func scopeID(_ round: EvaluationRound) -> UUID { round.storedID }

    static func plan(_ selected: [Bulk.Selected], _ round: EvaluationRound, on db: any Database, now: Date) async throws -> [ReminderBulk.Planned] {
        let roundID = round.storedID
        let ids = selected.map(\.id)
        let judges = try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id ~~ ids).with(\.$expert).all()
        let byExpert = Dictionary(judges.map { ($0.$expert.id, $0) }, uniquingKeysWith: { first, _ in first })
        // An expert who is not on this round's panel is not this page's: 404.
        guard byExpert.count == ids.count else { throw IeumError.notFound }
        let assignments = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id ~~ ids).with(\.$entry).all()
        let submitted = Set(try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id ~~ ids)
            .filter(\.$submittedAt != nil).all().map { "\($0.$expert.id)/\($0.$entry.id)" })
        let recent = try await SentReminder.recent(kind: kind, scope: roundID, now: now, on: db)
        let roundTitle = Localized(round.title, round.titleEn ?? round.title)
        return ids.compactMap { id -> ReminderBulk.Planned? in
            guard let judge = byExpert[id] else { return nil }
            let open = assignments.filter { $0.$expert.id == id && !submitted.contains("\(id)/\($0.$entry.id)") }
                .map(\.entry.title).sorted()
            let expert = judge.expert
            var row = BulkRow(
                id: id, title: expert.name, link: nil,
                current: Localized("남은 평가표 \(open.count)건", "\(open.count) sheet(s) left"),
                proposed: Localized("알림·메일 1통: " + open.prefix(5).joined(separator: ", ") + (open.count > 5 ? " 외 \(open.count - 5)건" : ""),
                                    "One notice and mail: " + open.prefix(5).joined(separator: ", ") + (open.count > 5 ? " and \(open.count - 5) more" : "")),
                notified: Localized("\(expert.name) (\(expert.email))", "\(expert.name) (\(expert.email))"),
                stamp: String(open.count)
            )
            if round.status != .open {
                row.skip = Localized("심사 중인 평가가 아님 (\(round.status.label.ko))", "Judging is not running (\(round.status.label.en.lowercased()))")
            } else if open.isEmpty {
                row.skip = Localized("남은 평가표 없음", "No sheet left")
            } else if expert.$user.id == nil {
                row.skip = Localized("이음 계정이 없는 심사위원", "The judge has no Ieum account")
            }
            ReminderBulk.skipRecent(&row, last: recent[id])
            let list = open.map { "· \($0)" }.joined(separator: "\n")
            let letter = expert.$user.id.map { user in
                ReminderBulk.Letter(users: [user], message: Notifier.Message(
                    kind: .judgingAssigned,
                    title: Localized("평가표 제출 요청: \(roundTitle.ko)", "Sheets to submit: \(roundTitle.en)"),
                    body: Localized("‘\(roundTitle.ko)’ 평가에서 아직 제출하지 않은 평가표가 \(open.count)건 있습니다. 마감: \(SeoulTime.dateTime(round.closesAt))\n\(list)",
                                    "You have \(open.count) sheet(s) left in ‘\(roundTitle.en)’. Closes: \(SeoulTime.dateTime(round.closesAt)) (Seoul)\n\(list)"),
                    link: SiteURL.round(roundID).path))
            }
            return ReminderBulk.Planned(row: row, letter: letter)
        }
    }

    static func back(_ round: EvaluationRound) -> (String, Localized) {
        (SiteURL.round(round.storedID).path(anchor: "judges"), Localized("← 평가로 돌아가기", "← Back to the round"))
    }

    static func confirmAction(_ round: EvaluationRound) -> String { SiteURL.bulk(.judgeRemindersConfirm(round: round.storedID)).path }

    static func auditSummary(_ round: EvaluationRound, _ row: BulkRow) -> String { "심사위원 알림: \(round.title) → \(row.title)" }

    static let words = ReminderBulk.Words(
        previewHeading: Localized("심사위원 알림 미리보기", "Preview: remind judges"),
        summary: Localized("남은 평가표가 있는 심사위원마다 알림과 메일을 한 통씩 보냅니다 (남은 평가표 목록 포함). 24시간 안에 알림을 받은 위원은 건너뜁니다.",
                           "Each judge with sheets left gets one notice and one mail listing them. Judges reminded within 24 hours are skipped."),
        button: { n in Localized("심사위원 \(n)명에게 알림 보내기", "Remind \(n) judge(s)") },
        question: { n in Localized("심사위원 \(n)명에게 알림과 메일을 보낼까요? 보낸 메일은 취소할 수 없습니다.",
                                   "Send a notice and a mail to \(n) judge(s)? Sent mail cannot be called back.") },
        resultHeading: Localized("심사위원 알림 결과", "Judges reminded"),
        sent: { row, sent in
            sent > 0 ? Localized("알림과 메일을 보냄 (\(row.current.ko))", "Notice and mail queued (\(row.current.en))")
                : Localized("비활성 계정이라 보내지 않음", "Not sent: the account is inactive")
        }
    )
}
