import Fluent
import Foundation
import IeumCore

/// An expert as typed into the operator's form.
public struct ExpertInput: Sendable, Equatable {
    public var name = ""
    public var email = ""
    public var sector = ExpertSector.industry.rawValue
    public var affiliation = ""
    public var position = ""
    public var fields: [String] = []
    public var expertise = ""
    public var available = true
    public var availabilityNote = ""
    public var consentContact = false
    /// The e-mail of the account the expert scores with (optional).
    public var accountEmail = ""

    public init() {}

    init(_ expert: Expert, accountEmail: String?) {
        name = expert.name
        email = expert.email
        sector = expert.sector.rawValue
        affiliation = expert.affiliation
        position = expert.position
        fields = expert.fields
        expertise = expert.expertise
        available = expert.available
        availabilityNote = expert.availabilityNote
        consentContact = expert.consentContact
        self.accountEmail = accountEmail ?? ""
    }
}

/// A tie of an expert to an organisation, as typed.
public struct AffiliationInput: Sendable, Equatable {
    public var organizationID = ""
    public var organizationName = ""
    public var kind = ExpertTieKind.employment.rawValue
    public var current = false
    public var fromYear = ""
    public var toYear = ""

    public init() {}
}

/// The expert pool: operators keep it; judges are chosen from it; search works in Korean.
public enum ExpertService {
    public static func find(_ id: UUID?, on db: any Database) async throws -> Expert {
        guard let id, let expert = try await Expert.find(id, on: db) else { throw IeumError.notFound }
        return expert
    }

    /// One page of the experts matching `query` (Korean or English words over name, affiliation,
    /// position, expertise and field names; particles and spacing do not matter), available ones
    /// first, then by name. The match runs in memory over the searched columns only; the page's
    /// experts are then loaded whole, so memory grows with the pool's text, not its records.
    static func search(_ query: String, field: String? = nil, page: Int, perPage: Int, on db: any Database) async throws -> (experts: [Expert], paging: Paging) {
        let trimmed = query.trimmed
        let field = field?.trimmed ?? ""
        guard !trimmed.isEmpty || !field.isEmpty else {
            let paging = Paging(page: page, perPage: perPage, total: try await Expert.query(on: db).count())
            return (try await paging.slice(Expert.query(on: db).sort(\.$available, .descending).sort(\.$name).sort(\.$id)), paging)
        }
        let candidates = try await Expert.query(on: db).field(\.$id).field(\.$name).field(\.$affiliation).field(\.$position)
            .field(\.$expertise).field(\.$fields).field(\.$available).all()
        let taxonomy = try await TechField.query(on: db).all()
        let names = Dictionary(uniqueKeysWithValues: taxonomy.map { ($0.code, "\($0.nameKo) \($0.nameEn)") })
        let matched = candidates.filter { expert in
            if !field.isEmpty, !expert.fields.contains(field) { return false }
            guard !trimmed.isEmpty else { return true }
            let document = KoreanSearch.document([expert.name, expert.affiliation, expert.position, expert.expertise,
                                                  expert.fields.compactMap { names[$0] }.joined(separator: " ")])
            return KoreanSearch.matches(document: document, query: trimmed)
        }.sorted { ($0.available ? 0 : 1, $0.name, $0.storedID.uuidString) < ($1.available ? 0 : 1, $1.name, $1.storedID.uuidString) }
        let paging = Paging(page: page, perPage: perPage, total: matched.count)
        let ids = paging.slice(matched).map(\.storedID)
        let rows = ids.isEmpty ? [] : try await Expert.query(on: db).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.storedID, $0) })
        return (ids.compactMap { byID[$0] }, paging)
    }

    static func validate(_ input: ExpertInput, existing: UUID?, on db: any Database) async throws -> (ExpertSector, [String], UUID?) {
        var errors = FieldErrors()
        let name = input.name.trimmed
        if name.isEmpty { errors.add("name", Localized("이름을 입력하세요.", "Enter the name.")) }
        else if name.count > 100 { errors.add("name", Localized("이름은 100자 이내로 입력하세요.", "The name must be at most 100 characters.")) }
        let email = input.email.trimmed.lowercased()
        if !OrganizationInput.looksLikeEmail(email) {
            errors.add("email", Localized("올바른 이메일 주소를 입력하세요 (예: expert@example.kr).", "Enter a valid e-mail address (e.g. expert@example.kr)."))
        } else if let other = try await Expert.query(on: db).filter(\.$email == email).first(), other.id != existing {
            errors.add("email", Localized("이미 등록된 전문가의 이메일입니다.", "An expert with this e-mail is already in the pool."))
        }
        let sector = ExpertSector(rawValue: input.sector)
        if sector == nil { errors.add("sector", Localized("분야(산업계·학계·연구계·공공)를 고르세요.", "Choose the sector.")) }
        if input.affiliation.trimmed.isEmpty { errors.add("affiliation", Localized("현재 소속을 입력하세요.", "Enter the current affiliation.")) }
        else if input.affiliation.trimmed.count > 200 { errors.add("affiliation", Localized("소속은 200자 이내로 입력하세요.", "At most 200 characters.")) }
        if input.position.trimmed.count > 100 { errors.add("position", Localized("직위는 100자 이내로 입력하세요.", "At most 100 characters.")) }
        let known = Set(try await TechField.query(on: db).all().map(\.code))
        let fields = Array(Set(input.fields.map(\.trimmed).filter { !$0.isEmpty })).sorted()
        if fields.isEmpty { errors.add("fields", Localized("전문 기술분야를 하나 이상 고르세요.", "Choose at least one tech field.")) }
        else if fields.contains(where: { !known.contains($0) }) { errors.add("fields", Localized("기술분야는 목록에서 고르세요.", "Choose tech fields from the list.")) }
        if input.expertise.count > 2_000 { errors.add("expertise", Localized("전문 분야 설명은 2,000자 이내로 입력하세요.", "At most 2,000 characters.")) }
        if input.availabilityNote.count > 200 { errors.add("availabilityNote", Localized("200자 이내로 입력하세요.", "At most 200 characters.")) }
        var userID: UUID?
        let account = input.accountEmail.trimmed.lowercased()
        if !account.isEmpty {
            if let user = try await User.query(on: db).filter(\.$email == account).first() {
                userID = user.id
                if let other = try await Expert.query(on: db).filter(\.$user.$id == user.requireID()).first(), other.id != existing {
                    errors.add("accountEmail", Localized("이 계정은 이미 다른 전문가와 연결되어 있습니다.", "This account is linked to another expert."))
                }
            } else {
                errors.add("accountEmail", Localized("이 이메일의 계정이 없습니다. 먼저 계정을 만드세요.", "No account has this e-mail; create the account first."))
            }
        }
        guard errors.isEmpty, let sector else { throw IeumError.invalid(errors) }
        return (sector, fields, userID)
    }

    public static func save(_ input: ExpertInput, id: UUID?, by actor: Principal, on db: any Database, now: Date) async throws -> Expert {
        try ExpertPolicy.require(actor, id == nil ? .create : .edit)
        let expert = id == nil ? Expert() : try await find(id, on: db)
        let (sector, fields, userID) = try await validate(input, existing: id, on: db)
        expert.name = input.name.trimmed
        expert.email = input.email.trimmed.lowercased()
        expert.sector = sector
        expert.affiliation = input.affiliation.trimmed
        expert.position = input.position.trimmed
        expert.fields = fields
        expert.expertise = input.expertise.trimmed
        expert.available = input.available
        expert.availabilityNote = input.availabilityNote.trimmed
        expert.consentContact = input.consentContact
        expert.$user.id = userID
        try await db.transaction { db in
            try await expert.save(on: db)
            try await Audit.record(on: db, actor: actor, action: id == nil ? "expert.create" : "expert.update", entityType: "expert",
                                   entityID: expert.id?.uuidString, summary: "전문가 \(id == nil ? "등록" : "수정"): \(expert.name) (\(expert.affiliation))", at: now)
        }
        return expert
    }

    public static func addAffiliation(_ input: AffiliationInput, to expert: Expert, by actor: Principal, on db: any Database, now: Date) async throws -> ExpertAffiliation {
        try ExpertPolicy.require(actor, .edit)
        var errors = FieldErrors()
        var organization: Organization?
        if let id = UUID(uuidString: input.organizationID.trimmed) {
            organization = try await Organization.find(id, on: db)
            if organization == nil { errors.add("organizationID", Localized("기관을 목록에서 고르세요.", "Choose the organisation from the list.")) }
        }
        let name = input.organizationName.trimmed.isEmpty ? (organization?.name ?? "") : input.organizationName.trimmed
        if name.isEmpty { errors.add("organizationName", Localized("기관 이름을 입력하거나 목록에서 고르세요.", "Enter the organisation's name or choose it.")) }
        let kind = ExpertTieKind(rawValue: input.kind)
        if kind == nil { errors.add("kind", Localized("관계를 고르세요.", "Choose the kind of tie.")) }
        func year(_ text: String, _ field: String) -> Int? {
            guard !text.trimmed.isEmpty else { return nil }
            guard let y = Bounded.int(text, in: 1950...2100) else {
                errors.add(field, Localized("연도는 1950~2100 사이로 입력하세요.", "Enter a year between 1950 and 2100.")); return nil
            }
            return y
        }
        let from = year(input.fromYear, "fromYear"), to = year(input.toYear, "toYear")
        if let from, let to, to < from { errors.add("toYear", Localized("종료 연도는 시작 연도 이후여야 합니다.", "The end year must not be before the start.")) }
        guard errors.isEmpty, let kind else { throw IeumError.invalid(errors) }
        let tie = ExpertAffiliation()
        tie.$expert.id = try expert.requireID()
        tie.$organization.id = organization?.id
        tie.organizationName = name
        tie.kind = kind
        tie.current = input.current
        tie.fromYear = from
        tie.toYear = to
        try await db.transaction { db in
            try await tie.create(on: db)
            try await Audit.record(on: db, actor: actor, action: "expert.affiliation", entityType: "expert", entityID: expert.id?.uuidString,
                                   summary: "소속·관계 추가: \(expert.name) — \(name) (\(kind.label.ko)\(input.current ? ", 현재" : ""))", at: now)
        }
        return tie
    }
}

/// An expert suggested as an adviser, with why.
public struct AdviserSuggestion: Sendable {
    public let expert: Expert
    public let score: Int
    public let sharedFields: [String]
    public let matchedWords: [String]
}

extension ExpertService {
    /// Available experts who agreed to be contacted, ranked by shared tech fields (10 each) and
    /// words of `text` found in their expertise, position or affiliation (1 each, Korean-aware).
    public static func suggestAdvisers(fields: [String], text: String, limit: Int = 5, excluding: Set<UUID> = [], on db: any Database) async throws -> [AdviserSuggestion] {
        let wanted = Set(fields)
        let words = Array(Set(KoreanSearch.terms(text).filter { $0.count >= 2 })).sorted()
        let experts = try await Expert.query(on: db).filter(\.$available == true).filter(\.$consentContact == true).all()
        return experts.compactMap { expert -> AdviserSuggestion? in
            guard !excluding.contains(expert.storedID) else { return nil }
            let shared = expert.fields.filter { wanted.contains($0) }.sorted()
            let document = KoreanSearch.document([expert.expertise, expert.position, expert.affiliation])
            let matched = words.filter { KoreanSearch.matches(document: document, query: $0) }
            let score = 10 * shared.count + matched.count
            return score > 0 ? AdviserSuggestion(expert: expert, score: score, sharedFields: shared, matchedWords: matched) : nil
        }.sorted { ($0.score, $1.expert.name) > ($1.score, $0.expert.name) }.prefix(limit).map { $0 }
    }
}

import Plot

enum AdviserView {
    /// The "suggested advisers" card shown on need and collaboration pages to the people who run them.
    static func section(_ advisers: [AdviserSuggestion], fieldNames: [String: String], _ context: PageContext) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("advisers"),
            .h2(.text(context.t("추천 자문위원 (전문가 풀)", "Suggested advisers (expert pool)"))),
            .if(advisers.isEmpty, .p(.class("empty"), .text(context.t("맞는 전문가가 없습니다.", "No matching expert.")))),
            .ul(.forEach(advisers) { a in
                .li(.strong(.text(a.expert.name)), .text(" · \(a.expert.affiliation) \(a.expert.position) · " + context.t(a.expert.sector.label)),
                    .p(.class("meta"), .text(context.t("근거: ", "Why: ")
                        + (a.sharedFields.map { fieldNames[$0] ?? $0 } + a.matchedWords.map { "'\($0)'" }).joined(separator: ", "))))
            }))
    }
}

extension AffiliationInput: FormInput {}

extension ExpertInput: FormInput {}
