import Testing
@testable import IeumMatching

@Suite("Ranking: text, stage, region, explanations, feedback")
struct RankingTests {
    static let profiles: [StartupProfile] = [
        StartupProfile(id: "pdm-ko", name: "진동랩", summary: "회전설비 예지보전 솔루션",
                       description: "펌프와 압축기의 진동 데이터를 AI로 분석해 고장을 미리 예측합니다.",
                       keywords: ["예지보전", "진동 센서"], field: "스마트제조", stage: "시리즈A", region: "성수동"),
        StartupProfile(id: "pdm-seed", name: "모터케어", summary: "모터 고장 예측 센서",
                       description: "소형 진동 센서와 예지보전 알고리즘으로 모터 고장을 예측합니다.",
                       keywords: ["예지보전", "센서"], field: "스마트제조", stage: "시드", region: "대전"),
        StartupProfile(id: "battery", name: "셀닥터", summary: "Battery health diagnostics for EV fleets",
                       description: "We estimate state of health of lithium-ion batteries from charging data.",
                       keywords: ["battery", "BMS"], field: "이차전지/에너지", stage: "시리즈B", region: "판교"),
        StartupProfile(id: "dementia", name: "기억숲", summary: "치매 조기 선별 앱",
                       description: "음성과 그림 과제로 경도인지장애와 치매 위험을 선별합니다.",
                       keywords: ["치매", "디지털 치료제"], field: "디지털헬스", stage: "프리A", region: "홍릉 바이오허브"),
        StartupProfile(id: "dementia-busan", name: "메모리케어", summary: "치매 조기 선별 앱",
                       description: "음성과 그림 과제로 경도인지장애와 치매 위험을 선별합니다.",
                       keywords: ["치매", "디지털 치료제"], field: "디지털헬스", stage: "프리A", region: "부산"),
    ]

    func matcher(_ configuration: MatchingConfiguration = .engine) -> Matcher {
        let m = Matcher(configuration: configuration)
        for p in Self.profiles { m.add(p) }
        return m
    }

    let pdmNeed = NeedProfile(id: "n1", title: "Predictive maintenance for rotating equipment",
                              description: "We want to predict pump and compressor failures from vibration data.",
                              fields: ["스마트제조"], minStage: "시리즈A")

    @Test("an English need finds Korean profiles through the thesaurus")
    func crossLingual() {
        let ranked = matcher().rank(pdmNeed, top: 3)
        #expect(ranked.first?.startupId == "pdm-ko")
        let koreanNeed = NeedProfile(id: "n2", title: "전기차 배터리 상태 진단", description: "2차전지 잔존수명(SOH)을 추정할 기업을 찾습니다.")
        #expect(matcher().rank(koreanNeed, top: 1).first?.startupId == "battery")
    }

    @Test("min_stage: a startup below it is filtered, or kept after the eligible ones with a penalty")
    func stageRule() {
        // given a penalty (default)
        let penalised = matcher().rank(pdmNeed, top: 5)
        let ids = penalised.map(\.startupId)
        #expect(ids.firstIndex(of: "pdm-ko")! < ids.firstIndex(of: "pdm-seed")!)
        #expect(penalised.first { $0.startupId == "pdm-seed" }?.explanation?.stage == .below(required: .seriesA, actual: .seed))
        // given a filter
        var config = MatchingConfiguration.engine
        config.stageRule = .filter
        #expect(!matcher(config).rank(pdmNeed, top: 5).contains { $0.startupId == "pdm-seed" })
    }

    @Test("a stage stated in the text counts like min_stage")
    func stageInText() {
        #expect(StageRequirement.detect(in: "국내 레퍼런스를 보유한 시리즈A 이상 기업을 희망합니다.") == .seriesA)
        #expect(StageRequirement.detect(in: "Companies at Series B or later are preferred.") == .seriesB)
        #expect(StageRequirement.detect(in: "프리A 단계 이상의 스타트업") == .preA)
        #expect(StageRequirement.detect(in: "시드 투자를 받은 팀도 환영합니다") == nil)
        let need = NeedProfile(id: "n", title: "모터 예지보전", description: "시리즈A 이상 기업을 찾습니다.", minStage: "시드")
        #expect(StageRequirement.required(for: need) == .seriesA)
    }

    @Test("preferred region: 서울 covers Seoul hubs and only breaks ties")
    func region() {
        let need = NeedProfile(id: "n3", title: "치매 조기 선별", description: "경도인지장애 선별 서비스를 찾습니다.", preferredRegion: "서울")
        let ranked = matcher().rank(need, top: 2)
        #expect(ranked.map(\.startupId) == ["dementia", "dementia-busan"])
        #expect(ranked[0].explanation?.region == .inside(preferred: "서울", region: "홍릉 바이오허브"))
        #expect(ranked[1].explanation?.region == .outside(preferred: "서울", region: "부산"))
        let regions = Lexicon.standard.regions
        #expect(regions.contains(preferred: "서울", region: "G밸리 (구로·가산)"))
        #expect(regions.contains(preferred: "창원", region: "창원"))
        #expect(!regions.contains(preferred: "서울", region: "판교"))
    }

    @Test("every result has an explanation with terms, synonyms, field, stage, in Korean and English")
    func explanations() {
        let top = matcher().rank(pdmNeed, top: 1)[0]
        let e = try! #require(top.explanation)
        #expect(e.synonymsUsed.contains { $0.term == "predictive maintenance" && $0.synonym == "예지보전" })
        #expect(e.matchedTerms.contains { $0.term == "vibration" && $0.synonym == "진동" && $0.field == .name })
        #expect(e.fieldOverlap == ["스마트제조"])
        #expect(e.stage == .meets(required: .seriesA, actual: .seriesA))
        #expect(e.korean.contains("predictive maintenance→예지보전(한줄소개)"))
        #expect(e.korean.contains("단계 충족"))
        #expect(e.english.contains("predictive maintenance → 예지보전 (summary)"))
        #expect(e.english.contains("stage ok"))
    }

    @Test("feedback moves a startup for that need and for a similar need, not for an unrelated one")
    func feedback() {
        // given
        let m = matcher()
        let need = NeedProfile(id: "n3", title: "치매 조기 선별", description: "경도인지장애 선별 서비스를 찾습니다.")
        #expect(m.rank(need, top: 2).map(\.startupId) == ["dementia", "dementia-busan"])
        // when
        m.recordFeedback(need: need, startupId: "dementia", .notSuitable)
        // then: same need
        let after = m.rank(need, top: 2)
        #expect(after.map(\.startupId) == ["dementia-busan", "dementia"])
        #expect(after[1].explanation!.feedbackEffect < 0)
        // a similar need is affected, scaled by similarity
        let similar = NeedProfile(id: "n4", title: "치매 위험 선별", description: "치매 조기 선별 앱을 찾습니다.")
        let s = m.rank(similar, top: 2)
        #expect(s.first?.startupId == "dementia-busan")
        #expect(s[1].explanation!.feedbackEffect < 0 && s[1].explanation!.feedbackEffect > -0.6)
        // an unrelated need is not
        #expect(m.rank(pdmNeed, top: 5).allSatisfy { $0.explanation!.feedbackEffect == 0 })
        // 관심 있음 raises
        m.recordFeedback(need: need, startupId: "dementia", .interested)
        #expect(m.rank(need, top: 1)[0].startupId == "dementia")
    }

    @Test("inactive organisations are not suggested; updates and removals show at once")
    func incrementalProfiles() {
        let m = matcher()
        var closed = Self.profiles[0]
        closed.status = "폐업"
        m.update(closed)
        #expect(!m.rank(pdmNeed, top: 5).contains { $0.startupId == "pdm-ko" })
        m.remove(id: "pdm-seed")
        #expect(!m.rank(pdmNeed, top: 5).contains { $0.startupId == "pdm-seed" })
        #expect(m.count == 4)
    }

    @Test("baseline mode ranks by plain bigram BM25 without structured fit")
    func baseline() {
        let m = matcher(.baseline)
        let ranked = m.rank(NeedProfile(id: "n", title: "치매 선별", description: ""), top: 5)
        #expect(Set(ranked.prefix(2).map(\.startupId)) == ["dementia", "dementia-busan"])
        #expect(ranked.allSatisfy { $0.explanation == nil })
    }
}
