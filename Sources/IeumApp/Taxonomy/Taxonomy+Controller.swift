import Fluent
import Foundation
import IeumCore
import Plot
import Vapor

/// Operators keep the tech-field list: rename, add, deactivate. Regions and clusters are listed.
struct TaxonomyController {
    func register(_ app: Application) {
        app.get("admin", "taxonomy", use: page)
        app.post("admin", "taxonomy", "fields", use: createField)
        app.post("admin", "taxonomy", "fields", ":fieldID", use: updateField)
    }

    struct FieldForm: Content {
        var code: String?
        var nameKo: String?
        var nameEn: String?
        var aliases: String?
        var active: String?
    }

    func requireOperator(_ req: Request) throws -> Actor {
        let actor = try req.requireActor()
        guard RegistryPolicy.can(actor, .editTaxonomy) else { throw IeumError.forbidden }
        return actor
    }

    func page(req: Request) async throws -> Response {
        _ = try requireOperator(req)
        return TaxonomyPage(taxonomy: try await TaxonomySnapshot.load(on: req.db), errors: FieldErrors(), form: FieldForm()).response(req)
    }

    func validate(_ form: FieldForm, existingCode: String?, on db: any Database) async throws -> FieldErrors {
        var errors = FieldErrors()
        let code = (form.code ?? existingCode ?? "").trimmingCharacters(in: .whitespaces)
        if existingCode == nil {
            if code.isEmpty || !code.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }) {
                errors.add("code", Localized("코드는 영문 소문자, 숫자, '-'로 입력하세요.", "The code is lower-case letters, digits and '-'."))
            } else if try await TechField.query(on: db).filter(\.$code == code.lowercased()).count() > 0 {
                errors.add("code", Localized("이미 있는 코드입니다.", "This code already exists."))
            }
        }
        if (form.nameKo ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add("nameKo", Localized("한국어 이름을 입력하세요.", "Enter the Korean name."))
        }
        if (form.nameEn ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add("nameEn", Localized("영어 이름을 입력하세요.", "Enter the English name."))
        }
        return errors
    }

    static func aliases(_ raw: String?) -> [String] {
        (raw ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func createField(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        let form = try req.content.decode(FieldForm.self)
        let errors = try await validate(form, existingCode: nil, on: req.db)
        guard errors.isEmpty else {
            return TaxonomyPage(taxonomy: try await TaxonomySnapshot.load(on: req.db), errors: errors, form: form).response(req, status: .unprocessableEntity)
        }
        let count = try await TechField.query(on: req.db).count()
        let field = TechField(code: (form.code ?? "").trimmingCharacters(in: .whitespaces).lowercased(),
                              nameKo: (form.nameKo ?? "").trimmingCharacters(in: .whitespaces),
                              nameEn: (form.nameEn ?? "").trimmingCharacters(in: .whitespaces),
                              sortOrder: (count + 1) * 10, aliases: Self.aliases(form.aliases))
        try await req.db.transaction { db in
            try await field.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "taxonomy.field.create", entityType: "tech_field", entityID: field.code, summary: "기술분야 추가: \(field.nameKo)", at: req.now)
        }
        req.flash(Localized("기술분야를 추가했습니다.", "The tech field was added."))
        return req.redirect(to: SiteURL.taxonomy.path)
    }

    func updateField(req: Request) async throws -> Response {
        let actor = try requireOperator(req)
        guard let id = req.parameters.get("fieldID", as: UUID.self), let field = try await TechField.find(id, on: req.db) else { throw IeumError.notFound }
        let form = try req.content.decode(FieldForm.self)
        let errors = try await validate(form, existingCode: field.code, on: req.db)
        guard errors.isEmpty else {
            return TaxonomyPage(taxonomy: try await TaxonomySnapshot.load(on: req.db), errors: errors, form: form).response(req, status: .unprocessableEntity)
        }
        let before = "\(field.nameKo) / \(field.nameEn) / \(field.active)"
        field.nameKo = (form.nameKo ?? "").trimmingCharacters(in: .whitespaces)
        field.nameEn = (form.nameEn ?? "").trimmingCharacters(in: .whitespaces)
        field.aliases = Self.aliases(form.aliases)
        field.active = form.active != nil
        try await req.db.transaction { db in
            try await field.save(on: db)
            try await Audit.record(on: db, actor: actor, action: "taxonomy.field.update", entityType: "tech_field", entityID: field.code,
                                   summary: "기술분야 수정: \(field.nameKo)", changes: ["\(before) → \(field.nameKo) / \(field.nameEn) / \(field.active)"], at: req.now)
        }
        req.flash(Localized("기술분야를 저장했습니다.", "The tech field was saved."))
        return req.redirect(to: SiteURL.taxonomy.path)
    }
}

struct TaxonomyPage: Page {
    let taxonomy: TaxonomySnapshot
    let errors: FieldErrors
    let form: TaxonomyController.FieldForm

    func title(_ context: PageContext) -> String { context.t("분류 관리", "Taxonomy") }

    func content(_ context: PageContext) -> Node<HTML.BodyContext> {
        .div(
            .h1(.text(title(context))),
            .section(.class("card"),
                .h2(.text(context.t("기술분야", "Tech fields"))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text(context.t("코드", "Code"))), .th(.text(context.t("한국어 · 영어 · 다른 표기 · 사용", "Korean · English · other spellings · in use"))))),
                    .tbody(.forEach(taxonomy.fields) { field in
                        .tr(.td(.code(.text(field.code))),
                            .td(.form(.class("inline-form"), .action(SiteURL.taxonomyField(field.id).path), .method(.post),
                                      FormKit.csrf(context),
                                      .label(.for("ko-\(field.code)"), .class("sr-only"), .text(context.t("한국어 이름", "Korean name"))),
                                      .input(.type(.text), .id("ko-\(field.code)"), .name("nameKo"), .value(field.name.ko)),
                                      .label(.for("en-\(field.code)"), .class("sr-only"), .text(context.t("영어 이름", "English name"))),
                                      .input(.type(.text), .id("en-\(field.code)"), .name("nameEn"), .value(field.name.en)),
                                      .label(.for("al-\(field.code)"), .class("sr-only"), .text(context.t("다른 표기", "Other spellings"))),
                                      .input(.type(.text), .id("al-\(field.code)"), .name("aliases"), .value(field.aliases.joined(separator: ", "))),
                                      .label(.class("checkbox"), .input(.type(.checkbox), .name("active"), .value("1"), .checked(field.active)), .text(" " + context.t("사용", "In use"))),
                                      .button(.type(.submit), .text(context.t("저장", "Save"))))))
                    })
                )),
                .h3(.text(context.t("기술분야 추가", "Add a tech field"))),
                .form(.action(SiteURL.taxonomyField(nil).path), .method(.post),
                      FormKit.csrf(context),
                      FormKit.text("code", label: context.t("코드 (영문)", "Code"), value: form.code ?? "", errors: errors, context: context, required: true),
                      FormKit.text("nameKo", label: context.t("한국어 이름", "Korean name"), value: form.nameKo ?? "", errors: errors, context: context, required: true),
                      FormKit.text("nameEn", label: context.t("영어 이름", "English name"), value: form.nameEn ?? "", errors: errors, context: context, required: true),
                      FormKit.text("aliases", label: context.t("다른 표기 (쉼표로 구분)", "Other spellings (comma-separated)"), value: form.aliases ?? "", errors: errors, context: context),
                      FormKit.submit(context.t("추가", "Add")))),
            .section(.class("card"),
                .h2(.text(context.t("지역", "Regions"))),
                .p(.text(taxonomy.regions.map { context.t($0.name) }.joined(separator: " · ")))),
            .section(.class("card"),
                .h2(.text(context.t("클러스터", "Clusters"))),
                .ul(.forEach(taxonomy.clusters) { cluster in
                    .li(.text(context.t(cluster.name) + (cluster.parentCode.flatMap { taxonomy.region(code: $0) }.map { " (" + context.t($0.name) + ")" } ?? "")))
                }))
        )
    }
}
