import Foundation
import IeumCore
import Plot

/// The operators' forms of the program pages. Errors sit next to their fields, typed values stay.
enum ProgramForms {
    /// A short alert at the top of a form that was refused, linking to the fields.
    static func summary(_ errors: FieldErrors, _ context: PageContext) -> Node<HTML.FormContext> {
        .if(!errors.isEmpty, .div(
            .class("form-error"), .attribute(named: "role", value: "alert"),
            .p(.text(context.t("입력값을 확인하세요. 항목 \(errors.order.count)개에 문제가 있습니다.",
                               "Please check the form: \(errors.order.count) fields need attention."))),
            .ul(.forEach(errors.order) { field in
                .unwrap(errors[field]) { .li(.a(.href("#\(field)"), .text(context.t($0)))) }
            })
        ))
    }

    static func program(action: String, input: ProgramInput, errors: FieldErrors, agencies: [Organization], submit: String, context: PageContext) -> Node<HTML.BodyContext> {
        program(action: action, input: input, errors: errors, agencies: agencies.map(AgencyOption.init), submit: submit, context: context)
    }

    static func program(action: String, input: ProgramInput, errors: FieldErrors, agencies: [AgencyOption], submit: String, context: PageContext) -> Node<HTML.BodyContext> {
        let e = errors
        return .form(
            .class("card program-form"), .id("program-form"), .action(action), .method(.post), .novalidate(),
            FormKit.csrf(context),
            summary(errors, context),
            FormKit.text("name", label: context.t("사업명", "Program name"), value: input.name, errors: e, context: context, required: true),
            FormKit.text("nameEn", label: context.t("영문 사업명", "Name in English"), value: input.nameEn, errors: e, context: context),
            FormKit.text("year", label: context.t("사업 연도", "Year"), value: input.year, errors: e, context: context, type: .number, required: true,
                         hint: context.t("2000–2100, 예: 2026", "2000–2100, e.g. 2026")),
            FormKit.select("operatorID", label: context.t("운영기관", "Operating agency"),
                           options: agencies.map { ($0.id.uuidString, context.language == .en ? ($0.nameEn ?? $0.name) : $0.name) },
                           selected: input.operatorID, errors: e, context: context, includeEmpty: context.t("선택 안 함", "None")),
            FormKit.textarea("description", label: context.t("사업 소개", "Description"), value: input.description, errors: e, context: context, rows: 5),
            FormKit.text("tracks", label: context.t("트랙 (쉼표나 줄바꿈으로 구분)", "Tracks (separated by commas or lines)"), value: input.tracks, errors: e, context: context,
                         hint: context.t("예: 대기업 협업, 중견기업 챌린지, 공공기관 실증", "e.g. 대기업 협업, 중견기업 챌린지, 공공기관 실증")),
            FormKit.submit(submit)
        )
    }

    static func call(action: String, input: CallInput, errors: FieldErrors, tracks: [String], submit: String, context: PageContext) -> Node<HTML.BodyContext> {
        let e = errors
        // A call keeps a track the program has since dropped.
        let choices = tracks + (input.track.isEmpty || tracks.contains(input.track) ? [] : [input.track])
        return .form(
            .class("card call-form"), .id("call-form"), .action(action), .method(.post), .novalidate(),
            FormKit.csrf(context),
            summary(errors, context),
            FormKit.text("title", label: context.t("공모 제목", "Call title"), value: input.title, errors: e, context: context, required: true),
            FormKit.text("titleEn", label: context.t("영문 제목", "Title in English"), value: input.titleEn, errors: e, context: context),
            FormKit.select("track", label: context.t("트랙", "Track"), options: choices.map { ($0, $0) }, selected: input.track,
                           errors: e, context: context, includeEmpty: context.t("전체 (트랙 구분 없음)", "All (no track)")),
            FormKit.textarea("description", label: context.t("공모 안내", "Description"), value: input.description, errors: e, context: context, rows: 4),
            FormKit.text("opensAt", label: context.t("접수 시작 (한국시간)", "Opens (Seoul time)"), value: input.opensAt, errors: e, context: context,
                         type: .datetimeLocal, required: true, hint: context.t("예: 2026-03-02 09:00", "e.g. 2026-03-02 09:00")),
            FormKit.text("closesAt", label: context.t("접수 마감 (한국시간)", "Closes (Seoul time)"), value: input.closesAt, errors: e, context: context,
                         type: .datetimeLocal, required: true, hint: context.t("날짜만 쓰면 그날 23:59에 마감합니다.", "A date alone means 23:59 that day.")),
            FormKit.submit(submit)
        )
    }

    static func participant(programID: UUID, selected: String, errors: FieldErrors, candidates: [Organization], context: PageContext) -> Node<HTML.BodyContext> {
        .form(
            .class("card participant-form"), .id("participant-form"), .action(SiteURL.programParticipants(programID).path), .method(.post), .novalidate(),
            FormKit.csrf(context),
            .h3(.text(context.t("참여 수요기관 추가", "Add a demand organisation"))),
            FormKit.select("organizationID", label: context.t("수요기관", "Demand organisation"),
                           options: candidates.map { ($0.id?.uuidString ?? "", context.language == .en ? ($0.nameEn ?? $0.name) : $0.name) },
                           selected: selected, errors: errors, context: context, includeEmpty: context.t("선택", "Choose"), required: true),
            FormKit.submit(context.t("추가", "Add"))
        )
    }

    static func target(programID: UUID, input: TargetInput, errors: FieldErrors, context: PageContext) -> Node<HTML.BodyContext> {
        let e = errors
        return .form(
            .class("card target-form"), .id("target-form"), .action(SiteURL.programTargets(programID).path), .method(.post), .novalidate(),
            FormKit.csrf(context),
            .h3(.text(context.t("목표 설정", "Set a target"))),
            .p(.class("hint"), .text(context.t("같은 지표와 기간을 다시 입력하면 목표값이 바뀝니다.", "Entering the same metric and period again replaces its value."))),
            summary(errors, context),
            FormKit.select("metric", label: context.t("성과지표", "Metric"), options: KPIMetric.allCases.map { ($0.rawValue, context.t($0.label)) },
                           selected: input.metric, errors: e, context: context, includeEmpty: context.t("선택", "Choose"), required: true),
            FormKit.text("period", label: context.t("기간", "Period"), value: input.period, errors: e, context: context, required: true,
                         hint: context.t("2026 (연간), 2026-H1 (반기), 2026-Q3 (분기)", "2026 (year), 2026-H1 (half), 2026-Q3 (quarter)")),
            FormKit.text("value", label: context.t("목표값", "Target value"), value: input.value, errors: e, context: context, required: true,
                         hint: context.t("0 이상의 정수, 금액은 원 단위", "A whole number of 0 or more; amounts in won")),
            FormKit.submit(context.t("저장", "Save"))
        )
    }
}

/// Editing a program's name, year, operator, description and tracks.
struct ProgramEditPage: Page {
    let programID: UUID
    let input: ProgramInput
    let errors: FieldErrors
    let agencies: [Organization]

    func title(_ context: PageContext) -> String { context.t("사업 정보 수정", "Edit program") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .div(.class("page-head"), .h1(.text(title(context))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.program(programID).path), .text(context.t("사업으로 돌아가기", "Back to the program"))))),
            ProgramForms.program(action: SiteURL.program(programID).path, input: input, errors: errors, agencies: agencies,
                                 submit: context.t("저장", "Save"), context: context)
        )
    }
}

/// Editing a call of a program.
struct CallEditPage: Page {
    let program: Program
    let callID: UUID
    let input: CallInput
    let errors: FieldErrors

    func title(_ context: PageContext) -> String { context.t("공모 수정", "Edit call") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        let programID = program.storedID
        return .div(
            .div(.class("page-head"),
                 .div(.h1(.text(title(context))), .p(.class("subtitle"), .text(ProgramView.name(program, context)))),
                 .div(.class("page-actions"), .a(.class("button secondary"), .href(SiteURL.program(programID).path(anchor: "calls")), .text(context.t("사업으로 돌아가기", "Back to the program"))))),
            ProgramForms.call(action: SiteURL.programCall(programID, callID).path, input: input, errors: errors, tracks: program.tracks,
                              submit: context.t("저장", "Save"), context: context)
        )
    }
}
