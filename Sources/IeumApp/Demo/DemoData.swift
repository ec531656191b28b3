import Fluent
import Foundation
import IeumCore
import Vapor

/// A deterministic, realistic Korean data set for `serve --demo` and the browser tests: the same
/// organisations, numbers and logins on every machine.
public enum DemoData {
    public static let password = "ieum-demo-2026"
    public static let flagshipStartup = "에이아이팩토리"

    public struct Login: Sendable {
        public let email: String
        public let role: Localized
    }

    public struct Report: Sendable {
        public let loaded: Bool
        public let organizations: Int
        public let logins: [Login]

        public func describe() -> String {
            var lines: [String] = []
            lines.append(loaded
                ? "데모 데이터를 불러왔습니다 (기관 \(organizations)곳). Demo data loaded (\(organizations) organisations)."
                : "데이터베이스가 비어 있지 않아 데모 데이터를 건너뜁니다. The database is not empty; demo data skipped.")
            lines.append("데모 로그인 / Demo logins (비밀번호 / password: \(DemoData.password)):")
            for login in logins { lines.append("  \(login.email.padding(toLength: 22, withPad: " ", startingAt: 0)) \(login.role.ko) / \(login.role.en)") }
            return lines.joined(separator: "\n")
        }
    }

    static let logins: [Login] = [
        Login(email: "operator@ieum.demo", role: Localized("운영자 (서울경제진흥원)", "Operator")),
        Login(email: "startup@ieum.demo", role: Localized("스타트업 관리자 (\(flagshipStartup))", "Startup admin (\(flagshipStartup))")),
        Login(email: "demand@ieum.demo", role: Localized("수요기관 담당자 (한결전자)", "Demand organisation member (한결전자)")),
        Login(email: "investor@ieum.demo", role: Localized("투자기관 심사역 (이음벤처스)", "Investor (이음벤처스)")),
        Login(email: "judge@ieum.demo", role: Localized("심사위원·전문가", "Judge / expert")),
    ]

    /// Loads the data set when there are no organisations and no users yet.
    public static func loadIfEmpty(on db: any Database, hasher: AsyncPasswordHasher, now: Date, files: FileStore? = nil) async throws -> Report {
        let orgCount = try await Organization.query(on: db).count()
        let userCount = try await User.query(on: db).count()
        guard orgCount == 0 && userCount == 0 else { return Report(loaded: false, organizations: orgCount, logins: logins) }
        let created = try await load(on: db, hasher: hasher, now: now, files: files)
        return Report(loaded: true, organizations: created, logins: logins)
    }

    /// Writes the whole set in one transaction; returns the number of organisations. The
    /// collaborations' evidence files go to `files` (none without a store).
    static func load(on db: any Database, hasher: AsyncPasswordHasher, now: Date, files: FileStore? = nil) async throws -> Int {
        let taxonomy = try await TaxonomySnapshot.load(on: db)
        let year = RegistryService.currentYear(now)
        var rows: [ImportRow] = []
        for (index, input) in inputs().enumerated() {
            switch input.validate(taxonomy: taxonomy, currentYear: year) {
            case .success(let valid): rows.append(ImportRow(row: index + 1, action: .create, existingID: nil, valid: valid))
            case .failure(let failure):
                // The generator only produces valid rows; a failure here is a bug in this file.
                throw Abort(.internalServerError, reason: "demo row \(index + 1) (\(input.name)) is invalid: \(failure.errors.order)")
            }
        }
        let preview = ImportPreview(fileName: "demo", format: .jsonl, encoding: .utf8, recordCount: rows.count, rows: rows,
                                    problems: [], ignoredColumns: [], fileProblem: nil)
        // Password hashing is slow on purpose; do it before the transaction.
        let hash = try await hasher.hash(password)
        let rowCount = rows.count
        return try await db.transaction { db in
            _ = try await OrganizationImport.commit(preview, by: nil, on: db, now: now)
            func org(_ name: String) async throws -> Organization {
                guard let org = try await Organization.query(on: db).filter(\.$name == name).first() else {
                    throw Abort(.internalServerError, reason: "demo organisation \(name) missing")
                }
                return org
            }
            // A few registrations wait for the operator, as they would in a running program.
            let pending = try await Organization.query(on: db).filter(\.$kind == .startup).sort(\.$name, .descending).limit(6).all()
            for item in pending where item.name != flagshipStartup {
                item.status = .pending
                try await item.update(on: db)
            }
            let people: [(String, String, PlatformRole, String?)] = [
                ("operator@ieum.demo", "김운영", .operator, "서울경제진흥원(데모)"),
                ("startup@ieum.demo", "이창업", .member, flagshipStartup),
                ("demand@ieum.demo", "박수요", .member, "한결전자"),
                ("investor@ieum.demo", "최투자", .member, "이음벤처스"),
                ("judge@ieum.demo", "정심사", .judge, nil),
            ]
            var users: [String: User] = [:]
            for (email, name, role, orgName) in people {
                let user = User(email: email, name: name, passwordHash: hash, platformRole: role)
                try await user.create(on: db)
                users[email] = user
                if let orgName {
                    try await Membership(userID: try user.requireID(), organizationID: try org(orgName).requireID(), role: .admin).create(on: db)
                }
            }
            let counts = try await DemoPrograms.load(on: db, taxonomy: taxonomy, users: users, passwordHash: hash, now: now, organization: org)
            var programs: [Program] = []
            for spec in DemoPrograms.programs {
                guard let program = try await Program.query(on: db).filter(\.$name == spec.name).first() else {
                    throw Abort(.internalServerError, reason: "demo program \(spec.name) missing")
                }
                programs.append(program)
            }
            let activity = try await DemoCollaborations.load(on: db, programs: programs, users: users, files: files, organization: org)
            let evaluations = try await DemoEvaluations.load(on: db, programs: programs, users: users, passwordHash: hash, now: now)
            let meetings = try await DemoMeetings.load(on: db, program: programs[0], users: users, now: now)
            let networkMembers = try await DemoNetworks.load(on: db, program: programs[0], users: users, now: now)
            try await Audit.record(on: db, actor: nil, action: "demo.load", entityType: "system", entityID: nil,
                                   summary: "데모 데이터 \(rowCount)개 기관과 사용자 \(people.count)명, 사업 \(counts.programs)개, 공모 \(counts.calls)건, "
                                       + "수요과제 \(counts.needs)건, 지원서 \(counts.applications)건, 협업 \(activity.collaborations)건, "
                                       + "성과 \(activity.outcomes)건, 전문가 \(evaluations.experts)명, 평가 \(evaluations.rounds)건, 평가표 \(evaluations.sheets)건, 상담 \(meetings)건, 네트워크 회원 \(networkMembers)명 생성", at: now)
            return rowCount
        }
    }

    /// Every organisation of the set as form input, in a fixed order.
    static func inputs() -> [OrganizationInput] {
        var random = SplitMix64(seed: 20_261_129)
        var serial = 0
        func nextNumber() -> String {
            serial += 1
            // Nine leading digits that cannot collide, then the real check digit.
            let lead = String(format: "%03d%02d%04d", 101 + serial % 800, 81 + serial % 7, serial)
            let digits = lead.compactMap(\.wholeNumberValue)
            return lead + String(BusinessNumber.checkDigit(forFirstNine: digits))
        }
        var result: [OrganizationInput] = []
        result.append(flagship(number: nextNumber()))

        let stages = Stage.allCases
        let seoulDistricts = ["guro", "gangseo", "seocho", "dongdaemun", "mapo", "gangnam", "gwanak", "seongdong", "yeongdeungpo", "songpa", "jongno", "geumcheon"]
        let clusterFor: [String: String] = ["guro": "g-valley", "gangseo": "magok", "seocho": "yangjae-ai", "dongdaemun": "hongneung-bio",
                                            "mapo": "sangam-dmc", "gangnam": "gangnam-tips", "gwanak": "nakseong", "seongdong": "seongsu"]
        let otherCities = ["seongnam", "daejeon", "incheon", "busan", "ulsan", "suwon", "gwangju"]
        let fieldCodes = DemoCatalogue.products.keys.sorted()
        var usedNames = Set([flagshipStartup])
        var count = 0
        while count < 214 {
            let field = fieldCodes[count % fieldCodes.count]
            let products = DemoCatalogue.products[field]!
            let product = products[(count / fieldCodes.count) % products.count]
            var name = ""
            repeat {
                name = DemoCatalogue.namePrefixes[random.next(DemoCatalogue.namePrefixes.count)]
                    + DemoCatalogue.nameSuffixes[random.next(DemoCatalogue.nameSuffixes.count)]
                if usedNames.contains(name) { name += String(random.next(90) + 10) }
            } while usedNames.contains(name)
            usedNames.insert(name)

            let stage = stages[min(stages.count - 1, random.next(5) + random.next(3))]
            let founded = 2026 - stage.order - random.next(4)
            let inSeoul = random.next(10) < 8
            let region = inSeoul ? seoulDistricts[random.next(seoulDistricts.count)] : otherCities[random.next(otherCities.count)]
            let employees = 3 + stage.order * 9 + random.next(15)
            let investmentEok = stage == .preStartup ? 0 : Double(stage.order * stage.order * 8 + random.next(20)) + Double(random.next(10)) / 10
            let revenueEok = Double(stage.order * 6 + random.next(30)) / 2
            let customers = ["대기업 2곳과 PoC를 마쳤습니다.", "공공기관 실증 과제를 수행했습니다.", "해외 3개국에 수출하고 있습니다.",
                             "누적 고객사가 40곳을 넘었습니다.", "중견기업과 구매 계약을 맺었습니다."][random.next(5)]

            var input = OrganizationInput()
            input.kind = OrganizationKind.startup.rawValue
            input.name = name
            input.businessNumber = nextNumber()
            input.stage = stage.rawValue
            input.fields = [field] + (random.next(3) == 0 ? ["ai"].filter { $0 != field } : [])
            input.region = region
            input.cluster = inSeoul ? (clusterFor[region] ?? "") : (region == "seongnam" ? "pangyo" : "")
            input.foundedYear = String(founded)
            input.employees = String(employees)
            input.investment = investmentEok > 0 ? "\(investmentEok)억" : ""
            input.revenue = "\(revenueEok)억"
            input.certifications = [Certification.venture.rawValue] + (stage >= .seriesA ? [Certification.innobiz.rawValue] : [])
                + (random.next(4) == 0 ? [Certification.tips.rawValue] : [])
            input.summary = product.summary
            input.summaryEn = product.english
            input.description = "\(name)은(는) \(product.detail) \(customers)"
            input.keywords = product.keywords.joined(separator: ", ")
            input.website = "https://www.example.com/\(count + 1)"
            input.contactName = ["김", "이", "박", "최", "정", "강", "조", "윤"][random.next(8)] + ["민준", "서연", "도윤", "하은", "지호", "수아"][random.next(6)]
            input.contactEmail = "contact\(count + 1)@startup.example"
            input.contactPhone = "02-\(String(format: "%04d", 3000 + count))-\(String(format: "%04d", random.next(10000)))"
            input.openToPartners = random.next(4) != 0
            result.append(input)
            count += 1
        }

        for item in DemoCatalogue.demandOrganizations {
            var input = OrganizationInput()
            input.kind = OrganizationKind.demand.rawValue
            input.demandSize = item.size
            input.name = item.name
            input.businessNumber = nextNumber()
            input.fields = [item.field]
            input.region = ["gangnam", "jung", "yeongdeungpo", "seocho", "jongno"][random.next(5)]
            input.summary = item.summary
            input.description = "\(item.name)은(는) \(item.summary)입니다. 오픈이노베이션 프로그램에 수요기관으로 참여해 스타트업과 기술검증(PoC)을 진행합니다."
            input.keywords = "오픈이노베이션, 수요기관, PoC"
            input.contactName = "혁신담당"
            input.contactEmail = "openinnovation\(result.count)@demand.example"
            result.append(input)
        }
        for item in DemoCatalogue.investors {
            var input = OrganizationInput()
            input.kind = OrganizationKind.investor.rawValue
            input.investorType = item.type
            input.name = item.name
            input.businessNumber = nextNumber()
            input.region = "gangnam"
            input.cluster = "gangnam-tips"
            input.summary = item.summary
            input.description = "\(item.name): \(item.summary)."
            input.keywords = "투자, 스타트업"
            result.append(input)
        }
        let institutions = DemoCatalogue.agencies.map { ($0, OrganizationKind.agency, "mapo") }
            + DemoCatalogue.research.map { ($0, OrganizationKind.research, "seongbuk") }
        for (item, kind, region) in institutions {
            var input = OrganizationInput()
            input.kind = kind.rawValue
            input.name = item.name
            input.region = region
            input.summary = item.summary
            input.description = item.summary
            result.append(input)
        }
        return result
    }

    /// The startup the demo logins and the browser suite use.
    static func flagship(number: String) -> OrganizationInput {
        var input = OrganizationInput()
        input.kind = OrganizationKind.startup.rawValue
        input.name = flagshipStartup
        input.nameEn = "AI Factory"
        input.businessNumber = number
        input.stage = Stage.seriesA.rawValue
        input.fields = ["smart-manufacturing", "ai"]
        input.region = "guro"
        input.cluster = "g-valley"
        input.foundedYear = "2019"
        input.employees = "42"
        input.investment = "85억"
        input.revenue = "32억"
        input.certifications = [Certification.venture.rawValue, Certification.innobiz.rawValue, Certification.researchLab.rawValue]
        input.summary = "중소 제조기업의 스마트공장 구축과 AI 품질검사"
        input.summaryEn = "Smart-factory builds and AI quality inspection for small manufacturers"
        input.description = "에이아이팩토리는 중소 제조기업이 스마트공장을 구축하는 데 필요한 센서, MES, AI 비전 검사를 한 번에 제공합니다. G밸리 금속가공 기업 30곳의 불량률을 평균 35% 낮췄고, 설비 예지보전(predictive maintenance) 모델로 비가동 시간을 줄였습니다."
        input.descriptionEn = "AI Factory delivers sensors, MES and AI vision inspection so small manufacturers can build smart factories."
        input.keywords = "스마트공장, 스마트팩토리, MES, 비전 AI, 예지보전, smart factory"
        input.website = "https://www.example.com/aifactory"
        input.contactName = "이창업"
        input.contactEmail = "ceo@aifactory.example"
        input.contactPhone = "02-2100-1234"
        input.openToPartners = true
        return input
    }
}

/// A small, fast generator with a fixed sequence for a given seed (the demo data must not change
/// between machines or Swift versions, so the standard library's generator is not used).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<upperBound`.
    mutating func next(_ upperBound: Int) -> Int {
        Int(nextUInt64() % UInt64(upperBound))
    }
}
