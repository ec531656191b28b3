/// Korean won amounts as people read them: 억원 and 만원.
public enum KRW {
    public static let eok: Int64 = 100_000_000
    public static let man: Int64 = 10_000

    /// `3,720억원` (as the seeds write it), `12억 5,000만원`, `3,000만원`, `0원`.
    public static func koreanText(_ amount: Int64) -> String {
        if amount == 0 { return "0원" }
        let sign = amount < 0 ? "-" : ""
        let value = amount.magnitude
        let eokPart = value / UInt64(eok)
        let manPart = (value % UInt64(eok)) / UInt64(man)
        let rest = value % UInt64(man)
        var parts: [String] = []
        if eokPart > 0 { parts.append(grouped(eokPart) + "억") }
        if manPart > 0 { parts.append(grouped(manPart) + "만") }
        if rest > 0 { parts.append(grouped(rest)) }
        return sign + parts.joined(separator: " ") + "원"
    }

    /// `KRW 1.25B` style for the English interface, keeping 억 as the unit Korean readers expect.
    public static func englishText(_ amount: Int64) -> String {
        if amount == 0 { return "KRW 0" }
        let eokValue = Double(amount) / Double(eok)
        if abs(eokValue) >= 1 {
            return "KRW \(trimmed(eokValue)) hundred-million (억)"
        }
        return "KRW " + (amount < 0 ? "-" : "") + grouped(amount.magnitude)
    }

    public static func text(_ amount: Int64, _ language: Lang) -> String {
        language == .ko ? koreanText(amount) : englishText(amount)
    }

    /// Parses `12.5` 억 from the interchange format or plain won with commas, `3,000,000`.
    /// Saturating: NaN gives 0 and amounts past Int64 its bounds, where `Int64(_:)` would trap.
    public static func fromEok(_ value: Double) -> Int64 { Int64(saturating: (value * Double(eok)).rounded()) }

    public static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    static func trimmed(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        return String(rounded)
    }
}
