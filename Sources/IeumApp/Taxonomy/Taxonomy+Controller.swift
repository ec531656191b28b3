import Fluent
import Foundation
import IeumCore
import Vapor

/// Operators keep the tech fields, regions and clusters: rename, add aliases, add, deactivate.
/// Entries are never deleted, so organisations that use a retired entry keep their history.
struct TaxonomyController {
    func register(_ app: Application) {
        app.on(.taxonomy(.page), use: page)
        for kind in TaxonomyKind.allCases {
            app.on(.taxonomy(.create(kind))) { req in try await create(req, kind) }
            app.on(.taxonomy(.update(kind))) { req in try await update(req, kind) }
        }
    }

    struct EntryForm: Content {
        var code: String?
        var nameKo: String?
        var nameEn: String?
        var aliases: String?
        var parent: String?
        var active: String?
    }

    func requireOperator(_ req: Request) throws -> Principal {
        let actor = try req.requireActor()
        guard TaxonomyPolicy.can(actor, .edit) else { throw IeumError.forbidden }
        return actor
    }

    func page(req: Request) async throws -> Response {
        // Every operator reads the taxonomy; only platform operators change it (the forms answer 403).
        guard TaxonomyPolicy.can(try req.requireActor(), .view) else { throw IeumError.forbidden }
        return TaxonomyPage(taxonomy: try await TaxonomySnapshot.load(on: req.db), failed: nil, errors: FieldErrors(), form: EntryForm()).response(req)
    }

    func create(_ req: Request, _ kind: TaxonomyKind) async throws -> Response {
        switch kind {
        case .fields: try await create(req, kind, TechField.self)
        case .regions: try await create(req, kind, Region.self)
        case .clusters: try await create(req, kind, Cluster.self)
        }
    }

    func update(_ req: Request, _ kind: TaxonomyKind) async throws -> Response {
        switch kind {
        case .fields: try await update(req, kind, TechField.self)
        case .regions: try await update(req, kind, Region.self)
        case .clusters: try await update(req, kind, Cluster.self)
        }
    }

    static func trimmed(_ s: String?) -> String { (s ?? "").trimmingCharacters(in: .whitespaces) }

    static func aliases(_ raw: String?) -> [String] {
        (raw ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate<Entry: TaxonomyEntry>(_ form: EntryForm, kind: TaxonomyKind, _ type: Entry.Type, isNew: Bool, on db: any Database) async throws -> FieldErrors {
        var errors = FieldErrors()
        if isNew {
            let code = Self.trimmed(form.code).lowercased()
            if code.isEmpty || !code.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }) {
                errors.add("code", Localized("코드는 영문 소문자, 숫자, '-'로 입력하세요.", "The code is lower-case letters, digits and '-'."))
            } else if try await Entry.query(on: db).all().contains(where: { $0.code == code }) {
                errors.add("code", Localized("이미 있는 코드입니다.", "This code already exists."))
            }
        }
        if Self.trimmed(form.nameKo).isEmpty { errors.add("nameKo", Localized("한국어 이름을 입력하세요.", "Enter the Korean name.")) }
        if Self.trimmed(form.nameEn).isEmpty { errors.add("nameEn", Localized("영어 이름을 입력하세요.", "Enter the English name.")) }
        let parent = Self.trimmed(form.parent)
        switch kind {
        case .fields: break
        case .regions:
            if !["seoul", "city"].contains(parent) {
                errors.add("parent", Localized("구분은 seoul(서울 자치구) 또는 city(다른 도시)입니다.", "The group is seoul (a Seoul district) or city (another city)."))
            }
        case .clusters:
            if !parent.isEmpty, try await Region.query(on: db).filter(\.$code == parent).count() == 0 {
                errors.add("parent", Localized("없는 지역 코드입니다: \(parent)", "No region has the code \(parent)."))
            }
        }
        return errors
    }

    func rerender(_ req: Request, kind: TaxonomyKind, errors: FieldErrors, form: EntryForm) async throws -> Response {
        TaxonomyPage(taxonomy: try await TaxonomySnapshot.load(on: req.db), failed: kind, errors: errors, form: form)
            .response(req, status: .unprocessableEntity)
    }

    func create<Entry: TaxonomyEntry>(_ req: Request, _ kind: TaxonomyKind, _ type: Entry.Type) async throws -> Response {
        let actor = try requireOperator(req)
        let form = try req.content.decode(EntryForm.self)
        let errors = try await validate(form, kind: kind, type, isNew: true, on: req.db)
        guard errors.isEmpty else { return try await rerender(req, kind: kind, errors: errors, form: form) }
        let count = try await Entry.query(on: req.db).count()
        let entry = Entry()
        entry.code = Self.trimmed(form.code).lowercased()
        entry.nameKo = Self.trimmed(form.nameKo)
        entry.nameEn = Self.trimmed(form.nameEn)
        entry.aliases = Self.aliases(form.aliases)
        entry.active = true
        entry.sortOrder = (count + 1) * 10
        entry.parent = Self.trimmed(form.parent).isEmpty ? nil : Self.trimmed(form.parent)
        try await req.db.transaction { db in
            try await entry.create(on: db)
            try await MatchingFeed.record(.taxonomy, [try entry.requireID()], on: db)
            try await Audit.record(on: db, actor: actor, action: "taxonomy.\(kind.auditName).create", entityType: kind.auditName, entityID: entry.code,
                                   summary: "\(kind.title.ko) 추가: \(entry.nameKo)", at: req.now)
        }
        req.flash(Localized("\(kind.title.ko) 항목을 추가했습니다.", "The entry was added to \(kind.title.en.lowercased())."))
        return req.redirect(to: SiteURL.taxonomy.path)
    }

    func update<Entry: TaxonomyEntry>(_ req: Request, _ kind: TaxonomyKind, _ type: Entry.Type) async throws -> Response {
        let actor = try requireOperator(req)
        guard let id = req.parameters.get("entryID", as: UUID.self), let entry = try await Entry.find(id, on: req.db) else { throw IeumError.notFound }
        var form = try req.content.decode(EntryForm.self)
        if kind == .fields { form.parent = nil } else if form.parent == nil { form.parent = entry.parent }
        let errors = try await validate(form, kind: kind, type, isNew: false, on: req.db)
        guard errors.isEmpty else { return try await rerender(req, kind: kind, errors: errors, form: form) }
        let before = "\(entry.nameKo) / \(entry.nameEn) / \(entry.aliases.joined(separator: ",")) / \(entry.parent ?? "-") / \(entry.active)"
        entry.nameKo = Self.trimmed(form.nameKo)
        entry.nameEn = Self.trimmed(form.nameEn)
        entry.aliases = Self.aliases(form.aliases)
        if kind != .fields { entry.parent = Self.trimmed(form.parent).isEmpty ? nil : Self.trimmed(form.parent) }
        entry.active = form.active != nil
        let after = "\(entry.nameKo) / \(entry.nameEn) / \(entry.aliases.joined(separator: ",")) / \(entry.parent ?? "-") / \(entry.active)"
        try await req.db.transaction { db in
            try await entry.save(on: db)
            try await MatchingFeed.record(.taxonomy, [try entry.requireID()], on: db)
            // Organisations are found by their fields' names, so a renamed field renames their search text.
            if kind == .fields, let fieldID = entry.id {
                try await RegistryService.refreshSearchText(usingField: fieldID, on: db)
            }
            try await Audit.record(on: db, actor: actor, action: "taxonomy.\(kind.auditName).update", entityType: kind.auditName, entityID: entry.code,
                                   summary: "\(kind.title.ko) 수정: \(entry.nameKo)", changes: ["\(before) → \(after)"], at: req.now)
        }
        req.flash(Localized("\(kind.title.ko) 항목을 저장했습니다.", "The entry was saved."))
        return req.redirect(to: SiteURL.taxonomy.path)
    }
}
