import Testing
@testable import IeumCore

@Suite("KRW amounts as people read them")
struct MoneyTests {
    @Test("Korean text in 억 and 만", arguments: [
        (Int64(1_250_000_000), "12억 5,000만원"),
        (Int64(30_000_000), "3,000만원"),
        (Int64(0), "0원"),
        (Int64(100_000_000), "1억원"),
        (Int64(12_345_678), "1,234만 5,678원"),
        (Int64(9_999), "9,999원"),
        (Int64(-30_000_000), "-3,000만원"),
    ])
    func koreanText(amount: Int64, text: String) {
        #expect(KRW.koreanText(amount) == text)
    }

    @Test("억 amounts are grouped as the seeds write them: 3,720억원")
    func eokWithoutSeparator() {
        // given the cumulative investment the seeds report
        let amount: Int64 = 372_000_000_000
        // when
        let text = KRW.koreanText(amount)
        // then
        #expect(text == "3,720억원")
    }

    @Test("English text keeps 억 as the unit and groups small amounts", arguments: [
        (Int64(0), "KRW 0"),
        (Int64(1_250_000_000), "KRW 12.5 hundred-million (억)"),
        (Int64(100_000_000), "KRW 1 hundred-million (억)"),
        (Int64(372_000_000_000), "KRW 3720 hundred-million (억)"),
        (Int64(30_000_000), "KRW 30,000,000"),
    ])
    func englishText(amount: Int64, text: String) {
        #expect(KRW.englishText(amount) == text)
    }

    @Test("a negative amount keeps its sign in English as it does in Korean")
    func negativeEnglish() {
        // given a loss of 5,000만원
        let amount: Int64 = -50_000_000
        // when
        let korean = KRW.koreanText(amount)
        let english = KRW.englishText(amount)
        // then
        #expect(korean == "-5,000만원")
        #expect(english == "KRW -50,000,000")
    }

    @Test("text(_:_:) picks the language")
    func byLanguage() {
        #expect(KRW.text(1_250_000_000, .ko) == "12억 5,000만원")
        #expect(KRW.text(1_250_000_000, .en) == "KRW 12.5 hundred-million (억)")
    }

    @Test("interchange values in 억 become won", arguments: [
        (12.5, Int64(1_250_000_000)), (0.3, Int64(30_000_000)), (3720.0, Int64(372_000_000_000)), (0.0, Int64(0)),
    ])
    func fromEok(eok: Double, won: Int64) {
        #expect(KRW.fromEok(eok) == won)
    }

    @Test("grouping by thousands", arguments: [
        (UInt64(0), "0"), (UInt64(999), "999"), (UInt64(1_000), "1,000"), (UInt64(1_234_567), "1,234,567"),
    ])
    func grouping(value: UInt64, text: String) {
        #expect(KRW.grouped(value) == text)
    }
}
