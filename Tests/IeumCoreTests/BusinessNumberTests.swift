import Testing
@testable import IeumCore

@Suite("사업자등록번호 check digit")
struct BusinessNumberTests {
    @Test("valid numbers are accepted with or without hyphens", arguments: ["220-81-62517", "2208162517", " 220 81 62517 "])
    func acceptsValid(raw: String) throws {
        // when
        let number = try BusinessNumber(validating: raw)
        // then
        #expect(number.digits == "2208162517")
        #expect(number.formatted == "220-81-62517")
    }

    @Test("each kind of bad input gets its own problem")
    func rejectsBad() {
        #expect(throws: BusinessNumber.Problem.badCheckDigit) { try BusinessNumber(validating: "220-81-62518") }
        #expect(throws: BusinessNumber.Problem.wrongLength(9)) { try BusinessNumber(validating: "220-81-6251") }
        #expect(throws: BusinessNumber.Problem.notDigits) { try BusinessNumber(validating: "22O-81-62517") }
        #expect(throws: BusinessNumber.Problem.empty) { try BusinessNumber(validating: " - ") }
    }

    @Test("the check digit makes every generated number valid")
    func generatedNumbersValidate() throws {
        // given nine leading digits for many prefixes
        for seed in 0..<500 {
            let lead = String(format: "%09d", seed * 1_999_993 % 1_000_000_000)
            let digits = lead.compactMap(\.wholeNumberValue)
            // when
            let full = lead + String(BusinessNumber.checkDigit(forFirstNine: digits))
            // then: valid, and any other last digit is not
            #expect(BusinessNumber(full) != nil)
            let wrong = lead + String((BusinessNumber.checkDigit(forFirstNine: digits) + 1) % 10)
            #expect(BusinessNumber(wrong) == nil)
        }
    }
}
