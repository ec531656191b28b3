import Foundation
import IeumCore
import Plot

/// `/welcome`: the next step after sign-up — register an organisation or ask to join one — and
/// where each of the person's organisations and requests stands.
struct WelcomePage: Page {
    let model: WelcomeModel

    func title(_ context: PageContext) -> String { context.t("시작하기", "Getting started") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let kind = model.joinedAs?.organizationKind
        return .div(
            .h1(.text(context.t("\(model.name)님, 환영합니다", "Welcome, \(model.name)"))),
            .if(model.organizations.isEmpty, .p(.class("lead"), .text(context.t(
                "이음에서 활동하려면 기관이 필요합니다. 새 기관을 등록하거나 이미 등록된 기관에 가입을 요청하세요. 새 기관은 운영기관이 승인한 뒤에 지원·등록 같은 기관 권한이 생깁니다.",
                "To take part you act for an organisation. Register a new one or ask to join one already registered. A new organisation gets its rights (applying, posting needs …) once an operator approves it.")))),
            .if(model.joinedAs == .expert, .p(.class("hint"), .text(context.t(
                "전문가는 소속 기관(대학·연구기관·기업)에 가입하면 됩니다. 운영기관이 전문가 풀에 등록하면 심사·자문 배정을 받습니다.",
                "As an expert, join your organisation (university, institute, company). Operators add you to the expert pool, after which you can be assigned to judge or advise.")))),
            .div(
                .class("grid two"),
                .section(.class("card"), .id("register-organization"),
                         .h2(.text(context.t("새 기관 등록", "Register a new organisation"))),
                         .p(.text(context.t("사업자등록번호와 기관 정보를 입력합니다. 등록한 사람이 기관 관리자가 됩니다.",
                                            "Enter the business registration number and the organisation's details. You become its admin."))),
                         .a(.class("button"), .href(SiteURL.organizationNew.path + (kind.map { "?kind=\($0.rawValue)" } ?? "")),
                            .text(context.t("기관 등록하기", "Register")))),
                .section(.class("card"), .id("join-organization"),
                         .h2(.text(context.t("기존 기관에 가입 요청", "Ask to join an organisation"))),
                         .p(.text(context.t("사업자등록번호나 기관명으로 찾아 가입을 요청합니다. 기관 관리자가 수락하면 구성원이 됩니다.",
                                            "Find it by business registration number or name and ask to join; you belong once an admin accepts."))),
                         .a(.class("button secondary"), .href(SiteURL.organizationJoin(query: nil).path), .text(context.t("기관 찾기", "Find an organisation"))))
            ),
            .if(!model.organizations.isEmpty, .section(
                .class("card"), .id("my-organizations"),
                .h2(.text(context.t("내 기관", "My organisations"))),
                .ul(.class("plain"), .forEach(model.organizations) { org in
                    .li(.a(.href(SiteURL.organization(org.id).path), .text(org.name)),
                        .text(" · " + context.t(org.kind.label) + " · " + context.t(MembersPage.roleLabel(org.role)) + " "),
                        .span(.class("badge status-\(org.status.rawValue)"), .text(context.t(org.status.label))),
                        .if(org.status == .pending, .span(.class("hint"), .text(" " + context.t("운영기관 승인 대기 중: 승인 전에는 기관 권한이 없습니다.",
                                                                                             "Waiting for an operator: no rights of its kind until approved.")))))
                })
            )),
            .if(!model.requests.isEmpty, .section(
                .class("card"), .id("my-requests"),
                .h2(.text(context.t("내 가입 요청", "My requests to join"))),
                .ul(.class("plain"), .forEach(model.requests) { request in
                    .li(.text("\(request.organizationName) · \(SeoulTime.date(request.createdAt)) · "), .strong(.text(context.t(request.status.label))),
                        .if(request.status == .pending, .group(.text(" "), FormKit.actionButton(
                            SiteURL.joinRequestWithdraw(request.id).path, context.t("요청 취소", "Withdraw"), context, secondary: true,
                            confirm: context.t("\(request.organizationName) 가입 요청을 취소할까요?", "Withdraw your request to join \(request.organizationName)?")))))
                })
            ))
        )
    }
}
