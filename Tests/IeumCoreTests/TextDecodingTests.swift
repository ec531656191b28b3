import Testing
@testable import IeumCore

@Suite("Text decoding of uploaded files")
struct TextDecodingTests {
    static let korean = "기업명,대표자,지역\n(주)스마트팩토리,홍길동,서울 성동구\n"

    @Test("CP949 from Korean Excel round-trips")
    func cp949RoundTrip() throws {
        // given the bytes Excel writes for Korean text
        let bytes = try #require(TextDecoding.encodeCP949(Self.korean))
        #expect(bytes.count < Array(Self.korean.utf8).count)  // two bytes a syllable, not three
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        // when
        let decoded = try TextDecoding.decode(bytes)
        // then
        #expect(decoded.text == Self.korean)
        #expect(decoded.encoding == .cp949)
    }

    @Test("CP949 holds the UHC syllables outside EUC-KR (똠, 햏, 뷁)")
    func cp949ExtendedSyllables() throws {
        // given syllables only the CP949 extension encodes
        let text = "똠방각하 햏 뷁"
        let bytes = try #require(TextDecoding.encodeCP949(text))
        // when
        let decoded = try TextDecoding.decode(bytes)
        // then
        #expect(decoded.text == text)
        #expect(decoded.encoding == .cp949)
    }

    @Test("UTF-8 with a byte-order mark: the mark is removed")
    func utf8WithBOM() throws {
        // given
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.korean.utf8)
        // when
        let decoded = try TextDecoding.decode(bytes)
        // then
        #expect(decoded.text == Self.korean)
        #expect(decoded.encoding == .utf8WithBOM)
        #expect(decoded.text.first == "기")
    }

    @Test("plain UTF-8 and ASCII are UTF-8")
    func plainUTF8() throws {
        #expect(try TextDecoding.decode(Array(Self.korean.utf8)) == (Self.korean, .utf8))
        #expect(try TextDecoding.decode(Array("id,name\n1,Acme\n".utf8)).encoding == .utf8)
        #expect(try TextDecoding.decode([]).text == "")
    }

    @Test("bytes that are neither UTF-8 nor CP949 are undecodable", arguments: [
        [UInt8]([0xFF, 0xFF, 0xFF]),
        [UInt8]([0x41, 0x80, 0x42]),
        [UInt8]([0xB0]),                        // a CP949 lead byte cut off at the end
        [UInt8]([0xEF, 0xBB, 0xBF, 0xFF, 0xFE]),  // a BOM followed by garbage
    ])
    func undecodable(bytes: [UInt8]) {
        #expect(throws: TextDecoding.Problem.undecodable) { try TextDecoding.decode(bytes) }
    }
}

private func == (lhs: (text: String, encoding: TextDecoding.Encoding), rhs: (String, TextDecoding.Encoding)) -> Bool {
    lhs.text == rhs.0 && lhs.encoding == rhs.1
}
