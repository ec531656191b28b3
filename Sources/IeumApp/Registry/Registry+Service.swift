import Fluent
import Foundation
import IeumCore

/// Errors of the registry capability, turned into a page or problem JSON at the edge.
/// Creating, changing and approving organisations. Each change is one transaction with its audit entry.
public enum RegistryService {
    /// Fields of an organisation as the audit log shows them.
    static func snapshot(_ org: Organization, fieldCodes: [String]) -> [String: String] {
        [
            "kind": org.kind.rawValue, "demandSize": org.demandSize?.rawValue ?? "", "investorType": org.investorType?.rawValue ?? "",
            "name": org.name, "nameEn": org.nameEn ?? "", "businessNumber": org.businessNumber ?? "",
            "stage": org.stage?.rawValue ?? "", "fields": fieldCodes.joined(separator: ","),
            "region": org.regionCode ?? "", "cluster": org.clusterCode ?? "",
            "foundedYear": org.foundedYear.map(String.init) ?? "", "employees": org.employees.map(String.init) ?? "",
            "investmentKRW": org.investmentKRW.map(String.init) ?? "", "revenueKRW": org.revenueKRW.map(String.init) ?? "",
            "certifications": org.certifications.joined(separator: ","), "summary": org.summary,
            "description": org.description, "keywords": org.keywords.joined(separator: ","),
            "website": org.website ?? "", "contactName": org.contactName ?? "", "contactEmail": org.contactEmail ?? "",
            "contactPhone": org.contactPhone ?? "", "openToPartners": String(org.openToPartners),
            "externalID": org.externalID ?? "", "status": org.status.rawValue,
        ]
    }

    static func diff(_ old: [String: String], _ new: [String: String]) -> [String] {
        new.keys.sorted().compactMap { key in
            let before = old[key] ?? ""
            let after = new[key] ?? ""
            guard before != after else { return nil }
            return "\(key): \(before.prefix(80)) → \(after.prefix(80))"
        }
    }

    /// Copies validated values onto a model (new or existing).
    static func apply(_ valid: ValidOrganization, to org: Organization, taxonomy: TaxonomySnapshot) {
        org.kind = valid.kind
        org.demandSize = valid.demandSize
        org.investorType = valid.investorType
        org.name = valid.name
        org.nameEn = valid.nameEn
        org.businessNumber = valid.businessNumber?.digits
        if let external = valid.externalID { org.externalID = external }
        org.stage = valid.stage
        org.regionCode = valid.regionCode
        org.clusterCode = valid.clusterCode
        org.foundedYear = valid.foundedYear
        org.employees = valid.employees
        org.investmentKRW = valid.investmentKRW
        org.revenueKRW = valid.revenueKRW
        org.certifications = valid.certifications.map(\.rawValue)
        org.summary = valid.summary
        org.summaryEn = valid.summaryEn
        org.description = valid.description
        org.descriptionEn = valid.descriptionEn
        org.keywords = valid.keywords
        org.website = valid.website
        org.contactName = valid.contactName
        org.contactEmail = valid.contactEmail
        org.contactPhone = valid.contactPhone
        org.openToPartners = valid.openToPartners
        // Field names and their other spellings, so 스마트팩토리 finds what is filed under 스마트제조.
        let names = valid.fieldCodes.compactMap { taxonomy.field(code: $0) }.flatMap { [$0.name.ko, $0.name.en] + $0.aliases }
        org.refreshSearchText(fieldNames: names)
    }

    static func duplicateBusinessNumber(_ number: BusinessNumber?, excluding id: UUID?, on db: any Database) async throws -> Bool {
        guard let number else { return false }
        var query = Organization.query(on: db).filter(\.$businessNumber == number.digits)
        if let id { query = query.filter(\.$id != id) }
        return try await query.count() > 0
    }

    static let duplicateMessage = Localized(
        "이미 등록된 사업자등록번호입니다. 기존 기관을 수정하거나 운영기관에 문의하세요.",
        "This business registration number is already registered. Edit the existing organisation or ask the operator."
    )

    static func setFields(_ codes: [String], for orgID: UUID, taxonomy: TaxonomySnapshot, on db: any Database) async throws {
        try await OrganizationTechField.query(on: db).filter(\.$organization.$id == orgID).delete()
        // A query delete passes no model middleware: the feed hears of it here.
        try await MatchingFeed.record(.startup, [orgID], on: db)
        for (position, code) in codes.enumerated() {
            guard let field = taxonomy.field(code: code) else { continue }
            try await OrganizationTechField(organizationID: orgID, techFieldID: field.id, position: position).create(on: db)
        }
    }

    /// Registers an organisation. An operator's entry is approved at once; anyone else's waits for
    /// an operator, and its creator becomes the organisation's admin.
    public static func create(
        _ input: OrganizationInput, by actor: Principal, on db: any Database, now: Date
    ) async throws -> Organization {
        guard RegistryPolicy.can(actor, .create) else { throw IeumError.forbidden }
        // The external id links an organisation to an operator's source list: operators set it.
        var input = input
        if !actor.isOperator { input.externalID = "" }
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let valid: ValidOrganization
        switch input.validate(taxonomy: taxonomy, currentYear: currentYear(now)) {
        case .success(let v): valid = v
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
        return try await db.transaction { db in
            if try await duplicateBusinessNumber(valid.businessNumber, excluding: nil, on: db) {
                var errors = FieldErrors()
                errors.add("businessNumber", duplicateMessage)
                throw IeumError.invalid(errors)
            }
            let org = Organization()
            apply(valid, to: org, taxonomy: taxonomy)
            org.status = actor.isOperator ? .approved : .pending
            try await org.create(on: db)
            let id = try org.requireID()
            try await setFields(valid.fieldCodes, for: id, taxonomy: taxonomy, on: db)
            if !actor.isOperator {
                try await Membership(userID: actor.userID, organizationID: id, role: .admin).create(on: db)
            }
            try await Audit.record(
                on: db, actor: actor, action: "organization.create", entityType: "organization", entityID: id.uuidString,
                summary: "\(org.name) (\(org.kind.label.ko)) 등록", at: now
            )
            return org
        }
    }

    public static func update(
        _ id: UUID, with input: OrganizationInput, by actor: Principal, on db: any Database, now: Date
    ) async throws -> Organization {
        guard let org = try await Organization.find(id, on: db) else { throw IeumError.notFound }
        guard RegistryPolicy.can(actor, .edit(org.access)) else { throw IeumError.forbidden }
        var input = input
        if !actor.isOperator { input.externalID = org.externalID ?? "" }
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let valid: ValidOrganization
        switch input.validate(taxonomy: taxonomy, currentYear: currentYear(now)) {
        case .success(let v): valid = v
        case .failure(let failure): throw IeumError.invalid(failure.errors)
        }
        return try await db.transaction { db in
            if try await duplicateBusinessNumber(valid.businessNumber, excluding: id, on: db) {
                var errors = FieldErrors()
                errors.add("businessNumber", duplicateMessage)
                throw IeumError.invalid(errors)
            }
            let oldCodes = try await fieldCodes(of: id, on: db)
            let before = snapshot(org, fieldCodes: oldCodes)
            // Only operators change what kind of organisation this is, and only a platform operator
            // makes an agency something else or something else an agency: an agency's operators are
            // scoped by its kind, so that change would unscope them (issue 14, 3(b)).
            var valid = valid
            if !actor.isOperator { valid.kind = org.kind }
            if valid.kind != org.kind, valid.kind == .agency || org.kind == .agency, !actor.isPlatformOperator {
                var errors = FieldErrors()
                errors.add("kind", Localized("운영·지원기관의 유형은 플랫폼 운영자만 바꿀 수 있습니다.",
                                             "Only a platform operator turns an agency into another kind, or another kind into an agency."))
                throw IeumError.invalid(errors)
            }
            // A new name or business number is a new identity: an approved organisation goes back
            // to the operators for approval (and gives its kind's rights again only once approved).
            let identityChanged = org.name != valid.name || org.businessNumber != valid.businessNumber?.digits
            apply(valid, to: org, taxonomy: taxonomy)
            if !actor.isOperator && identityChanged && org.status == .approved {
                org.status = .pending
                org.statusReason = nil
            }
            try await org.update(on: db)
            try await setFields(valid.fieldCodes, for: id, taxonomy: taxonomy, on: db)
            let changes = diff(before, snapshot(org, fieldCodes: valid.fieldCodes))
            try await Audit.record(
                on: db, actor: actor, action: "organization.update", entityType: "organization", entityID: id.uuidString,
                summary: "\(org.name) 수정", changes: changes, at: now
            )
            return org
        }
    }

    public static func setStatus(
        _ id: UUID, to status: ApprovalStatus, reason: String?, by actor: Principal, on db: any Database, now: Date
    ) async throws -> Organization {
        guard RegistryPolicy.can(actor, .approve) else { throw IeumError.forbidden }
        guard let org = try await Organization.find(id, on: db) else { throw IeumError.notFound }
        let trimmedReason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if status == .rejected, (trimmedReason ?? "").isEmpty {
            var errors = FieldErrors()
            errors.add("reason", Localized("반려 사유를 입력하세요.", "Enter the reason for rejecting."))
            throw IeumError.invalid(errors)
        }
        return try await db.transaction { db in
            let old = org.status
            org.status = status
            org.statusReason = trimmedReason.flatMap { $0.isEmpty ? nil : $0 }
            try await org.update(on: db)
            try await Audit.record(
                on: db, actor: actor, action: "organization.\(status.rawValue)", entityType: "organization",
                entityID: id.uuidString, summary: "\(org.name): \(old.label.ko) → \(status.label.ko)",
                changes: ["status: \(old.rawValue) → \(status.rawValue)"] + (trimmedReason.map { ["reason: \($0)"] } ?? []),
                at: now
            )
            return org
        }
    }

    /// Recomputes the search text of every organisation in a tech field (after the field is renamed).
    static func refreshSearchText(usingField fieldID: UUID, on db: any Database) async throws {
        let orgIDs = try await OrganizationTechField.query(on: db).filter(\.$techField.$id == fieldID).all().map { $0.$organization.id }
        for chunk in orgIDs.chunked(500) {
            let ids = Array(chunk)
            let links = try await OrganizationTechField.query(on: db).filter(\.$organization.$id ~~ ids).with(\.$techField).sort(\.$position).all()
            let names = Dictionary(grouping: links, by: { $0.$organization.id })
                .mapValues { $0.flatMap { [$0.techField.nameKo, $0.techField.nameEn] + $0.techField.aliases } }
            for org in try await Organization.query(on: db).filter(\.$id ~~ ids).all() {
                org.refreshSearchText(fieldNames: names[org.storedID] ?? [])
                try await org.update(on: db)
            }
        }
    }

    public static func fieldCodes(of id: UUID, on db: any Database) async throws -> [String] {
        try await OrganizationTechField.query(on: db)
            .filter(\.$organization.$id == id)
            .with(\.$techField)
            .sort(\.$position)
            .all()
            .map { $0.techField.code }
    }

    static func currentYear(_ now: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SeoulTime.zone
        return calendar.component(.year, from: now)
    }
}
