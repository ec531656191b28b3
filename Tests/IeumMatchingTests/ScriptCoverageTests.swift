import Testing
@testable import IeumMatching

@Suite("Script coverage: one-script profiles scored on the part of the need they can match")
struct ScriptCoverageTests {
    /// Made-up words only: 크로반텍스 / crovantex is an invented product word.
    static let profiles: [StartupProfile] = [
        // Korean only: shares many plain words with the need, but not the product.
        StartupProfile(id: "ko-generic", name: "라인기록", summary: "공장 라인 검사 결과 자동 기록 서비스",
                       description: "제품 표면 검사 결과를 자동으로 기록하고 공장 라인 보고서를 만듭니다.",
                       keywords: ["검사 기록", "공장 라인"], field: "스마트제조", stage: "시리즈A"),
        // English only: makes exactly the product the need names, in its own words.
        StartupProfile(id: "en-crovantex", name: "Crovantex Works", summary: "Crovantex heads for inline surface checks",
                       description: "We build crovantex units that sit over conveyor lines and log every defect.",
                       keywords: ["crovantex", "inline checks"], field: "스마트제조", stage: "시리즈A"),
        // Both scripts: left as it is.
        StartupProfile(id: "mixed", name: "혼합랩", summary: "물류 창고 재고 관리 SaaS",
                       description: "창고 재고를 바코드로 관리하는 SaaS 입니다.", keywords: ["재고", "SaaS"], field: "물류", stage: "시드"),
        StartupProfile(id: "ko-other", name: "농장도우미", summary: "딸기 농장 온도 관리", description: "온실 온도와 습도를 조절합니다.",
                       keywords: ["온실"], field: "애그테크", stage: "시드"),
        StartupProfile(id: "en-other", name: "TripMate", summary: "Trip planning for families", description: "Plans holidays and books hotels.",
                       keywords: ["travel"], field: "관광/MICE", stage: "시드"),
    ]

    static let need = NeedProfile(id: "n", title: "크로반텍스 검사 자동화",
                                  description: "공장 라인에서 제품 표면을 검사하고 결과를 자동으로 기록하는 크로반텍스 장비를 찾습니다.")

    func matcher(_ methods: Set<GeneralisationMethod> = Set(GeneralisationMethod.allCases)) -> Matcher {
        var c = MatchingConfiguration.engine
        c.methods = methods
        let m = Matcher(configuration: c)
        m.add(contentsOf: Self.profiles)
        return m
    }

    @Test("each profile's scripts come from its analysed words")
    func scriptsOfProfiles() {
        let m = matcher()
        let analyzer = m.analyzer
        #expect(Scripts(keys: analyzer.terms("공장 라인 검사")) == .hangul)
        #expect(Scripts(keys: analyzer.terms("Crovantex heads")) == .latin)
        #expect(Scripts(keys: analyzer.terms("창고 재고 SaaS")) == .both)
        // a lone letter or a number is no Latin word
        #expect(Scripts(keys: analyzer.terms("공장 A동 3층")) == .hangul)
    }

    @Test("a Korean need: the English-only profile with its product word gains on the Korean look-alike by exactly the ratio of the two factors")
    func englishProfileForKoreanNeed() {
        // given the same profiles ranked with and without the method
        let m = matcher()
        var without = Set(GeneralisationMethod.allCases)
        without.remove(.scriptCoverage)
        let with = m.rank(Self.need, top: 5, explain: false)
        let plain = matcher(without).rank(Self.need, top: 5, explain: false)
        func score(_ list: [Match], _ id: String) -> Double { list.first { $0.startupId == id }?.score ?? 0 }
        // then without it the Korean look-alike leads; with it the English profile's score relative
        // to the Korean one grows by the Latin factor over the Hangul factor
        #expect(plain.first?.startupId == "ko-generic")
        let before = score(plain, "en-crovantex") / score(plain, "ko-generic")
        let after = score(with, "en-crovantex") / score(with, "ko-generic")
        let f = m.scriptCoverageFactors(m.queryTerms(Self.need))
        #expect(before > 0)
        #expect(abs(after / before - Double(f.latin / f.hangul)) < 1e-3)
        #expect(after > before)
    }

    @Test("with the whole ratio (exponent 1) the English profile comes first")
    func fullRatioReorders() {
        var c = MatchingConfiguration.engine
        c.scriptCoverageExponent = 1
        let m = Matcher(configuration: c)
        m.add(contentsOf: Self.profiles)
        #expect(m.rank(Self.need, top: 5, explain: false).first?.startupId == "en-crovantex")
    }

    @Test("the factors are the query's whole mass over each script's share, and 1 for a script that reaches nothing")
    func factors() {
        let m = matcher()
        let query = m.queryTerms(Self.need)
        let f = m.scriptCoverageFactors(query)
        // Most of a Korean need is Hangul: Hangul-only profiles are barely scaled, Latin-only ones more,
        // by the square root of the ratio of the masses (exponent 0.5).
        #expect(f.hangul >= 1 && f.hangul < 1.3)
        #expect(f.latin > 1.5 && f.latin > f.hangul)
        var full = MatchingConfiguration.engine
        full.scriptCoverageExponent = 1
        let m1 = Matcher(configuration: full)
        m1.add(contentsOf: Self.profiles)
        let f1 = m1.scriptCoverageFactors(m1.queryTerms(Self.need))
        #expect(abs(f1.latin.squareRoot() - f.latin) < 1e-4)
        // A need with no Latin word and no loanword reaches no Latin-only profile: factor 1.
        let korean = NeedProfile(id: "k", title: "딸기 온실 온도", description: "온실 습도 조절")
        #expect(m.scriptCoverageFactors(m.queryTerms(korean)).latin == 1)
    }

    @Test("profiles with both scripts keep their score")
    func mixedUnchanged() {
        let m = matcher()
        let need = NeedProfile(id: "w", title: "창고 재고 관리 SaaS", description: "물류 창고의 재고를 관리합니다.")
        var without = Set(GeneralisationMethod.allCases)
        without.remove(.scriptCoverage)
        let a = m.rank(need, top: 5, explain: false).first { $0.startupId == "mixed" }
        let b = matcher(without).rank(need, top: 5, explain: false).first { $0.startupId == "mixed" }
        #expect(a != nil && a?.score == b?.score)
    }
}
