import Foundation
import IeumCore
import Plot

/// Which posted forms ask before they act: every action that cannot be undone or that tells other
/// people (a notice, a mail, a changed agenda). The table is the rule; each view writes the
/// question naming the consequence, and `ConfirmationTests` walks every page of the demo as every
/// role and fails when a form of a route (and value) listed here does not ask, or when a decision
/// select starts on a decision. Without JavaScript the form posts straight away and the server
/// still validates; the question is a safeguard, not the check.
enum Confirmations {
    /// Why the form asks.
    enum Why: String, Sendable {
        /// Nothing in the product takes it back (a sent decision, a deleted file, a closed round).
        case irreversible
        /// Other people hear of it (a notice, a mail, a moved meeting on their agenda).
        case notifies
        case irreversibleAndNotifies
    }

    /// Which submissions of a route ask.
    enum When: Sendable, Equatable {
        /// Every submission.
        case always
        /// Those whose path parameter (`:action`, `:decision` …) is one of the values.
        case path(String, Set<String>)
        /// Those whose submitted field (a hidden field, the pressed button, the chosen option) is
        /// one of the values. A `<select>` of this field is a decision select: it starts on an
        /// empty "선택하세요" option, is `required`, and each option names its own consequence.
        case field(String, Set<String>)
    }

    /// How the form asks.
    enum Asks: Sendable, Equatable {
        /// A dialog: `data-confirm` on the form, on the pressed button or on the chosen option
        /// (Resources/Public/ieum.js).
        case dialog
        /// A checkbox of this name that the server requires, on a page that spells out the
        /// consequence (deleting one's own account): it asks without JavaScript too.
        case checkbox(String)
    }

    struct Rule: Sendable {
        /// Method and path as Vapor prints them (`RouteAccess.key`), e.g. `POST /rounds/:roundID/close`.
        let route: String
        let when: When
        let why: Why
        var asks: Asks = .dialog

        init(_ route: String, _ when: When = .always, _ why: Why, asks: Asks = .dialog) {
            self.route = route
            self.when = when
            self.why = why
            self.asks = asks
        }
    }

    static let applicationStatuses = Set(ApplicationStatus.allCases.flatMap(\.reviewTransitions).map(\.rawValue))
    static let needSteps = Set(NeedService.Step.allCases.map(\.rawValue))
    static let stages = Set(CollaborationStage.allCases.map(\.rawValue))
    static let grievanceSteps = Set(GrievanceStep.allCases.map(\.rawValue))
    static let grievanceClasses = Set(GrievanceClass.allCases.map(\.rawValue))

    static let rules: [Rule] = [
        // Accounts and memberships
        Rule("POST /account/delete", .always, .irreversible, asks: .checkbox("confirm")),
        Rule("POST /account/tokens/:tokenID/delete", .always, .irreversible),
        Rule("POST /account/two-factor/disable", .always, .irreversible),
        Rule("POST /admin/users/:userID/two-factor/disable", .always, .irreversibleAndNotifies),
        Rule("POST /admin/users/:userID/tokens/revoke", .always, .irreversible),
        Rule("POST /admin/users/:userID/active", .field("active", ["0"]), .irreversible),
        Rule("POST /admin/users/:userID/reset-link", .always, .notifies),
        Rule("POST /admin/users/:userID/role", .always, .notifies),
        Rule("POST /admin/legal/:kind", .always, .irreversibleAndNotifies),
        Rule("POST /join-requests/:requestID/withdraw", .always, .irreversible),
        Rule("POST /organizations/:orgID/join-requests/:requestID", .field("decision", ["refuse"]), .irreversibleAndNotifies),
        Rule("POST /organizations/:orgID/members/:userID/remove", .always, .irreversibleAndNotifies),
        Rule("POST /organizations/:orgID/invitations/:invitationID/revoke", .always, .irreversible),

        // Registry: an approved organisation is shown to everyone, and the form to undo it is gone.
        Rule("POST /organizations/:orgID/status", .field("status", ["approved", "rejected"]), .irreversible),

        // Needs and applications
        Rule("POST /needs/:needID/status", .field("step", needSteps), .notifies),
        Rule("POST /needs/:needID/invitations", .always, .irreversibleAndNotifies),
        Rule("POST /applications/:appID", .field("action", ["submit"]), .irreversibleAndNotifies),
        Rule("POST /applications/:appID/withdraw", .always, .irreversibleAndNotifies),
        Rule("POST /applications/:appID/review", .field("status", applicationStatuses), .irreversibleAndNotifies),
        Rule("POST /applications/:appID/attachments/:fileID/delete", .always, .irreversible),

        // Collaborations: every stage (dropping included) and every decision is told to the parties.
        Rule("POST /collaborations/:collabID/stage", .field("stage", stages), .notifies),
        Rule("POST /collaborations/:collabID/changes/:changeID", .field("decision", ["approve", "refuse"]), .irreversibleAndNotifies),
        Rule("POST /collaborations/:collabID/milestones/:milestoneID/done", .always, .irreversible),
        Rule("POST /collaborations/:collabID/outcomes/:outcomeID", .field("decision", ["confirm", "reject"]), .irreversibleAndNotifies),

        // Grievances: the submitter follows the case; the assignee is told.
        Rule("POST /grievances/:id/classify", .field("kind", grievanceClasses), .notifies),
        Rule("POST /grievances/:id/assign", .always, .notifies),
        Rule("POST /grievances/:id/status", .field("step", grievanceSteps), .irreversibleAndNotifies),

        // Evaluation rounds
        Rule("POST /rounds/:roundID/open", .always, .irreversibleAndNotifies),
        Rule("POST /rounds/:roundID/close", .always, .irreversibleAndNotifies),
        Rule("POST /rounds/:roundID/criteria/delete", .always, .irreversible),
        Rule("POST /rounds/:roundID/judges/delete", .always, .irreversibleAndNotifies),
        Rule("POST /rounds/:roundID/assign", .always, .irreversibleAndNotifies),
        Rule("POST /rounds/:roundID/assignments", .field("action", ["remove"]), .irreversible),
        Rule("POST /rounds/:roundID/entries/:entryID", .field("action", ["submit"]), .irreversible),
        Rule("POST /rounds/:roundID/select", .always, .irreversibleAndNotifies),
        Rule("POST /rounds/:roundID/awards", .always, .irreversibleAndNotifies),

        // Consultation meetings: a (re)schedule, a move or a cancellation changes two agendas.
        Rule("POST /meetings/:eventID/schedule", .field("mode", ["keep", "rebuild"]), .notifies),
        Rule("POST /meetings/:eventID/requests/:requestID/:answer", .path("answer", ["accept", "decline", "withdraw"]), .irreversibleAndNotifies),
        Rule("POST /meetings/:eventID/meetings/:meetingID/:action", .path("action", ["move", "cancel", "invite", "collaboration"]), .irreversibleAndNotifies),

        // Bulk actions: the preview changes nothing; its confirmation names the consequence and count.
        Rule("POST /admin/approvals/bulk/confirm", .always, .irreversible),
        Rule("POST /grievances/bulk/confirm", .always, .notifies),
        Rule("POST /needs/:needID/applications/bulk/confirm", .always, .irreversibleAndNotifies),
        Rule("POST /rounds/:roundID/reminders/confirm", .always, .notifies),
        Rule("POST /meetings/:eventID/reminders/confirm", .always, .notifies),

        // Networks
        Rule("POST /networks/:networkID/join/:requestID/:decision", .path("decision", ["approve", "reject"]), .irreversibleAndNotifies),
        Rule("POST /networks/:networkID/events/:eventID/cancel", .always, .irreversible),
        Rule("POST /networks/:networkID/events/:eventID/held", .always, .irreversible),
        Rule("POST /networks/:networkID/tasks/:taskID/:step", .path("step", ["endorse", "review", "recognise", "reject"]), .irreversibleAndNotifies),
    ]

    /// The rules of one route.
    static func rules(for route: String) -> [Rule] {
        byRoute[route] ?? []
    }

    private static let byRoute: [String: [Rule]] = Dictionary(grouping: rules, by: \.route)

    // MARK: Writing the question

    /// `data-confirm` on a form, a button or an option: the question shown before the submit.
    static func ask<Context>(_ question: String) -> Node<Context> {
        .attribute(named: "data-confirm", value: question)
    }
}

extension FormKit {
    /// A select that decides something (a status, a decision, a stage): it starts on an empty
    /// "선택하세요" option and is required, whatever the record's status, which is shown as text
    /// beside it; each option carries the question naming its consequence (`confirm`), which
    /// ieum.js asks for the chosen option.
    static func decisionSelect(
        _ field: String, label: String, current: String?, options: [(value: String, label: String, confirm: String)],
        errors: FieldErrors, context: PageContext, id domID: String? = nil
    ) -> Node<HTML.FormContext> {
        let id = domID ?? field
        return .div(
            .class(errors[field] == nil ? "field decision-select" : "field decision-select has-error"),
            .label(.for(id), .text(label), .span(.class("req"), .attribute(named: "aria-hidden", value: "true"), .text(" *"))),
            .unwrap(current) { .p(.class("hint current-status"), .id("\(id)-current"), .text(context.t("현재: ", "Now: ") + $0)) },
            .select(
                .id(id), .attribute(named: "name", value: field),
                .attribute(named: "required", value: "required"),
                .if(errors[field] != nil, .attribute(named: "aria-invalid", value: "true")),
                .attribute(named: "aria-describedby", value: ([current.map { _ in "\(id)-current" }] + [errors[field].map { _ in "\(id)-error" }]).compactMap { $0 }.joined(separator: " ")),
                option(value: "", label: context.t("선택하세요", "Choose"), selected: true),
                .forEach(options) { item in
                    .element(named: "option", nodes: [
                        .attribute(named: "value", value: item.value, ignoreIfValueIsEmpty: false),
                        Confirmations.ask(item.confirm),
                        .text(item.label),
                    ])
                }
            ),
            error(field, errors, context, domID: id)
        )
    }
}
