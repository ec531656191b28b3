import Testing
@testable import IeumCore

@Suite("Korean-aware search")
struct KoreanSearchTests {
    /// A record as the registry stores it: several fields folded into one search text.
    static let smartFactory = KoreanSearch.document([
        "(주)공장혁신", "중소 제조기업에 스마트공장을 구축하는 IoT기반 설비 관제 솔루션", "AI 품질검사",
    ])
    static let bio = KoreanSearch.document(["바이오랩", "체외진단 키트를 개발합니다", nil])

    @Test("a stem finds the document that writes it with a particle and an ending")
    func stemFindsInflectedText() {
        // given a document with "스마트공장을 구축하는"
        let document = KoreanSearch.document(["스마트공장을 구축하는 기업"])
        // when / then
        #expect(KoreanSearch.matches(document: document, query: "스마트공장"))
        #expect(KoreanSearch.matches(document: document, query: "구축"))
        #expect(!KoreanSearch.matches(document: document, query: "바이오"))
    }

    @Test("spacing does not matter: 스마트 공장 finds 스마트공장 and the other way round")
    func spacingIsIgnored() {
        // given
        let joined = KoreanSearch.document(["스마트공장 솔루션"])
        let spaced = KoreanSearch.document(["스마트 공장 솔루션"])
        // when / then
        #expect(KoreanSearch.matches(document: joined, query: "스마트 공장"))
        #expect(KoreanSearch.matches(document: spaced, query: "스마트공장"))
        #expect(KoreanSearch.terms("스마트 공장") == ["스마트", "공장"])
    }

    @Test("particles on query words are dropped", arguments: [
        ("스마트공장을", "스마트공장"),
        ("AI를", "ai"),
        ("공장에서는", "공장"),
        ("서울시의", "서울시"),
        ("솔루션으로", "솔루션"),
        ("구축하는", "구축"),
    ])
    func particlesAreStripped(word: String, stem: String) {
        // when
        let terms = KoreanSearch.terms(word)
        // then
        #expect(terms == [stem])
    }

    @Test("a stem keeps at least two syllables: 속도, 과 and 이 are left alone")
    func shortWordsKeepTheirLastSyllable() {
        #expect(KoreanSearch.stripParticle("속도") == "속도")
        #expect(KoreanSearch.stripParticle("과") == "과")
        #expect(KoreanSearch.stripParticle("이") == "이")
        #expect(KoreanSearch.stripParticle("IoT") == "IoT")
    }

    @Test("queries with particles find the stems in the stored record", arguments: [
        "스마트공장을", "AI를", "스마트 공장", "IoT기반", "iot", "IOT", "ai", "Ai", "ＡＩ", "설비 관제",
    ])
    func inflectedAndMixedQueriesMatch(query: String) {
        #expect(KoreanSearch.matches(document: Self.smartFactory, query: query))
        #expect(!KoreanSearch.matches(document: Self.bio, query: query))
    }

    @Test("every query word must occur")
    func allWordsMustOccur() {
        #expect(KoreanSearch.matches(document: Self.smartFactory, query: "스마트공장 AI"))
        #expect(!KoreanSearch.matches(document: Self.smartFactory, query: "스마트공장 바이오"))
        #expect(KoreanSearch.matches(document: Self.bio, query: "체외진단 키트"))
    }

    @Test("an empty query or one of punctuation only matches everything")
    func emptyQuery() {
        #expect(KoreanSearch.terms("  ,  ").isEmpty)
        #expect(KoreanSearch.matches(document: Self.bio, query: ""))
    }

    @Test("folding: NFKC, lower case, no spaces or punctuation")
    func folding() {
        #expect(KoreanSearch.fold("  IoT 기반, 스마트-공장! ") == "iot기반스마트공장")
        #expect(KoreanSearch.fold("ＡＩ　반도체") == "ai반도체")
        #expect(KoreanSearch.document(["가 나", nil, "", "Ｄ"]) == "가나 d")
    }

    @Test("LIKE patterns escape %, _ and the escape character itself", arguments: [
        ("스마트공장", "%스마트공장%"),
        ("100%", "%100\\%%"),
        ("a_b", "%a\\_b%"),
        ("c:\\x", "%c:\\\\x%"),
        ("%_", "%\\%\\_%"),
    ])
    func likePatternEscaping(term: String, pattern: String) {
        #expect(KoreanSearch.likePattern(for: term) == pattern)
    }
}
