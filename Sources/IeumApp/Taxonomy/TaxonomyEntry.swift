import Fluent
import Foundation
import IeumCore

/// The three lists operators keep (tech fields, regions, clusters) share one shape, so one set of
/// handlers and one view edits all of them.
public enum TaxonomyKind: String, Sendable, CaseIterable {
    case fields, regions, clusters

    var title: Localized {
        switch self {
        case .fields: Localized("기술분야", "Tech fields")
        case .regions: Localized("지역", "Regions")
        case .clusters: Localized("클러스터", "Clusters")
        }
    }

    /// What the parent column means: a region's group (서울 자치구 or another city), a cluster's region.
    var parentLabel: Localized? {
        switch self {
        case .fields: nil
        case .regions: Localized("구분 (seoul 또는 city)", "Group (seoul or city)")
        case .clusters: Localized("소재 지역 코드", "Region code")
        }
    }

    var auditName: String {
        switch self {
        case .fields: "tech_field"
        case .regions: "region"
        case .clusters: "cluster"
        }
    }
}

protocol TaxonomyEntry: Model where IDValue == UUID {
    var code: String { get set }
    var nameKo: String { get set }
    var nameEn: String { get set }
    var aliases: [String] { get set }
    var active: Bool { get set }
    var sortOrder: Int { get set }
    var parent: String? { get set }
    init()
}

extension TechField: TaxonomyEntry {
    var parent: String? {
        get { nil }
        set { _ = newValue }
    }
}

extension Region: TaxonomyEntry {
    var parent: String? {
        get { groupCode }
        set { groupCode = newValue ?? "city" }
    }
}

extension Cluster: TaxonomyEntry {
    var parent: String? {
        get { regionCode }
        set { regionCode = newValue }
    }
}
