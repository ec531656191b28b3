import Fluent
import Foundation
import IeumCore

/// The whole taxonomy in memory for one request: resolves the names people type to codes.
public struct TaxonomySnapshot: Sendable {
    public struct Item: Sendable, Equatable {
        public let id: UUID
        public let code: String
        public let name: Localized
        public let aliases: [String]
        public let parentCode: String?
        public let active: Bool
    }

    public let fields: [Item]
    public let regions: [Item]
    public let clusters: [Item]

    public static func load(on db: any Database) async throws -> TaxonomySnapshot {
        let fields = try await TechField.query(on: db).sort(\.$sortOrder).all()
        let regions = try await Region.query(on: db).sort(\.$sortOrder).all()
        let clusters = try await Cluster.query(on: db).sort(\.$sortOrder).all()
        return TaxonomySnapshot(
            fields: try fields.map { Item(id: try $0.requireID(), code: $0.code, name: Localized($0.nameKo, $0.nameEn), aliases: $0.aliases, parentCode: nil, active: $0.active) },
            regions: try regions.map { Item(id: try $0.requireID(), code: $0.code, name: Localized($0.nameKo, $0.nameEn), aliases: $0.aliases, parentCode: $0.groupCode, active: $0.active) },
            clusters: try clusters.map { Item(id: try $0.requireID(), code: $0.code, name: Localized($0.nameKo, $0.nameEn), aliases: $0.aliases, parentCode: $0.regionCode, active: $0.active) }
        )
    }

    public func field(code: String) -> Item? { fields.first { $0.code == code } }
    public func region(code: String) -> Item? { regions.first { $0.code == code } }
    public func cluster(code: String) -> Item? { clusters.first { $0.code == code } }

    /// A field from its code, Korean or English name, or an alias; spacing and case ignored.
    public func resolveField(_ raw: String) -> Item? { Self.resolve(raw, in: fields) }
    public func resolveRegion(_ raw: String) -> Item? { Self.resolve(raw, in: regions) }
    public func resolveCluster(_ raw: String) -> Item? { Self.resolve(raw, in: clusters) }

    /// The interchange format has one `region` value that may name a cluster (판교, G밸리) or a
    /// region (강남구, 대전); a cluster also gives its region.
    public func resolveLocation(_ raw: String) -> (region: String?, cluster: String?)? {
        if let cluster = resolveCluster(raw) { return (cluster.parentCode, cluster.code) }
        if let region = resolveRegion(raw) { return (region.code, nil) }
        return nil
    }

    static func key(_ s: String) -> String {
        s.lowercased().filter { !$0.isWhitespace }
    }

    static func resolve(_ raw: String, in items: [Item]) -> Item? {
        let wanted = key(raw)
        if wanted.isEmpty { return nil }
        return items.first { $0.code == raw }
            ?? items.first { key($0.name.ko) == wanted || key($0.name.en) == wanted }
            ?? items.first { $0.aliases.contains { key($0) == wanted } }
    }
}
