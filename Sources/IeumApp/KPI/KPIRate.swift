import Foundation
import IeumCore

/// A share of a set that belongs to a subset of it: "9/11건, 81.8%". Built from the two sets, and the
/// part is counted inside the whole (their intersection), so a rate can never pass 100 % whatever
/// the records say. A whole of zero has no rate: it reads "—", never 0 % or NaN.
public struct KPIRate: Sendable, Equatable {
    public let part: Int64
    public let whole: Int64

    public init<Element: Hashable>(_ part: Set<Element>, of whole: Set<Element>) {
        self.part = Int64(part.intersection(whole).count)
        self.whole = Int64(whole.count)
    }

    /// nil when the whole is empty.
    public var fraction: Double? { whole > 0 ? Double(part) / Double(whole) : nil }

    /// "81.8%", or "—" when there is nothing to divide by.
    public var percentText: String { fraction.map(ExportCell.percentText) ?? "—" }

    /// "9/11건, 81.8%" / "9 of 11, 81.8%"; "—" when the whole is empty.
    public var text: Localized {
        guard whole > 0 else { return Localized("—", "—") }
        let part = KRW.grouped(UInt64(part)), whole = KRW.grouped(UInt64(whole))
        return Localized("\(part)/\(whole)건, \(percentText)", "\(part) of \(whole), \(percentText)")
    }
}
