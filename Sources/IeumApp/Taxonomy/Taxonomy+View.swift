import Foundation
import IeumCore
import Plot

/// One card per list: every entry editable in place, and a form to add one.
struct TaxonomyPage: Page {
    let taxonomy: TaxonomySnapshot
    /// The list whose add form failed, to show its errors and keep what was typed.
    let failed: TaxonomyKind?
    let errors: FieldErrors
    let form: TaxonomyController.EntryForm

    func title(_ context: PageContext) -> String { context.t("분류 관리", "Taxonomy") }

    func items(_ kind: TaxonomyKind) -> [TaxonomySnapshot.Item] {
        switch kind {
        case .fields: taxonomy.fields
        case .regions: taxonomy.regions
        case .clusters: taxonomy.clusters
        }
    }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .p(.class("hint"), .text(context.t(
                "항목은 지우지 않고 '사용'을 해제해 숨깁니다. 다른 표기(별칭)는 가져오기와 검색에서 같은 항목으로 인식됩니다.",
                "Entries are never deleted: untick 'in use' to retire one. Other spellings are recognised by imports and search."))),
            .forEach(TaxonomyKind.allCases) { kind in section(kind, context) }
        )
    }

    func section(_ kind: TaxonomyKind, _ context: PageContext) -> Node<HTML.BodyContext> {
        let e = failed == kind ? errors : FieldErrors()
        let f = failed == kind ? form : TaxonomyController.EntryForm()
        let prefix = kind.rawValue
        // The tech-field form keeps the plain ids; the other two lists prefix theirs to stay unique.
        func domID(_ name: String) -> String { kind == .fields ? name : "\(prefix)-\(name)" }
        return .section(.class("card"), .id("taxonomy-\(kind.rawValue)"),
            .h2(.text(context.t(kind.title))),
            .div(.class("table-wrap"), .table(
                .class("data"),
                .thead(.tr(.th(.text(context.t("코드", "Code"))),
                           .th(.text(context.t("한국어 · 영어 · 다른 표기", "Korean · English · other spellings")
                                     + (kind.parentLabel.map { " · " + context.t($0) } ?? "") + context.t(" · 사용", " · in use"))))),
                .tbody(.forEach(items(kind)) { item in
                    .tr(.td(.code(.text(item.code))),
                        .td(.form(.class("inline-form"), .action(SiteURL.taxonomyEntry(kind, item.id).path), .method(.post),
                                  FormKit.csrf(context),
                                  .label(.for("\(prefix)-ko-\(item.code)"), .class("sr-only"), .text(context.t("한국어 이름", "Korean name"))),
                                  .input(.type(.text), .id("\(prefix)-ko-\(item.code)"), .name("nameKo"), .value(item.name.ko)),
                                  .label(.for("\(prefix)-en-\(item.code)"), .class("sr-only"), .text(context.t("영어 이름", "English name"))),
                                  .input(.type(.text), .id("\(prefix)-en-\(item.code)"), .name("nameEn"), .value(item.name.en)),
                                  .label(.for("\(prefix)-al-\(item.code)"), .class("sr-only"), .text(context.t("다른 표기", "Other spellings"))),
                                  .input(.type(.text), .id("\(prefix)-al-\(item.code)"), .name("aliases"), .value(item.aliases.joined(separator: ", "))),
                                  .unwrap(kind.parentLabel) { label in
                                      .group(.label(.for("\(prefix)-pa-\(item.code)"), .class("sr-only"), .text(context.t(label))),
                                             .input(.type(.text), .id("\(prefix)-pa-\(item.code)"), .name("parent"), .value(item.parentCode ?? "")))
                                  },
                                  .label(.class("checkbox"), .input(.type(.checkbox), .name("active"), .value("1"), .checked(item.active)), .text(" " + context.t("사용", "In use"))),
                                  .button(.type(.submit), .text(context.t("저장", "Save"))))))
                })
            )),
            .h3(.text(context.t("\(kind.title.ko) 추가", "Add to \(kind.title.en.lowercased())"))),
            .form(.action(SiteURL.taxonomyEntry(kind, nil).path), .method(.post),
                  FormKit.csrf(context),
                  FormKit.text("code", label: context.t("코드 (영문)", "Code"), value: f.code ?? "", errors: e, context: context, required: true, id: domID("code")),
                  FormKit.text("nameKo", label: context.t("한국어 이름", "Korean name"), value: f.nameKo ?? "", errors: e, context: context, required: true, id: domID("nameKo")),
                  FormKit.text("nameEn", label: context.t("영어 이름", "English name"), value: f.nameEn ?? "", errors: e, context: context, required: true, id: domID("nameEn")),
                  FormKit.text("aliases", label: context.t("다른 표기 (쉼표로 구분)", "Other spellings (comma-separated)"), value: f.aliases ?? "", errors: e, context: context, id: domID("aliases")),
                  .unwrap(kind.parentLabel) { label in
                      FormKit.text("parent", label: context.t(label), value: f.parent ?? "", errors: e, context: context, id: domID("parent"))
                  },
                  FormKit.submit(context.t("추가", "Add"))))
    }
}
