import Fluent
import Foundation

/// The taxonomy shipped with Ieum (`Resources/Data/taxonomy.json`): the fields the seeds name,
/// Seoul's 25 자치구 and other cities, and the clusters. Operators edit it afterwards.
struct TaxonomyFile: Decodable {
    struct Entry: Decodable {
        let code: String
        let nameKo: String
        let nameEn: String
        let aliases: [String]
        let group: String?
        let region: String?
    }
    let fields: [Entry]
    let regions: [Entry]
    let clusters: [Entry]

    static func bundled() throws -> TaxonomyFile {
        guard let url = Bundle.module.url(forResource: "taxonomy", withExtension: "json", subdirectory: "Resources/Data") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try JSONDecoder().decode(TaxonomyFile.self, from: Data(contentsOf: url))
    }
}

struct SeedTaxonomy: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let file = try TaxonomyFile.bundled()
        try await database.transaction { db in
            for (index, entry) in file.fields.enumerated() {
                try await TechField(code: entry.code, nameKo: entry.nameKo, nameEn: entry.nameEn, sortOrder: index * 10, aliases: entry.aliases).create(on: db)
            }
            for (index, entry) in file.regions.enumerated() {
                try await Region(code: entry.code, nameKo: entry.nameKo, nameEn: entry.nameEn, groupCode: entry.group ?? "city", sortOrder: index * 10, aliases: entry.aliases).create(on: db)
            }
            for (index, entry) in file.clusters.enumerated() {
                try await Cluster(code: entry.code, nameKo: entry.nameKo, nameEn: entry.nameEn, regionCode: entry.region, sortOrder: index * 10, aliases: entry.aliases).create(on: db)
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await Cluster.query(on: database).delete()
        try await Region.query(on: database).delete()
        try await TechField.query(on: database).delete()
    }
}
