import Fluent
import Foundation
import IeumAPI
import IeumCore

/// Between the registry's models and the API's generated types.
enum APIMapping {
    typealias Schemas = Components.Schemas

    static func organization(_ org: Organization, fieldCodes: [String], showContact: Bool) throws -> Schemas.Organization {
        let contact: Schemas.Contact? = showContact && (org.contactName != nil || org.contactEmail != nil || org.contactPhone != nil)
            ? .init(name: org.contactName, email: org.contactEmail, phone: org.contactPhone) : nil
        return Schemas.Organization(
            id: try org.requireID().uuidString,
            externalId: org.externalID,
            kind: Schemas.OrganizationKind(rawValue: org.kind.rawValue)!,
            demandSize: org.demandSize.flatMap { Schemas.DemandSize(rawValue: $0.rawValue) },
            investorType: org.investorType.flatMap { Schemas.InvestorType(rawValue: $0.rawValue) },
            name: org.name,
            nameEn: org.nameEn,
            businessNumber: org.businessNumber.flatMap { BusinessNumber($0)?.formatted },
            status: Schemas.ApprovalStatus(rawValue: org.status.rawValue)!,
            stage: org.stage.flatMap { Schemas.Stage(rawValue: $0.rawValue) },
            fields: fieldCodes,
            region: org.regionCode,
            cluster: org.clusterCode,
            foundedYear: org.foundedYear,
            employees: org.employees,
            investmentKrw: org.investmentKRW,
            revenueKrw: org.revenueKRW,
            certifications: org.certifications,
            summary: org.summary,
            summaryEn: org.summaryEn,
            description: org.description,
            descriptionEn: org.descriptionEn,
            keywords: org.keywords,
            website: org.website,
            contact: contact,
            openToPartners: org.openToPartners,
            createdAt: org.createdAt,
            updatedAt: org.updatedAt
        )
    }

    /// Copies the present properties of a create body onto form input.
    static func apply(_ body: Schemas.OrganizationInput, to input: inout OrganizationInput) {
        let patch = Schemas.OrganizationPatch(
            kind: body.kind, demandSize: body.demandSize, investorType: body.investorType, name: body.name, nameEn: body.nameEn,
            businessNumber: body.businessNumber, externalId: body.externalId, stage: body.stage, fields: body.fields,
            region: body.region, cluster: body.cluster, foundedYear: body.foundedYear, employees: body.employees,
            investmentKrw: body.investmentKrw, revenueKrw: body.revenueKrw, certifications: body.certifications,
            summary: body.summary, summaryEn: body.summaryEn, description: body.description, descriptionEn: body.descriptionEn,
            keywords: body.keywords, website: body.website, contact: body.contact, openToPartners: body.openToPartners
        )
        apply(patch, to: &input)
    }

    /// Copies the present properties of a patch onto form input; absent ones keep their value.
    static func apply(_ patch: Schemas.OrganizationPatch, to input: inout OrganizationInput) {
        if let v = patch.kind { input.kind = v.rawValue }
        if let v = patch.demandSize { input.demandSize = v.rawValue }
        if let v = patch.investorType { input.investorType = v.rawValue }
        if let v = patch.name { input.name = v }
        if let v = patch.nameEn { input.nameEn = v }
        if let v = patch.businessNumber { input.businessNumber = v }
        if let v = patch.externalId { input.externalID = v }
        if let v = patch.stage { input.stage = v.rawValue }
        if let v = patch.fields { input.fields = v }
        if let v = patch.region { input.region = v }
        if let v = patch.cluster { input.cluster = v }
        if let v = patch.foundedYear { input.foundedYear = String(v) }
        if let v = patch.employees { input.employees = String(v) }
        if let v = patch.investmentKrw { input.investment = String(v) }
        if let v = patch.revenueKrw { input.revenue = String(v) }
        if let v = patch.certifications { input.certifications = v }
        if let v = patch.summary { input.summary = v }
        if let v = patch.summaryEn { input.summaryEn = v }
        if let v = patch.description { input.description = v }
        if let v = patch.descriptionEn { input.descriptionEn = v }
        if let v = patch.keywords { input.keywords = v.joined(separator: ", ") }
        if let v = patch.website { input.website = v }
        if let contact = patch.contact {
            if let v = contact.name { input.contactName = v }
            if let v = contact.email { input.contactEmail = v }
            if let v = contact.phone { input.contactPhone = v }
        }
        if let v = patch.openToPartners { input.openToPartners = v }
    }

    static func people(_ users: [User], on db: any Database) async throws -> [Schemas.Person] {
        let ids = try users.map { try $0.requireID() }
        let memberships = ids.isEmpty ? [] : try await Membership.query(on: db).filter(\.$user.$id ~~ ids).with(\.$organization).all()
        let byUser = Dictionary(grouping: memberships, by: { $0.$user.id })
        return try users.map { user in
            let id = try user.requireID()
            return Schemas.Person(
                id: id.uuidString, email: user.email, name: user.name,
                platformRole: Schemas.Person.PlatformRolePayload(rawValue: user.platformRole.rawValue)!,
                memberships: (byUser[id] ?? []).map {
                    Schemas.Membership(organizationId: $0.$organization.id.uuidString, organizationName: $0.organization.name,
                                       role: Schemas.Membership.RolePayload(rawValue: $0.role.rawValue)!)
                }
            )
        }
    }
}
