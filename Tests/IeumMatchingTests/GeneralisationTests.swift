import Testing
@testable import IeumMatching

@Suite("Generalisation: loanwords by sound, learned abbreviations, feedback expansion, capability evidence")
struct GeneralisationTests {
    // MARK: Transliteration

    @Test("Hangul loanwords and their English words sound alike with high confidence", arguments: [
        ("하이퍼스펙트럴", "hyperspectral"), ("엑소스켈레톤", "exoskeleton"), ("마이크로그리드", "microgrid"),
        ("버티포트", "vertiport"), ("모듈러", "modular"), ("리사이클링", "recycling"), ("디지털", "digital"),
        ("센서", "sensor"), ("드론", "drone"), ("컨테이너", "container"), ("시뮬레이션", "simulation"),
    ])
    func loanwordPairs(hangul: String, latin: String) {
        // given / when
        let confidence = Transliteration.confidence(hangul: hangul, latin: latin)
        // then
        #expect(confidence >= 0.85, "\(hangul) ↔ \(latin): \(confidence)")
    }

    @Test("words that only share some consonants do not match", arguments: [
        ("하이퍼스펙트럴", "hypertension"), ("마이크로그리드", "microscope"), ("엑소스켈레톤", "skeleton key"),
        ("드론", "drain"), ("센서", "census bureau"), ("모듈러", "molecular"), ("컨테이너", "contact"),
    ])
    func loanwordNegatives(hangul: String, latin: String) {
        #expect(Transliteration.confidence(hangul: hangul, latin: latin) == 0, "\(hangul) ↔ \(latin)")
    }

    @Test("an exact reading is more confident than a near one")
    func confidenceOrders() {
        let exact = Transliteration.confidence(hangul: "터미널", latin: "terminal")
        let near = Transliteration.confidence(hangul: "시뮬레이터", latin: "simulate")
        #expect(exact == 1)
        #expect(near > 0 && near < exact)
    }

    @Test("Sino-Korean and native words are never compared by sound", arguments: ["선체", "대기", "인력", "것이", "먼저", "검사원"])
    func sinoKoreanWordsAreNotLoanwords(word: String) {
        #expect(!Transliteration.looksTransliterated(Normalizer.scalars(word)))
    }

    @Test("loanword spellings are recognised", arguments: ["스캐너", "로봇", "프로펠러", "터미널", "센서", "라이다", "유닛", "모델"])
    func loanwordSpellings(word: String) {
        #expect(Transliteration.looksTransliterated(Normalizer.scalars(word)))
    }

    @Test("a w glide (ㅘ ㅝ ㅟ ㅞ) is the English w: 트윈도 reads twindo, not tendo (made-up words)")
    func wGlideIsKept() {
        // given a made-up loanword with ㅟ and two made-up Latin readings, one with the w
        let withGlide = Transliteration.confidence(hangul: "트윈도", latin: "twindo")
        let withoutGlide = Transliteration.confidence(hangul: "트윈도", latin: "tendo")
        // then the reading that writes the w is exact and the one without it only near
        #expect(withGlide == 1)
        #expect(withoutGlide < withGlide)
        #expect(Transliteration.confidence(hangul: "스워블런", latin: "swoblon") > Transliteration.confidence(hangul: "스워블런", latin: "soblon"))
    }

    @Test("English spellings that decide the Hangul: -sion after a vowel or r is 전, after another consonant 션; a final -ture is 처; r before a final silent e is not written (made-up words)", arguments: [
        ("크라비전", "kravision"), ("모버전", "morversion"), ("트렌션", "trension"), ("그렌처", "grenture"),
    ])
    func spellingRules(hangul: String, latin: String) {
        #expect(Transliteration.confidence(hangul: hangul, latin: latin) >= 0.9, "\(hangul) ↔ \(latin)")
    }

    @Test("r before a final silent e is not written: brore reads 브로어, not 브로레 (made-up words)")
    func silentFinalR() {
        let silent = Transliteration.confidence(hangul: "브로어", latin: "brore")
        #expect(silent >= 0.85)
        #expect(Transliteration.confidence(hangul: "브로레", latin: "brore") < silent)
    }

    @Test("the -sion rule separates 전 and 션 readings (made-up words)")
    func sionReadings() {
        #expect(Transliteration.confidence(hangul: "크라비전", latin: "kravision") > Transliteration.confidence(hangul: "크라비션", latin: "kravision"))
        #expect(Transliteration.confidence(hangul: "트렌션", latin: "trension") > Transliteration.confidence(hangul: "트렌전", latin: "trension"))
    }

    @Test("words with a tense stop (ㄲ ㄸ ㅃ ㅉ) are not loanword spellings (made-up words)", arguments: [
        ("꼬르텍", "코르텍"), ("뗄레스", "텔레스"), ("빠이론", "파이론"), ("쪼이스트", "조이스트"),
    ])
    func tenseStopsAreNative(tense: String, plain: String) {
        // the same made-up word written with the aspirated stop is a loanword spelling
        #expect(Transliteration.looksTransliterated(Normalizer.scalars(plain)))
        #expect(!Transliteration.looksTransliterated(Normalizer.scalars(tense)))
    }

    // MARK: Ranking with the learned vocabulary

    static let profiles: [StartupProfile] = [
        StartupProfile(id: "exo-en", name: "LiftSuit", summary: "Passive exoskeleton suits for warehouse lifting",
                       description: "Our exoskeleton reduces lower-back load for workers who lift boxes all day.",
                       keywords: ["exoskeleton", "wearable"], field: "로봇", stage: "시리즈A"),
        StartupProfile(id: "grid-ko", name: "섬전력", summary: "섬 지역 마이크로그리드 운영 소프트웨어",
                       description: "태양광과 풍력, 디젤 발전기를 묶어 섬마을 전력을 안정적으로 운영합니다.",
                       keywords: ["마이크로그리드", "에너지 관리"], field: "이차전지/에너지", stage: "시리즈A"),
        StartupProfile(id: "ndt-ko", name: "초음파랩", summary: "용접부 비파괴검사(NDT) 자동화",
                       description: "초음파와 방사선으로 용접부 결함을 찾는 비파괴검사 로봇을 만듭니다.",
                       keywords: ["비파괴검사", "초음파"], field: "스마트제조", stage: "시리즈A"),
        StartupProfile(id: "lca-en", name: "CarbonLedger", summary: "Life cycle assessment (LCA) for product carbon footprints",
                       description: "We compute cradle-to-gate footprints for manufacturers.",
                       keywords: ["LCA", "carbon footprint"], field: "환경/ESG", stage: "시리즈A"),
        StartupProfile(id: "cleaning", name: "클린팹", summary: "사무실 청소 대행 서비스",
                       description: "반도체 공장 사무동과 식당 청소를 대행합니다. 반도체 장비 이상 감지는 하지 않습니다.",
                       keywords: ["청소", "시설관리"], field: "커머스/유통", stage: "시리즈B"),
        StartupProfile(id: "anomaly", name: "팹와치", summary: "반도체 장비 이상 감지 AI",
                       description: "식각 장비 센서 데이터로 이상을 조기에 감지합니다.",
                       keywords: ["이상 감지", "반도체 장비"], field: "시스템반도체", stage: "시리즈A"),
    ]

    func matcher(_ configure: (inout MatchingConfiguration) -> Void = { _ in }) -> Matcher {
        var c = MatchingConfiguration.engine
        configure(&c)
        let m = Matcher(configuration: c)
        m.add(contentsOf: Self.profiles)
        return m
    }

    @Test("a Korean need finds an English-only profile through the loanword first, and not without the method")
    func koreanNeedEnglishProfile() {
        // given
        let need = NeedProfile(id: "n", title: "물류센터 작업자용 엑소스켈레톤", description: "허리 부담을 줄이는 착용형 장비를 찾습니다.")
        // when
        let with = matcher().rank(need, top: 3).map(\.startupId)
        let without = matcher { $0.methods.remove(.loanwords) }.rank(need, top: 3).map(\.startupId)
        // then
        #expect(with.first == "exo-en")
        #expect(without.first != "exo-en")
    }

    @Test("an English need finds a Korean profile written with the loanword")
    func englishNeedKoreanProfile() {
        let need = NeedProfile(id: "n", title: "Island microgrid operation", description: "Diesel and solar on remote islands.")
        #expect(matcher().rank(need, top: 1).first?.startupId == "grid-ko")
    }

    @Test("bulk and one-by-one indexing learn the same vocabulary")
    func bulkAndSingleLearnAlike() {
        let bulk = matcher()
        let single = Matcher()
        for p in Self.profiles { single.add(p) }
        #expect(Set(bulk.vocabulary.words.map(\.text)) == Set(single.vocabulary.words.map(\.text)))
        #expect(bulk.vocabulary.abbreviationCount == single.vocabulary.abbreviationCount)
    }

    @Test("a bulk build over many chunks and threads learns what adding one by one learns, and ranks alike")
    func bulkOverChunksLearnsAlike() {
        // given 1,200 made-up profiles (several chunks of 256, so more chunks than threads),
        // with made-up loanwords and one made-up abbreviation pair written in some of them
        let loanwords = ["크로반텍스", "플로리넷", "스웨브론", "트윈도"]
        let latin = ["crovantex", "florinet", "swevron", "twindo"]
        var list: [StartupProfile] = []
        for i in 0..<1200 {
            let k = i % 4
            let korean = i % 3 == 0
            list.append(StartupProfile(
                id: "p\(i)", name: korean ? "회사\(i)" : "Firm\(i)",
                summary: korean ? "\(loanwords[k]) 기반 장비 \(i % 7)호" : "\(latin[k]) systems line \(i % 7)",
                description: i % 50 == 0 ? "균열탐지보정(CDQ) 장비를 만듭니다." : (korean ? "\(loanwords[(k + 1) % 4]) 부품도 공급합니다." : "We also ship \(latin[(k + 1) % 4]) parts."),
                keywords: korean ? [loanwords[k]] : [latin[k]], field: "스마트제조", stage: "시리즈A"))
        }
        // when
        let bulk = Matcher()
        bulk.add(contentsOf: list)
        let single = Matcher()
        for p in list { single.add(p) }
        // then the same words and pairs are learned, and a need ranks the same profiles with the same scores
        #expect(bulk.vocabulary.words.count == single.vocabulary.words.count)
        #expect(Set(bulk.vocabulary.words.map(\.text)) == Set(single.vocabulary.words.map(\.text)))
        #expect(bulk.vocabulary.abbreviationCount == single.vocabulary.abbreviationCount)
        let cdq = bulk.vocabulary.abbreviations(forQuery: Set(bulk.analyzer.terms("CDQ")))
        #expect(cdq.map(\.expansion.text) == ["균열탐지보정"])
        #expect(cdq.first?.expansion.count == 24)
        let need = NeedProfile(id: "n", title: "crovantex 장비", description: "CDQ 와 플로리넷 부품")
        let a = bulk.rank(need, top: 30, explain: false), b = single.rank(need, top: 30, explain: false)
        #expect(a.map(\.startupId) == b.map(\.startupId))
        #expect(a.map(\.score) == b.map(\.score))
        #expect(bulk.startup("p7")?.name == "Firm7")
    }

    @Test("a collected word keeps only its own scalars, not the analyser's reused buffer")
    func collectedWordsAreCompact() {
        // given a one-word text in a buffer with room for thousands of scalars (the scratch)
        var buffer: [UInt32] = []
        buffer.reserveCapacity(4096)
        buffer.append(contentsOf: Normalizer.scalars("크로반텍스"))
        // when the word spanning the whole buffer is copied for the vocabulary
        let copy = WordCollector.copy(buffer[...])
        // then it is its five scalars in a buffer of its own size
        #expect(copy == Normalizer.scalars("크로반텍스"))
        #expect(copy.capacity < 64)
        #expect(Array(buffer[...]).capacity >= 4096, "Array(slice) shares the whole buffer: the reason for copy(_:)")
    }

    // MARK: Abbreviations learned from the corpus

    @Test("pairs written as term (ABBR) in profiles are learned in both directions")
    func learnedAbbreviations() {
        // given
        let m = matcher()
        let analyzer = m.analyzer
        // when: a query that writes only the abbreviation, then only the Hangul form
        let ndt = m.vocabulary.abbreviations(forQuery: Set(analyzer.terms("NDT")))
        let spelled = m.vocabulary.abbreviations(forQuery: Set(analyzer.terms("비파괴검사")))
        let lca = m.vocabulary.abbreviations(forQuery: Set(analyzer.terms("LCA")))
        // then
        #expect(ndt.map(\.expansion.text) == ["비파괴검사"])
        #expect(spelled.map(\.expansion.text) == ["ndt"])
        #expect(lca.map(\.expansion.text) == ["life cycle assessment"])
        // One profile wrote each pair: confidence below that of a pair many profiles wrote.
        #expect(ndt.first!.confidence < 1)
    }

    @Test("a translation in parentheses after a Hangul word is learned; a two-syllable Hangul word is not paired")
    func translations() {
        // given
        let m = Matcher()
        m.add(StartupProfile(id: "x", summary: "초분광(hyperspectral) 카메라와 에너지 관리 제어(BEMS) 소프트웨어"))
        // when
        let hyper = m.vocabulary.abbreviations(forQuery: Set(m.analyzer.terms("hyperspectral")))
        let control = m.vocabulary.abbreviations(forQuery: Set(m.analyzer.terms("제어")))
        // then
        #expect(hyper.map(\.expansion.text) == ["초분광"])
        #expect(control.isEmpty)
    }

    @Test("words in parentheses that are not an abbreviation of what precedes are not learned")
    func notAbbreviations() {
        let m = Matcher()
        m.add(StartupProfile(id: "x", summary: "Fast delivery (EV) and parcel lockers (PL) for cities (in Seoul)"))
        #expect(m.vocabulary.abbreviations(forQuery: Set(m.analyzer.terms("EV"))).isEmpty)
        #expect(m.vocabulary.abbreviations(forQuery: Set(m.analyzer.terms("PL"))).map(\.expansion.text) == ["parcel locker"])
    }

    // MARK: Pseudo-relevance feedback

    @Test("feedback expansion adds at most its share of the need's own weight")
    func feedbackCap() throws {
        // given: four profiles on the need's topic that all also say 플라즈마, one that does not
        let m = Matcher()
        for i in 0..<4 {
            m.add(StartupProfile(id: "fab\(i)", summary: "반도체 장비 이상 감지", description: "플라즈마 식각 공정 \(i)번 라인"))
        }
        m.add(StartupProfile(id: "other", summary: "반도체 교육", description: "장비 교육 콘텐츠"))
        let need = NeedProfile(id: "n", title: "반도체 장비 이상 감지", description: "장비 데이터")
        let query = m.queryTerms(need)
        let firstPass = m.index.search(query, k: 10)
        // when
        let expanded = m.feedbackExpanded(query, firstPass: firstPass)
        // then
        let own = Set(query.map(\.term))
        let ownMass = query.reduce(Float(0)) { $0 + $1.weight * m.index.idf($1.term) }
        let added = (expanded ?? []).filter { !own.contains($0.term) }
        let addedMass = added.reduce(Float(0)) { $0 + $1.weight * m.index.idf($1.term) }
        #expect(!added.isEmpty)
        let plasma = Set(m.analyzer.terms("플라즈마").compactMap { m.index.termId($0) })
        #expect(added.contains { plasma.contains($0.term) })
        #expect(addedMass <= m.configuration.feedbackShare * ownMass * 1.0001)
        // The need's own terms keep their weights.
        let all = try #require(expanded)
        for q in query { #expect(all.contains { $0.term == q.term && $0.weight == q.weight }) }
    }

    // MARK: Capability evidence

    @Test("a profile whose summary does what the need asks ranks above one that only mentions it")
    func capabilityEvidence() {
        // given
        let need = NeedProfile(id: "n", title: "반도체 장비 이상 감지", description: "반도체 장비의 이상을 감지할 기업")
        // when
        let ranked = matcher().rank(need, top: 2).map(\.startupId)
        let scoresWithout = matcher { $0.methods.remove(.capabilityEvidence) }.rank(need, top: 6)
        let scoresWith = matcher().rank(need, top: 6)
        // then
        #expect(ranked.first == "anomaly")
        func gap(_ list: [Match]) -> Double {
            (list.first { $0.startupId == "anomaly" }?.score ?? 0) - (list.first { $0.startupId == "cleaning" }?.score ?? 0)
        }
        #expect(gap(scoresWith) > gap(scoresWithout))
    }
}
