import Testing
@testable import IeumMatching

@Suite("Text analysis: Korean and English")
struct AnalysisTests {
    let analyzer = Analyzer()

    func words(_ text: String) -> [String] {
        analyzer.words(text).filter { if case .concept = $0.kind { return false }; return true }.map(\.text)
    }
    func concepts(_ text: String) -> Set<UInt64> { Set(analyzer.terms(text).filter { TermKey.kind($0) == .concept }) }
    func concept(_ phrase: String) -> UInt64 {
        let lexicon = Lexicon.standard
        return lexicon.thesaurus.conceptKey(lexicon.thesaurus.group(of: phrase)!)
    }

    @Test("particles and endings are stripped, keeping two-syllable stems")
    func particles() {
        // given / when / then
        #expect(words("스마트공장을 구축하는 센터에서는") == ["스마트공장", "구축", "센터"])
        #expect(words("플랫폼으로의 전환이") == ["플랫폼", "전환"])
        #expect(words("데이터를 분석한 결과") == ["데이터", "분석", "결과"])
        // one syllable would be left: the word stays whole
        #expect(words("대한") == [])  // a stop word
        #expect(words("기가") == ["기가"])
    }

    @Test("Latin words, numbers and Hangul split inside mixed-script words")
    func mixedScripts() {
        #expect(words("AI를 활용한 이음5G 특화망") == ["ai", "활용", "이음", "5g", "특화망"])
        #expect(words("LLM기반 OCR solution for sensors") == ["llm", "ocr", "solution", "sensor"])
        // bare numbers are quantities, not topics; English stop words go
        #expect(words("3,000 units of the plant") == ["unit", "plant"])
    }

    @Test("full-width letters and case fold through NFKC")
    func fullWidth() {
        #expect(words("ＡＩ　Ｖｉｓｉｏｎ") == ["ai", "vision"])
        #expect(analyzer.terms("ＩｏＴ") == analyzer.terms("iot"))
        // decomposed Hangul (NFD) is composed
        #expect(words("\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}") == ["한글"])
    }

    @Test("Hangul words become bigrams; one-syllable words a unigram")
    func bigrams() {
        let keys = analyzer.terms("배터리")
        #expect(keys.count == 3)  // 배터, 터리 + the battery concept
        #expect(keys.filter { TermKey.kind($0) == .hangulBigram }.count == 2)
        #expect(analyzer.terms("쌀").map { TermKey.kind($0) } == [.hangulUnigram])
    }

    @Test("spacing variants meet: 스마트 공장 = 스마트공장 = smart-factory")
    func spacing() {
        let c = concept("스마트공장")
        #expect(concepts("스마트 공장 구축").contains(c))
        #expect(concepts("스마트공장 구축").contains(c))
        #expect(concepts("smart-factory rollout").contains(c))
        #expect(concepts("Ｓｍａｒｔ Ｆａｃｔｏｒｉｅｓ").contains(c))
    }

    @Test("the thesaurus links Korean and English both ways")
    func thesaurusBothWays() {
        #expect(concepts("Predictive maintenance for pumps").contains(concept("예지보전")))
        #expect(concepts("회전설비 예지보전(PdM) 솔루션").contains(concept("predictive maintenance")))
        #expect(concepts("치매 조기 진단") .contains(concept("dementia")))
        #expect(concepts("Alzheimer's screening").contains(concept("치매")))
        #expect(concepts("2차전지 소재").contains(concept("battery")))
        #expect(concepts("디지털 트윈 기반").contains(concept("digital twin")))
        #expect(concepts("비대면 진료 앱").contains(concept("telemedicine")))
    }

    @Test("Latin phrases match only whole words")
    func wordBoundaries() {
        #expect(!concepts("maintain the chain").contains(concept("ai")))
        #expect(concepts("AI를 도입").contains(concept("인공지능")))
    }
}
