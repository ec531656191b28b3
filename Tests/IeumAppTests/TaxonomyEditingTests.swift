import Fluent
import Foundation
import Testing
import Vapor
@testable import IeumApp

@Suite("Operators edit regions and clusters")
struct TaxonomyEditingTests {
    @Test("a new cluster is added under an existing region, renamed, retired, and audited")
    func clusters() async throws {
        try await TestApp.with { app in
            // given an operator on the taxonomy page
            try await TestApp.user(app, email: "op@ieum.test", role: .operator)
            let web = WebClient(app)
            try await web.login("op@ieum.test")
            let page = try await web.get("/admin/taxonomy")
            #expect(page.body.contains("id=\"taxonomy-clusters\""))
            #expect(page.body.contains("id=\"clusters-code\""))
            // when a cluster names a region that does not exist
            let refused = try await web.post("/admin/taxonomy/clusters", [("code", "suseo"), ("nameKo", "수서역세권"), ("nameEn", "Suseo"), ("parent", "atlantis")])
            // then the form comes back with the error next to the field and the typed values
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("없는 지역 코드입니다: atlantis"))
            #expect(refused.body.contains("value=\"수서역세권\""))
            // when it names a real region
            let added = try await web.post("/admin/taxonomy/clusters", [("code", "suseo"), ("nameKo", "수서역세권"), ("nameEn", "Suseo"), ("parent", "gangnam"), ("aliases", "수서, SRT 수서")])
            #expect(added.status == .seeOther)
            let cluster = try #require(try await Cluster.query(on: app.db).filter(\.$code == "suseo").first())
            #expect(cluster.regionCode == "gangnam")
            #expect(cluster.aliases == ["수서", "SRT 수서"])
            // and the registry resolves its alias at once
            let snapshot = try await TaxonomySnapshot.load(on: app.db)
            #expect(snapshot.resolveLocation("SRT수서")?.cluster == "suseo")
            // when it is renamed and retired (the checkbox is left out)
            try await web.get("/admin/taxonomy")
            let saved = try await web.post("/admin/taxonomy/clusters/\(try cluster.requireID())", [("nameKo", "수서 역세권"), ("nameEn", "Suseo Station"), ("aliases", ""), ("parent", "gangnam")])
            #expect(saved.status == .seeOther)
            let after = try #require(try await Cluster.find(cluster.requireID(), on: app.db))
            #expect(after.nameKo == "수서 역세권")
            #expect(!after.active)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "taxonomy.cluster.update").count() == 1)
        }
    }

    @Test("a region needs a known group; non-operators cannot change the lists")
    func regions() async throws {
        try await TestApp.with { app in
            try await TestApp.user(app, email: "op@ieum.test", role: .operator)
            try await TestApp.user(app, email: "member@ieum.test")
            let web = WebClient(app)
            try await web.login("op@ieum.test")
            // when
            let refused = try await web.post("/admin/taxonomy/regions", [("code", "gimpo"), ("nameKo", "김포"), ("nameEn", "Gimpo"), ("parent", "village")])
            let added = try await web.post("/admin/taxonomy/regions", [("code", "gimpo"), ("nameKo", "김포"), ("nameEn", "Gimpo"), ("parent", "city")])
            // then
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("id=\"regions-parent-error\""))
            #expect(added.status == .seeOther)
            #expect(try await Region.query(on: app.db).filter(\.$code == "gimpo").first()?.groupCode == "city")
            // and a member gets 403 and changes nothing
            let member = WebClient(app)
            try await member.login("member@ieum.test")
            try await member.get("/organizations")
            let forbidden = try await member.post("/admin/taxonomy/regions", [("code", "hack"), ("nameKo", "해킹"), ("nameEn", "Hack"), ("parent", "city")])
            #expect(forbidden.status == .forbidden)
            #expect(try await Region.query(on: app.db).filter(\.$code == "hack").count() == 0)
        }
    }
}
