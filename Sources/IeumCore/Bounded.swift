/// Numbers people send, read at the edge into bounded values.
///
/// Swift stops the whole process on integer overflow and on turning a NaN, an infinity or a too
/// large `Double` into an integer. So no number a person types (form field, query parameter, JSON
/// value, import cell) reaches arithmetic unbounded: each is parsed here against a realistic range,
/// and a value outside it is a field error or a 400, never a trap.
public enum Bounded {
    /// Won amounts: 0 to 10¹⁵ (1,000조원), far above any program's money, and small enough that
    /// sums of millions of them still fit in `Int64` and every amount is exact as a `Double`.
    public static let wonAmounts: ClosedRange<Int64> = 0...1_000_000_000_000_000
    /// Page numbers of any paged list.
    public static let pages: ClosedRange<Int> = 1...100_000
    /// Years people give (founding years, program years, report years).
    public static let years: ClosedRange<Int> = 1900...2100

    /// Why a text is not a number of the range asked for.
    public enum Problem: Error, Sendable, Equatable {
        case empty
        case notANumber
        case outOfRange
    }

    /// Longer texts are refused before any parsing: no realistic number needs more.
    static let maxLength = 40

    /// A whole number within `range`: optional sign, digits, commas between thousands, blanks
    /// around it (`1,200`, ` 42 `, `-3`). `9e18`, `1.5`, `0x10` and anything that does not fit are refused.
    public static func parseInt(_ text: String, in range: ClosedRange<Int>) -> Result<Int, Problem> {
        let trimmed = text.trimmed
        guard !trimmed.isEmpty else { return .failure(.empty) }
        guard trimmed.count <= maxLength, let plain = withoutThousandsCommas(trimmed) else { return .failure(.notANumber) }
        guard let value = Int(plain) else {
            return .failure(digitsOnly(plain) ? .outOfRange : .notANumber)
        }
        return range.contains(value) ? .success(value) : .failure(.outOfRange)
    }

    /// `parseInt` when the reason does not matter.
    public static func int(_ text: String, in range: ClosedRange<Int>) -> Int? {
        try? parseInt(text, in: range).get()
    }

    /// A finite decimal number within `range` (`12.5`, `-3`, `1,000.25`): no exponent, no `nan`,
    /// no `inf`, no hexadecimal.
    public static func double(_ text: String, in range: ClosedRange<Double>) -> Double? {
        let trimmed = text.trimmed
        guard trimmed.count <= maxLength, let plain = withoutThousandsCommas(trimmed), isPlainDecimal(plain),
              let value = Double(plain), value.isFinite, range.contains(value) else { return nil }
        return value
    }

    /// A stored or computed `Double` as a whole number within `range` (rounded to nearest);
    /// nil for NaN, infinities and values outside the range, where `Int(value)` would trap.
    public static func int(_ value: Double, in range: ClosedRange<Int>) -> Int? {
        guard value.isFinite else { return nil }
        let rounded = value.rounded()
        guard rounded >= Double(range.lowerBound), rounded <= Double(range.upperBound) else { return nil }
        // Double(Int.max) rounds up to 2⁶³, which does not fit: compare again after converting.
        guard let whole = Int(exactly: rounded), range.contains(whole) else { return nil }
        return whole
    }

    /// Won as people write it: `1200000000`, `1,200,000,000`, `12억`, `12.5억원`, `3,000만원`,
    /// `12억 5,000만원`, `1.2E+11` (Excel's CSV); within `wonAmounts`; `won(_:)` when the reason does not matter.
    public static func parseWon(_ text: String) -> Result<Int64, Problem> {
        var rest = Substring(text.filter { $0 != "," && !$0.isWhitespace })
        guard !rest.isEmpty else { return .failure(.empty) }
        guard rest.count <= maxLength else { return .failure(.notANumber) }
        if rest.hasSuffix("원") { rest = rest.dropLast() }
        var total = 0.0
        var sawPart = false
        for (unit, multiplier) in [("억", Double(KRW.eok)), ("만", Double(KRW.man))] {
            guard let index = rest.firstIndex(of: Character(unit)) else { continue }
            guard let part = plainNonNegative(rest[..<index]) else { return .failure(.notANumber) }
            total += part * multiplier
            sawPart = true
            rest = rest[rest.index(after: index)...]
        }
        if !rest.isEmpty {
            guard let part = plainNonNegative(rest) else { return .failure(.notANumber) }
            total += part
        } else if !sawPart {
            return .failure(.notANumber)
        }
        let rounded = total.rounded()
        guard rounded.isFinite, rounded <= Double(wonAmounts.upperBound), let amount = Int64(exactly: rounded) else {
            return .failure(.outOfRange)
        }
        return .success(amount)
    }

    /// `parseWon` when the reason does not matter.
    public static func won(_ text: String) -> Int64? {
        try? parseWon(text).get()
    }

    /// The message under a field that asked for a whole number in `range`.
    public static func message(_ range: ClosedRange<Int>) -> Localized {
        // Years read as 2026, larger bounds grouped as 100,000.
        func shown(_ n: Int) -> String { n.magnitude < 10_000 ? String(n) : (n < 0 ? "-" : "") + KRW.grouped(UInt64(n.magnitude)) }
        let low = shown(range.lowerBound), high = shown(range.upperBound)
        return Localized("\(low)부터 \(high) 사이의 정수로 입력하세요.", "Enter a whole number from \(low) to \(high).")
    }

    /// The message under a won field.
    public static let wonMessage = Localized(
        "금액은 0원부터 1,000조원 사이로, 원 단위 숫자 또는 '12.5억', '3,000만원' 형식으로 입력하세요.",
        "Enter an amount from 0 to 10^15 won, as a number of won or like '12.5억' or '3,000만원'.")

    static func digitsOnly(_ text: String) -> Bool {
        let body = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !body.isEmpty && body.allSatisfy { ("0"..."9").contains($0) }
    }

    /// `1,200,000.5` → `1200000.5`; nil when a comma is anywhere but between groups of three
    /// digits before the decimal point.
    static func withoutThousandsCommas(_ text: String) -> String? {
        guard text.contains(",") else { return text }
        let point = text.firstIndex(of: ".") ?? text.endIndex
        guard !text[point...].contains(",") else { return nil }
        let groups = text[..<point].split(separator: ",", omittingEmptySubsequences: false)
        let head = groups[0].first == "-" || groups[0].first == "+" ? groups[0].dropFirst() : groups[0]
        guard (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        return groups.joined() + text[point...]
    }

    static func isPlainDecimal<S: StringProtocol>(_ text: S) -> Bool {
        let body = text.first == "-" || text.first == "+" ? text.dropFirst() : text[...]
        guard body.contains(where: { ("0"..."9").contains($0) }) else { return false }
        return body.allSatisfy { ("0"..."9").contains($0) || $0 == "." } && body.filter { $0 == "." }.count <= 1
    }

    /// A non-negative decimal, also with an exponent as Excel saves long numbers in CSV (`1.2E+11`);
    /// never NaN, infinity or hexadecimal.
    static func plainNonNegative(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.first != "-", text.first != "+" else { return nil }
        var mantissa = text, exponent: Substring = ""
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = text[text.index(after: e)...]
            let digits = exponent.first == "-" || exponent.first == "+" ? exponent.dropFirst() : exponent
            guard (1...3).contains(digits.count), digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        }
        guard isPlainDecimal(mantissa), let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

// MARK: - Arithmetic over stored numbers

extension FixedWidthInteger {
    /// `self + other`, held at `min`/`max` instead of trapping.
    public func saturatingAdding(_ other: Self) -> Self {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }

    /// `self − other`, held at `min`/`max` instead of trapping.
    public func saturatingSubtracting(_ other: Self) -> Self {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other > 0 ? .min : .max
    }

    /// `self × other`, held at `min`/`max` instead of trapping.
    public func saturatingMultiplied(by other: Self) -> Self {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }

    /// A `Double` as this type, rounded toward zero as `init(_:)` does, but NaN gives 0 and values
    /// beyond the type's range give `min`/`max` where `init(_:)` would trap.
    public init(saturating value: Double) {
        if value.isNaN { self = 0 }
        else if value >= Double(Self.max) { self = .max }
        else if value <= Double(Self.min) { self = .min }
        else { self.init(value) }
    }
}

/// A sum over stored numbers that cannot stop the server: past the type's range it stays at the
/// bound it crossed (a page then shows the largest amount it can, and `overflowed` says so).
public struct CheckedSum<Value: FixedWidthInteger & Sendable>: Sendable, Equatable {
    public private(set) var value: Value = 0
    public private(set) var overflowed = false

    public init() {}

    public mutating func add(_ amount: Value) {
        guard !overflowed else { return }
        let (sum, overflow) = value.addingReportingOverflow(amount)
        if overflow {
            value = amount > 0 ? .max : .min
            overflowed = true
        } else {
            value = sum
        }
    }

    public static func += (sum: inout CheckedSum, amount: Value) { sum.add(amount) }
}

extension Sequence {
    /// The checked sum of `amount` over the elements (see `CheckedSum`).
    public func checkedSum<Value: FixedWidthInteger & Sendable>(_ amount: (Element) throws -> Value) rethrows -> CheckedSum<Value> {
        var sum = CheckedSum<Value>()
        for element in self { sum.add(try amount(element)) }
        return sum
    }

    /// The sum of `amount` over the elements, held at the bound it crossed instead of trapping.
    public func saturatingSum<Value: FixedWidthInteger & Sendable>(_ amount: (Element) throws -> Value) rethrows -> Value {
        try checkedSum(amount).value
    }
}

extension Sequence where Element: FixedWidthInteger & Sendable {
    /// The elements' sum, held at the bound it crossed instead of trapping.
    public func saturatingSum() -> Element { checkedSum { $0 }.value }
}
