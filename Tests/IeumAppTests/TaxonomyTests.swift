import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting
@testable import IeumApp

/// The shipped taxonomy (fields the seeds name, Seoul's 자치구, the clusters) and operators
/// keeping the tech-field list.
@Suite("Taxonomy")
struct TaxonomyTests {
    static let seedFields = [
        "인공지능", "로봇", "핀테크/블록체인", "바이오/의료", "모빌리티", "빅데이터", "네트워크/5G", "콘텐츠/미디어",
        "스마트제조", "스마트서비스", "시스템반도체", "바이오헬스", "뷰티/패션", "이차전지/에너지",
    ]
    static let seoulDistricts = [
        "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구", "노원구", "은평구", "서대문구",
        "마포구", "양천구", "강서구", "구로구", "금천구", "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구",
    ]
    /// Cluster → the 자치구 (or city) it lies in.
    static let seedClusters: [(String, String)] = [
        ("G밸리", "구로구"), ("마곡", "강서구"), ("양재 AI허브", "서초구"), ("홍릉 바이오허브", "동대문구"), ("상암 DMC", "마포구"),
        ("목동", "양천구"), ("낙성벤처밸리", "관악구"), ("강남 TIPS타운", "강남구"), ("판교", "성남"),
    ]

    // MARK: the shipped lists

    @Test("the seeded fields include every field the seeds name, each with an English name", arguments: seedFields)
    func seededField(name: String) async throws {
        try await TestApp.with { app in
            // when
            let field = try await TechField.query(on: app.db).filter(\.$nameKo == name).first()
            // then
            let found = try #require(field, "missing field \(name)")
            #expect(found.active)
            #expect(!found.nameEn.isEmpty)
            #expect(found.code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        }
    }

    @Test("all 25 자치구 of Seoul are regions in the seoul group")
    func seoulDistricts() async throws {
        try await TestApp.with { app in
            // when
            let seoul = try await Region.query(on: app.db).filter(\.$groupCode == "seoul").all()
            // then
            #expect(seoul.count == 25)
            #expect(Set(seoul.map(\.nameKo)) == Set(Self.seoulDistricts))
            #expect(Set(seoul.map(\.code)).count == 25)
        }
    }

    @Test("the clusters the seeds name are there, each in its district")
    func seededClusters() async throws {
        try await TestApp.with { app in
            // given
            let regions = try await Region.query(on: app.db).all()
            let clusters = try await Cluster.query(on: app.db).all()
            // then
            for (name, regionName) in Self.seedClusters {
                let cluster = try #require(clusters.first { $0.nameKo == name }, "missing cluster \(name)")
                let region = regions.first { $0.code == cluster.regionCode }
                #expect(region?.nameKo == regionName, "\(name) is in \(region?.nameKo ?? "nowhere")")
            }
        }
    }

    @Test("codes are unique within each list", arguments: TaxonomyKind.allCases)
    func uniqueCodes(kind: TaxonomyKind) async throws {
        try await TestApp.with { app in
            // when
            let snapshot = try await TaxonomySnapshot.load(on: app.db)
            let items = kind == .fields ? snapshot.fields : kind == .regions ? snapshot.regions : snapshot.clusters
            // then
            #expect(!items.isEmpty)
            #expect(Set(items.map(\.code)).count == items.count)
        }
    }

    @Test("names, English names and aliases resolve to codes, ignoring case and spaces", arguments: [
        ("field", "스마트공장", "smart-manufacturing"), ("field", "Smart factory", "smart-manufacturing"),
        ("field", "AI", "ai"), ("field", "인공 지능", "ai"), ("field", "smart-manufacturing", "smart-manufacturing"),
        ("region", "강남구", "gangnam"), ("region", "Gangnam-gu", "gangnam"),
        ("cluster", "팁스타운", "gangnam-tips"), ("cluster", "양재AI허브", "yangjae-ai"), ("cluster", "구로디지털단지", "g-valley"),
    ])
    func resolvesNames(list: String, raw: String, code: String) async throws {
        try await TestApp.with { app in
            // given
            let snapshot = try await TaxonomySnapshot.load(on: app.db)
            // when
            let item = switch list {
            case "field": snapshot.resolveField(raw)
            case "region": snapshot.resolveRegion(raw)
            default: snapshot.resolveCluster(raw)
            }
            // then
            #expect(item?.code == code)
        }
    }

    @Test("a cluster named as a location also gives its region")
    func locationFromCluster() async throws {
        try await TestApp.with { app in
            let snapshot = try await TaxonomySnapshot.load(on: app.db)
            #expect(snapshot.resolveLocation("판교")?.region == "seongnam")
            #expect(snapshot.resolveLocation("판교")?.cluster == "pangyo")
            #expect(snapshot.resolveLocation("성동구")?.region == "seongdong")
            #expect(snapshot.resolveLocation("성동구")?.cluster == nil)
            #expect(snapshot.resolveLocation("아틀란티스") == nil)
        }
    }

    // MARK: the page

    @Test("the operator's taxonomy page lists fields, regions and clusters")
    func page() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            // when
            let page = try await web.get("/admin/taxonomy")
            // then
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>분류 관리</h1>"))
            for name in Self.seedFields + ["강남구", "G밸리", "홍릉 바이오허브"] {
                #expect(page.body.contains("value=\"\(name)\""), "\(name) is not on the page")
            }
            #expect(page.body.contains("id=\"code\""))
        }
    }

    @Test("anyone but an operator gets 403 and adds nothing", arguments: [PlatformRole.member, .judge])
    func nonOperator(role: PlatformRole) async throws {
        try await TestApp.with { app in
            // given
            let org = try await TestApp.organization(app, name: "이음테크")
            try await TestApp.user(app, email: "admin@ieum-tech.example", role: role, organization: org, membership: .admin)
            let web = WebClient(app)
            try await web.login("admin@ieum-tech.example")
            let field = try #require(try await TechField.query(on: app.db).filter(\.$code == "ai").first())
            // when
            let page = try await web.get("/admin/taxonomy")
            let add = try await web.post("/admin/taxonomy/fields", [("code", "quantum"), ("nameKo", "양자"), ("nameEn", "Quantum")])
            let edit = try await web.post("/admin/taxonomy/fields/\(try field.requireID().uuidString)", [("nameKo", "해킹"), ("nameEn", "Hacked")])
            // then
            #expect(page.status == .forbidden)
            #expect(page.body.contains("이 작업을 할 권한이 없습니다."))
            #expect(add.status == .forbidden)
            #expect(edit.status == .forbidden)
            #expect(try await TechField.query(on: app.db).filter(\.$code == "quantum").count() == 0)
            #expect(try await TechField.find(field.id, on: app.db)?.nameKo == "인공지능")
        }
    }

    // MARK: adding and editing fields

    @Test("an operator adds a field: stored, audited, and offered in the registry at once")
    func addField() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            _ = try await web.get("/admin/taxonomy")
            // when
            let response = try await web.post("/admin/taxonomy/fields", [("code", "Quantum"), ("nameKo", " 양자기술 "), ("nameEn", "Quantum technology"), ("aliases", "양자, 양자컴퓨팅 ,")])
            // then
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/admin/taxonomy")
            let field = try #require(try await TechField.query(on: app.db).filter(\.$code == "quantum").first())
            #expect(field.nameKo == "양자기술")
            #expect(field.nameEn == "Quantum technology")
            #expect(field.aliases == ["양자", "양자컴퓨팅"])
            #expect(field.active)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "taxonomy.tech_field.create").first())
            #expect(entry.entityID == "quantum")
            #expect(entry.actorName.contains("op@ieum.example"))
            let after = try await web.get("/admin/taxonomy")
            #expect(after.body.contains("항목을 추가했습니다."))
            let registry = try await web.get("/organizations")
            #expect(registry.body.contains("<option value=\"quantum\">양자기술</option>"))
            #expect(try await TaxonomySnapshot.load(on: app.db).resolveField("양자컴퓨팅")?.code == "quantum")
        }
    }

    struct BadField: Sendable, CustomTestStringConvertible {
        let fields: [String: String]
        let field: String
        let message: String
        var testDescription: String { "\(fields) → \(message)" }
    }

    @Test("a bad new field is refused with the message next to its input and the typed values kept", arguments: [
        BadField(fields: ["code": "양자"], field: "code", message: "코드는 영문 소문자, 숫자, '-'로 입력하세요."),
        BadField(fields: ["code": "quantum tech"], field: "code", message: "코드는 영문 소문자, 숫자, '-'로 입력하세요."),
        BadField(fields: ["code": "quantum_tech"], field: "code", message: "코드는 영문 소문자, 숫자, '-'로 입력하세요."),
        BadField(fields: ["code": ""], field: "code", message: "코드는 영문 소문자, 숫자, '-'로 입력하세요."),
        BadField(fields: ["code": "AI"], field: "code", message: "이미 있는 코드입니다."),
        BadField(fields: ["nameKo": " "], field: "nameKo", message: "한국어 이름을 입력하세요."),
        BadField(fields: ["nameEn": ""], field: "nameEn", message: "영어 이름을 입력하세요."),
    ])
    func addBadField(_ c: BadField) async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            _ = try await web.get("/admin/taxonomy")
            let before = try await TechField.query(on: app.db).count()
            var fields = ["code": "quantum", "nameKo": "양자기술", "nameEn": "Quantum technology", "aliases": "양자"]
            fields.merge(c.fields) { $1 }
            // when
            let page = try await web.post("/admin/taxonomy/fields", fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            // then
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.element(id: "\(c.field)-error") == c.message)
            #expect(page.body.contains("aria-describedby=\"\(c.field)-error\""))
            if c.field != "nameKo" { #expect(page.body.contains("value=\"양자기술\"")) }
            #expect(try await TechField.query(on: app.db).count() == before)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "taxonomy.tech_field.create").count() == 0)
        }
    }

    @Test("an operator renames a field and adds an alias; the registry shows the new name and the change is audited")
    func editField() async throws {
        try await TestApp.with { app in
            // given a startup in 스마트제조
            let web = try await Self.operatorBrowser(app)
            let field = try #require(try await TechField.query(on: app.db).filter(\.$code == "smart-manufacturing").first())
            let org = try await TestApp.organization(app, name: "공장혁신")
            try await OrganizationTechField(organizationID: org.requireID(), techFieldID: field.requireID(), position: 0).create(on: app.db)
            _ = try await web.get("/admin/taxonomy")
            // when
            let response = try await web.post("/admin/taxonomy/fields/\(try field.requireID().uuidString)", [
                ("nameKo", "스마트제조·공장"), ("nameEn", "Smart manufacturing"), ("aliases", "스마트공장, 스마트팩토리, 디지털트윈"), ("active", "1"),
            ])
            // then
            #expect(response.status == .seeOther)
            let saved = try #require(try await TechField.find(field.id, on: app.db))
            #expect(saved.nameKo == "스마트제조·공장")
            #expect(saved.aliases == ["스마트공장", "스마트팩토리", "디지털트윈"])
            #expect(saved.active)
            #expect(saved.code == "smart-manufacturing")
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "taxonomy.tech_field.update").first())
            #expect(entry.changes.contains("스마트제조"))
            #expect(entry.changes.contains("스마트제조·공장"))
            let registry = try await web.get("/organizations")
            #expect(registry.body.contains("<p class=\"fields\">스마트제조·공장</p>"))
            #expect(try await TaxonomySnapshot.load(on: app.db).resolveField("디지털 트윈")?.code == "smart-manufacturing")
        }
    }

    @Test("after a field is renamed, a search for its new name finds the organisations in it")
    func renamedFieldIsSearchable() async throws {
        try await TestApp.with { app in
            // given a startup registered in 스마트제조 through the form (its search text holds the field's names)
            let web = try await Self.operatorBrowser(app)
            _ = try await web.get("/organizations/new")
            let created = try await web.post("/organizations", [
                ("kind", "startup"), ("name", "분야검색기업"), ("businessNumber", TestApp.businessNumber(60)), ("stage", "seed"),
                ("fields[]", "smart-manufacturing"), ("description", "설비 관제"),
            ])
            #expect(created.status == .seeOther)
            let byOldName = try await web.get("/organizations?q=" + "스마트제조".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(byOldName.body.contains("분야검색기업"))
            let field = try #require(try await TechField.query(on: app.db).filter(\.$code == "smart-manufacturing").first())
            // when
            _ = try await web.get("/admin/taxonomy")
            let renamed = try await web.post("/admin/taxonomy/fields/\(try field.requireID().uuidString)", [("nameKo", "디지털제조"), ("nameEn", "Digital manufacturing"), ("active", "1")])
            #expect(renamed.status == .seeOther)
            // then
            let byNewName = try await web.get("/organizations?q=" + "디지털제조".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(byNewName.body.contains("분야검색기업"))
        }
    }

    @Test("a retired field stays in the list but is no longer offered in registry filters and forms")
    func retireField() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            let field = try #require(try await TechField.query(on: app.db).filter(\.$code == "foodtech").first())
            _ = try await web.get("/admin/taxonomy")
            // when: the 'in use' box is left unticked
            let response = try await web.post("/admin/taxonomy/fields/\(try field.requireID().uuidString)", [("nameKo", "푸드테크"), ("nameEn", "Food tech"), ("aliases", "")])
            // then
            #expect(response.status == .seeOther)
            #expect(try await TechField.find(field.id, on: app.db)?.active == false)
            let taxonomy = try await web.get("/admin/taxonomy")
            #expect(taxonomy.body.contains("value=\"푸드테크\""))
            let registry = try await web.get("/organizations")
            #expect(!registry.body.contains("<option value=\"foodtech\">"))
            let form = try await web.get("/organizations/new")
            #expect(!form.body.contains("value=\"foodtech\""))
        }
    }

    @Test("editing a field that does not exist is 404")
    func editMissingField() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            // when
            let response = try await web.post("/admin/taxonomy/fields/\(UUID().uuidString)", [("nameKo", "없음"), ("nameEn", "None")])
            // then
            #expect(response.status == .notFound)
        }
    }

    @Test("the taxonomy page in English")
    func english() async throws {
        try await TestApp.with { app in
            // given
            let web = try await Self.operatorBrowser(app)
            // when
            let page = try await web.get("/admin/taxonomy?lang=en")
            // then
            #expect(page.body.contains("<h1>Taxonomy</h1>"))
            #expect(page.body.contains("value=\"Smart manufacturing\""))
            #expect(page.body.contains("Tech fields"))
        }
    }

    // MARK: helpers

    static func operatorBrowser(_ app: Application) async throws -> WebClient {
        try await TestApp.user(app, email: "op@ieum.example", role: .operator)
        let web = WebClient(app)
        try await web.login("op@ieum.example")
        return web
    }
}

private extension String {
    /// The text inside the element with this id (up to its closing tag), if any.
    func element(id: String) -> String? {
        guard let start = range(of: "id=\"\(id)\"") else { return nil }
        guard let open = self[start.upperBound...].firstIndex(of: ">") else { return nil }
        let rest = self[index(after: open)...]
        guard let close = rest.range(of: "</") else { return nil }
        return String(rest[..<close.lowerBound])
    }
}
