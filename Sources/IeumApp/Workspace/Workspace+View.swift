import Foundation
import IeumCore
import Plot
import Vapor

/// `/` for a signed-in person: what waits for them, with counts and D-days.
struct WorkspacePage: Page {
    let name: String
    let workspace: Workspace
    let now: Date
    let unread: Int

    func title(_ context: PageContext) -> String { context.t("내 업무", "My work") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(context.t("\(name)님의 업무", "Work for \(name)"))),
            .p(.class("lead"), .id("workspace-summary"),
               .text(workspace.total == 0 ? context.t("지금 기다리는 일이 없습니다.", "Nothing is waiting for you now.")
                                          : context.t("기다리는 일 \(workspace.total)건 · 오래된 것부터 보입니다.", "\(workspace.total) things wait for you, oldest first.")),
               .if(unread > 0, .group(.text(" "), .a(.href(SiteURL.inbox.path), .text(context.t("읽지 않은 알림 \(unread)건", "\(unread) unread notices")))))),
            .if(workspace.sections.isEmpty, .p(.text(context.t("소속 기관이 없으면 할 일도 없습니다. ", "Without an organisation there is no work yet. ")),
                                                .a(.href(SiteURL.welcome.path), .text(context.t("시작하기", "Get started"))))),
            .div(.class("workspace"), .forEach(workspace.ordered) { section in
                .section(
                    .class("card"), .id(section.id),
                    .h2(.span(.text(context.t(section.title))),
                        .span(.class(section.count > 0 ? "count has-work" : "count"), .attribute(named: "data-count", value: String(section.count)),
                              .text(context.t("\(section.count)건", "\(section.count)")))),
                    .if(section.items.isEmpty, .p(.class("empty"), .text(context.t(section.empty)))),
                    .ul(.forEach(section.items) { item in
                        .li(
                            .a(.href(item.link), .text(item.title)),
                            .unwrap(item.due) { due in
                                .span(.class("dday \(DDay.urgency(due, now: now))"), .attribute(named: "title", value: SeoulTime.dateTime(due)),
                                      .text(DDay.label(due, now: now)))
                            },
                            .unwrap(item.detail) { .div(.class("hint"), .text(context.t($0))) }
                        )
                    }),
                    .unwrap(section.more) { more in
                        .if(section.count > section.items.count || section.count > 0,
                            .p(.a(.href(more), .text(section.count > section.items.count ? context.t("\(section.count)건 모두 보기", "See all \(section.count)")
                                                                                       : context.t("목록 보기", "Open the list")))))
                    }
                )
            })
        )
    }
}

/// `/` for a visitor: what Ieum is, open calls with D-days, programs, the grievance desk, and the
/// way in.
struct PublicHomePage: Page {
    struct CallRow {
        let id: UUID
        let title: Localized
        let program: String
        let closesAt: Date
    }

    let calls: [CallRow]
    let programs: [(UUID, String, Int)]
    let now: Date

    func title(_ context: PageContext) -> String { context.t("이음 — 개방형 혁신", "Ieum — open innovation") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .section(
                .class("home-hero"),
                .h1(.text(context.t("스타트업과 수요기관을 잇는 개방형 혁신 프로그램", "Open innovation programs that connect startups with companies and public institutions"))),
                .p(.class("lead"), .text(context.t("대기업·중견기업·공공기관의 기술 수요에 스타트업이 지원하고, 매칭부터 기술검증, 사업화와 투자까지 함께 갑니다.",
                                                   "Startups answer the technology needs of large companies and public institutions, and go from matching through verification to sales and investment."))),
                .p(.a(.class("button"), .id("home-signup"), .href(SiteURL.signup(invitation: nil).path), .text(context.t("회원가입", "Sign up"))),
                   .text(" "),
                   .a(.class("button secondary"), .href(SiteURL.login(next: nil).path), .text(context.t("로그인", "Sign in"))))
            ),
            .section(
                .class("card"), .id("open-calls"),
                .h2(.text(context.t("모집 중인 공모", "Open calls"))),
                .if(calls.isEmpty, .p(.class("empty"), .text(context.t("지금 모집 중인 공모가 없습니다.", "No call is open right now.")))),
                .ul(.class("plain"), .forEach(calls) { call in
                    .li(.a(.href(SiteURL.calls(query: nil).path), .text(context.t(call.title))),
                        .span(.class("dday \(DDay.urgency(call.closesAt, now: now))"), .attribute(named: "title", value: SeoulTime.dateTime(call.closesAt)),
                              .text(DDay.label(call.closesAt, now: now))),
                        .div(.class("hint"), .text(call.program + " · " + context.t("\(SeoulTime.dateTime(call.closesAt)) 마감", "closes \(SeoulTime.dateTime(call.closesAt))"))))
                }),
                .p(.a(.href(SiteURL.calls(query: nil).path), .text(context.t("공개 수요과제 모두 보기", "See every published need"))))
            ),
            .if(!programs.isEmpty, .section(
                .class("card"), .id("programs"),
                .h2(.text(context.t("운영 중인 사업", "Programs"))),
                .ul(.class("plain"), .forEach(programs) { id, name, year in
                    .li(.a(.href(SiteURL.program(id).path), .text(name)), .text(" · \(year)"))
                })
            )),
            .section(
                .class("card"), .id("report-difficulty"),
                .h2(.text(context.t("규제·애로 신고", "Report a regulatory or business difficulty"))),
                .p(.text(context.t("로그인하지 않아도 신고할 수 있습니다. 접수번호와 확인 링크로 처리 과정을 볼 수 있습니다.",
                                   "You can report without signing in; a receipt number and link let you follow the case."))),
                .a(.class("button secondary"), .href(SiteURL.grievanceNew.path), .text(context.t("신고하기", "Report")))
            )
        )
    }
}
