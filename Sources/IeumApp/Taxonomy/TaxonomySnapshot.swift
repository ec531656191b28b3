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
    /// Folded code, name or alias → item, built once so an import of 10,000 rows resolves in O(1).
    private let fieldIndex: [String: Item]
    private let regionIndex: [String: Item]
    private let clusterIndex: [String: Item]

    public init(fields: [Item], regions: [Item], clusters: [Item]) {
        self.fields = fields
        self.regions = regions
        self.clusters = clusters
        fieldIndex = Self.index(fields)
        regionIndex = Self.index(regions)
        clusterIndex = Self.index(clusters)
    }

    /// Codes win over names, names over aliases, and an earlier item over a later one.
    static func index(_ items: [Item]) -> [String: Item] {
        var map: [String: Item] = [:]
        for item in items.reversed() { for alias in item.aliases { map[key(alias)] = item } }
        for item in items.reversed() { map[key(item.name.ko)] = item; map[key(item.name.en)] = item }
        for item in items.reversed() { map["code:" + item.code] = item }
        return map
    }

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

    public func field(code: String) -> Item? { fieldIndex["code:" + code] }
    public func region(code: String) -> Item? { regionIndex["code:" + code] }
    public func cluster(code: String) -> Item? { clusterIndex["code:" + code] }

    /// A field from its code, Korean or English name, or an alias; spacing and case ignored.
    public func resolveField(_ raw: String) -> Item? { Self.resolve(raw, in: fieldIndex) }
    public func resolveRegion(_ raw: String) -> Item? { Self.resolve(raw, in: regionIndex) }
    public func resolveCluster(_ raw: String) -> Item? { Self.resolve(raw, in: clusterIndex) }

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

    static func resolve(_ raw: String, in index: [String: Item]) -> Item? {
        let wanted = key(raw)
        if wanted.isEmpty { return nil }
        return index["code:" + raw] ?? index[wanted]
    }
}
