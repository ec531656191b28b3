import Testing
@testable import IeumCore

@Suite("Bounded numbers at the edge and checked sums")
struct BoundedTests {
    @Test("whole numbers within the range are read, with blanks and thousands commas", arguments: [
        ("42", 42), (" 7 ", 7), ("+3", 3), ("-5", -5), ("1,200", 1_200), ("100,000", 100_000), ("0", 0),
    ])
    func readsWholeNumbers(text: String, value: Int) {
        #expect(Bounded.int(text, in: -10...100_000) == value)
    }

    @Test("extremes, exponents and fractions are refused, never trapped on", arguments: [
        ("-9223372036854775808", Bounded.Problem.outOfRange), ("9223372036854775807", .outOfRange),
        ("9223372036854775808", .outOfRange), ("99999999999999999999999999", .outOfRange),
        ("9e18", .notANumber), ("1.5", .notANumber), ("0x10", .notANumber), ("nan", .notANumber),
        ("", .empty), ("   ", .empty), ("1,2", .notANumber), ("12,34,567", .notANumber),
        (String(repeating: "9", count: 10_000), .notANumber), ("1\u{0}", .notANumber),
    ])
    func refusesOutOfRange(text: String, problem: Bounded.Problem) {
        // when
        let result = Bounded.parseInt(text, in: 1...100)
        // then
        #expect(result == .failure(problem))
    }

    @Test("the range's own ends are inside it")
    func inclusiveBounds() {
        #expect(Bounded.int("1", in: Bounded.pages) == 1)
        #expect(Bounded.int("100000", in: Bounded.pages) == 100_000)
        #expect(Bounded.int("100001", in: Bounded.pages) == nil)
        #expect(Bounded.int("0", in: Bounded.pages) == nil)
        #expect(Bounded.int(String(Int.max), in: Int.min...Int.max) == Int.max)
    }

    @Test("decimals must be plain and finite", arguments: [
        ("12.5", 12.5 as Double?), ("1,000.25", 1_000.25), ("-3", -3), ("nan", nil), ("inf", nil), ("-infinity", nil),
        ("1e5", nil), ("0x1p3", nil), ("1.2.3", nil), (".", nil), ("", nil), ("1000001", nil),
    ])
    func decimals(text: String, value: Double?) {
        #expect(Bounded.double(text, in: -1_000_000...1_000_000) == value)
    }

    @Test("a Double becomes a whole number only when finite and in range", arguments: [
        (2.4, 2 as Int?), (2.6, 3), (-0.4, 0), (Double.nan, nil), (Double.infinity, nil), (-Double.infinity, nil),
        (9.3e18, nil), (Double(Int.max), nil), (1e6, nil),
    ])
    func doubleToInt(value: Double, expected: Int?) {
        #expect(Bounded.int(value, in: -10...100_000) == expected)
    }

    @Test("won as people write it", arguments: [
        ("1200000000", Int64(1_200_000_000)), ("1,200,000,000", 1_200_000_000), ("12억", 1_200_000_000),
        ("12.5억원", 1_250_000_000), ("3,000만원", 30_000_000), ("12억 5,000만원", 1_250_000_000), ("0원", 0),
        ("0.3억", 30_000_000), ("1,000,000,000,000,000", 1_000_000_000_000_000), ("1000만 5000", 10_005_000),
        ("1.2E+11", 120_000_000_000), ("3e2억", 30_000_000_000),
    ])
    func won(text: String, amount: Int64) {
        #expect(Bounded.won(text) == amount)
    }

    @Test("won outside 0…10¹⁵ or not a number is refused", arguments: [
        ("1,000,000,000,000,001", Bounded.Problem.outOfRange), ("10000001억", .outOfRange), ("9223372036854775807", .outOfRange),
        ("1e20", .outOfRange), ("1e99999", .notANumber), ("0x1p3", .notANumber), ("1e", .notANumber), ("nan", .notANumber), ("inf억", .notANumber), ("-5", .notANumber), ("억", .notANumber),
        ("5만 1억", .notANumber), ("원", .notANumber), ("", .empty), ("12억억", .notANumber),
    ])
    func wonRefused(text: String, problem: Bounded.Problem) {
        #expect(Bounded.parseWon(text) == .failure(problem))
    }

    @Test("the field message names the range in both languages")
    func message() {
        let text = Bounded.message(1...100_000)
        #expect(text.ko == "1부터 100,000 사이의 정수로 입력하세요.")
        #expect(text.en == "Enter a whole number from 1 to 100,000.")
        #expect(Bounded.message(Bounded.years).en.contains("1900 to 2100"))
    }

    @Test("sums stay at the bound they cross and say so")
    func checkedSums() {
        // given amounts whose sum is past Int64.max
        let amounts: [Int64] = [.max - 10, 5, 20, 1_000]
        // when
        let sum = amounts.checkedSum { $0 }
        // then
        #expect(sum.value == .max)
        #expect(sum.overflowed)
        #expect([Int64.min, -1].saturatingSum() == .min)
        #expect([Int64(1), 2, 3].checkedSum { $0 } == { var s = CheckedSum<Int64>(); s += 6; return s }())
        #expect(([] as [Int]).saturatingSum() == 0)
    }

    @Test("saturating arithmetic and conversions from Double")
    func saturating() {
        #expect(Int64.max.saturatingAdding(1) == .max)
        #expect(Int64.min.saturatingAdding(-1) == .min)
        #expect(Int64.min.saturatingSubtracting(1) == .min)
        #expect(Int64.max.saturatingSubtracting(-1) == .max)
        #expect(Int64.max.saturatingMultiplied(by: 2) == .max)
        #expect(Int64.max.saturatingMultiplied(by: -2) == .min)
        #expect(Int(3).saturatingMultiplied(by: 4) == 12)
        #expect(Int64(saturating: .nan) == 0)
        #expect(Int64(saturating: .infinity) == .max)
        #expect(Int64(saturating: -.infinity) == .min)
        #expect(Int64(saturating: 9.3e18) == .max)
        #expect(Int64(saturating: -12.7) == -12)
        #expect(Int(saturating: Double(Int.max)) == .max)
    }
}
