import Foundation
import IeumCore
import Plot

/// The site's menu, grouped by what people do (issue 17, item 7): each role gets only the pages it
/// may open. Signed-in people see it as a sidebar on wide screens and behind a menu button
/// (`<details>`, so it works without JavaScript) on phones; visitors get two links in the header.
struct SiteMenu {
    struct Item: Equatable {
        let path: String
        let label: String
        /// Further path prefixes that belong to this item (a need's page belongs to "Calls & needs").
        var also: [String] = []

        /// How well `path` belongs to this item: the length of the longest matching prefix, or nil.
        func match(_ current: String) -> Int? {
            if path == "/" { return current == "/" ? 1 : nil }
            let own = path.split(separator: "?").first.map(String.init) ?? path
            return ([own] + also)
                .filter { current == $0 || current.hasPrefix($0 + "/") }
                .map(\.count).max()
        }
    }

    struct Group: Equatable {
        let id: String
        let title: String
        let items: [Item]
    }

    let groups: [Group]

    init(_ context: PageContext) {
        groups = Self.groups(context).filter { !$0.items.isEmpty }
    }

    /// The item the current page belongs to (the longest matching prefix wins, so
    /// `/grievances/new` is "Report a difficulty" and not the staff queue).
    func current(_ path: String) -> Item? {
        groups.flatMap(\.items)
            .compactMap { item in item.match(path).map { (item, $0) } }
            .max { $0.1 < $1.1 }?.0
    }

    private static func groups(_ context: PageContext) -> [Group] {
        let t: (String, String) -> String = { context.t($0, $1) }
        let reportDifficulty = Item(path: SiteURL.grievanceNew.path, label: t("규제·애로 신고", "Report a difficulty"), also: ["/grievances/track"])
        guard let actor = context.actor else {
            return [Group(id: "public", title: t("바로가기", "Go to"), items: [
                Item(path: SiteURL.calls(query: nil).path, label: t("공모·수요과제", "Calls & needs"), also: ["/needs"]),
                reportDifficulty,
            ])]
        }
        let op = actor.isOperator
        let inbox = t("알림", "Inbox") + (context.unread > 0 ? " (\(context.unread))" : "")
        var work = [
            Item(path: SiteURL.home.path, label: t("내 업무", "My work")),
            Item(path: SiteURL.dashboard.path, label: t("지원·과제 현황", "Applications & needs")),
            Item(path: SiteURL.inbox.path, label: inbox),
        ]
        work.append(Item(path: SiteURL.account.path, label: t("내 계정", "My account"), also: ["/welcome", "/join-requests"]))
        var needs = [Item(path: SiteURL.calls(query: nil).path, label: t("공모·수요과제", "Calls & needs"), also: ["/needs", "/applications"])]
        if op {
            needs.append(Item(path: SiteURL.programs.path, label: t("사업 관리", "Programs")))
            needs.append(Item(path: SiteURL.rounds.path, label: t("평가", "Evaluations")))
        } else if actor.isJudge {
            needs.append(Item(path: SiteURL.rounds.path, label: t("심사", "Judging")))
        }
        var organizations = [Item(path: SiteURL.organizations(query: nil).path, label: t("기관 목록", "Registry"))]
        if op {
            organizations.append(Item(path: SiteURL.approvals.path, label: t("승인 대기", "Approvals")))
            organizations.append(Item(path: SiteURL.experts(query: nil).path, label: t("전문가", "Experts")))
        }
        var collaboration = [Item(path: SiteURL.collaborations(query: nil).path, label: t("협업", "Collaborations"))]
        if op { collaboration.append(Item(path: SiteURL.kpi(program: nil).path, label: t("성과지표", "KPIs"))) }
        let meetings = [
            Item(path: SiteURL.meetingEvents.path, label: t("상담회", "Meetings")),
            Item(path: SiteURL.networks.path, label: t("네트워크", "Networks")),
        ]
        let grievances = op
            ? [Item(path: SiteURL.grievances.path, label: t("규제·애로 처리", "Difficulties desk"))]
            : [reportDifficulty, Item(path: SiteURL.grievancesMine.path, label: t("내 신고", "My reports"))]
        var admin: [Item] = []
        if op {
            admin.append(Item(path: SiteURL.importUpload.path, label: t("가져오기", "Import")))
            admin.append(Item(path: SiteURL.taxonomy.path, label: t("분류 관리", "Taxonomy")))
            if AccountPolicy.can(actor, .manageUsers) { admin.append(Item(path: SiteURL.users.path, label: t("사용자", "Users"))) }
            admin.append(Item(path: SiteURL.auditLog(page: 1).path, label: t("감사 로그", "Audit log")))
        }
        return [
            Group(id: "work", title: t("내 업무", "My work"), items: work),
            Group(id: "needs", title: t("수요·공모", "Needs & calls"), items: needs),
            Group(id: "organizations", title: t("기업·기관", "Organisations"), items: organizations),
            Group(id: "collaboration", title: t("협업·성과", "Collaboration & results"), items: collaboration),
            Group(id: "meetings", title: t("상담·네트워크", "Meetings & networks"), items: meetings),
            Group(id: "grievances", title: t("규제·애로", "Difficulties"), items: grievances),
            Group(id: "admin", title: t("관리", "Administration"), items: admin),
        ]
    }

    /// The menu as grouped lists; `idPrefix` keeps ids unique when the menu is drawn twice.
    func node(_ context: PageContext, idPrefix: String) -> Node<HTML.BodyContext> {
        let here = current(context.path)
        return .forEach(groups) { group in
            let titleID = "\(idPrefix)-\(group.id)"
            let isCurrent = here.map { group.items.contains($0) } ?? false
            return .div(
                .class(isCurrent ? "nav-group current" : "nav-group"),
                .p(.class("nav-group-title"), .id(titleID), .text(group.title)),
                .ul(
                    .attribute(named: "aria-labelledby", value: titleID),
                    .forEach(group.items) { item in
                        .li(.a(.href(item.path), .text(item.label),
                               .if(item == here, .attribute(named: "aria-current", value: "page"))))
                    }
                )
            )
        }
    }
}
