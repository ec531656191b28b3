import Foundation
import IeumCore
import Plot

// The trails of the detail and form pages (issue 17, item 7), kept together so that the menu's
// sections and the trails name places the same way. Every crumb links to a page the person who
// sees it may open (LinkCrawlTests follows them).

private extension PageContext {
    var needsCrumb: Crumb { Crumb(t("공모·수요과제", "Calls & needs"), SiteURL.calls(query: nil).path) }
    var registryCrumb: Crumb { Crumb(t("기관 목록", "Registry"), SiteURL.organizations(query: nil).path) }
    var programsCrumb: Crumb { Crumb(t("사업", "Programs"), SiteURL.programs.path) }
    var roundsCrumb: Crumb {
        Crumb(actor?.isOperator == true ? t("평가", "Evaluations") : t("심사", "Judging"), SiteURL.rounds.path)
    }
    var collaborationsCrumb: Crumb { Crumb(t("협업", "Collaborations"), SiteURL.collaborations(query: nil).path) }
    var meetingsCrumb: Crumb { Crumb(t("상담회", "Meetings"), SiteURL.meetingEvents.path) }
    var networksCrumb: Crumb { Crumb(t("네트워크", "Networks"), SiteURL.networks.path) }
    var grievancesCrumb: Crumb { Crumb(t("규제·애로 처리", "Difficulties desk"), SiteURL.grievances.path) }
}

extension NeedPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.needsCrumb, Crumb(title(context))] }
}

extension NeedFormPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        switch mode {
        case .create: return [context.needsCrumb, Crumb(title(context))]
        case .edit(let id): return [context.needsCrumb, Crumb(input.title.isEmpty ? context.t("수요과제", "Need") : input.title, SiteURL.need(id).path), Crumb(context.t("수정", "Edit"))]
        }
    }
}

extension NeedApplicationsPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.needsCrumb, Crumb(NeedView.title(need, context), need.id.map { SiteURL.need($0).path }), Crumb(context.t("지원서 목록", "Applications"))]
    }
}

extension ApplicationPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.needsCrumb, Crumb(NeedView.title(need, context), need.id.map { SiteURL.need($0).path }), Crumb(context.t("지원서", "Application"))]
    }
}

extension ApplicationFormPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.needsCrumb, Crumb(NeedView.title(need, context), need.id.map { SiteURL.need($0).path }),
         Crumb(context.t("지원서", "Application"), application.id.map { SiteURL.application($0).path }), Crumb(context.t("작성", "Write"))]
    }
}

extension OrganizationProfilePage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.registryCrumb, Crumb(organization.name)] }
}

extension OrganizationFormPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        switch mode {
        case .create: return [context.registryCrumb, Crumb(title(context))]
        case .edit(let id): return [context.registryCrumb, Crumb(input.name, SiteURL.organization(id).path), Crumb(context.t("수정", "Edit"))]
        }
    }
}

extension MembersPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.registryCrumb, Crumb(model.organizationName, SiteURL.organization(model.organizationID).path), Crumb(context.t("구성원", "Members"))]
    }
}

extension CollaborationPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.collaborationsCrumb, Crumb(title(context))] }
}

extension ProgramPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.programsCrumb, Crumb(title(context))] }
}

extension ProgramEditPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.programsCrumb, Crumb(context.t("사업", "Program"), SiteURL.program(programID).path), Crumb(title(context))]
    }
}

extension CallEditPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.programsCrumb, Crumb(ProgramView.name(program, context), program.id.map { SiteURL.program($0).path }), Crumb(title(context))]
    }
}

extension RoundFormPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.roundsCrumb, Crumb(title(context))] }
}

extension RoundPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.roundsCrumb, Crumb(title(context))] }
}

extension JudgeRoundPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.roundsCrumb, Crumb(title(context))] }
}

extension SheetPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.roundsCrumb, Crumb(RoundView.title(data.round, context), data.round.id.map { SiteURL.round($0).path }),
         Crumb(context.t("평가표", "Score sheet") + " · " + data.entry.title)]
    }
}

extension ResultsPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.roundsCrumb, Crumb(RoundView.title(round, context), round.id.map { SiteURL.round($0).path }), Crumb(context.t("평가 결과", "Results"))]
    }
}

extension MeetingEventFormPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.meetingsCrumb, Crumb(title(context))] }
}

extension MeetingEventPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.meetingsCrumb, Crumb(title(context))] }
}

extension NetworkPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.networksCrumb, Crumb(title(context))] }
}

extension NetworkEventPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [context.networksCrumb, Crumb(network.name, network.id.map { SiteURL.network($0).path }), Crumb(event.title)]
    }
}

extension GrievanceCasePage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.grievancesCrumb, Crumb(title(context))] }
}

extension GrievanceRoutesPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.grievancesCrumb, Crumb(title(context))] }
}

extension GrievanceDashboardPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] { [context.grievancesCrumb, Crumb(title(context))] }
}

extension ExpertFormPage {
    func breadcrumbs(_ context: PageContext) -> [Crumb] {
        [Crumb(context.t("전문가 풀", "Expert pool"), SiteURL.experts(query: nil).path), Crumb(title(context))]
    }
}
