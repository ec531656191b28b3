import Testing
@testable import IeumMatching

/// Scores people read (0–100, no false ties) and reasons in one or two sentences that quote the
/// profile: one test per reason shape.
@Suite("Match score and sentence reasons")
struct MatchReasonTests {
    static let profiles: [StartupProfile] = [
        StartupProfile(id: "pdm", name: "진동랩", summary: "반도체 장비의 설비 이상 탐지와 예지보전 솔루션",
                       description: "식각 장비의 진동 데이터를 분석해 고장을 미리 알립니다.",
                       keywords: ["예지보전", "설비 이상 탐지"], field: "스마트제조", stage: "시리즈A", region: "성수동"),
        StartupProfile(id: "pdm-seed", name: "모터케어", summary: "모터 예지보전 센서",
                       description: "소형 진동 센서로 모터 고장을 예측합니다.",
                       keywords: ["예지보전"], field: "스마트제조", stage: "시드", region: "부산"),
        StartupProfile(id: "bio", name: "바이오셀", summary: "세포 배양 데이터 분석",
                       description: "세포 배양 공정의 이상 탐지 솔루션을 만듭니다.", keywords: ["세포 배양"], field: "바이오", stage: "시리즈B", region: "서울"),
    ]

    func matcher() -> Matcher {
        let m = Matcher()
        for p in Self.profiles { m.add(p) }
        return m
    }

    let need = NeedProfile(id: "n1", title: "반도체 설비 예지보전", description: "식각 장비의 이상 탐지와 고장 예측 솔루션을 찾습니다.",
                           fields: ["스마트제조"], minStage: "시리즈A", preferredRegion: "서울")

    @Test("scores are 0–100, the best possible reads 100, and none exceeds it even with feedback")
    func scoreScale() {
        // given a matcher where feedback adds to one startup
        let m = matcher()
        m.recordFeedback(need: need, startupId: "pdm", .interested)
        // when
        let ranked = m.rank(need, top: 3)
        // then
        #expect(ranked.allSatisfy { (0...100).contains($0.score100) })
        #expect(ranked.allSatisfy { $0.score <= $0.bestPossible })
        #expect(ranked.first?.startupId == "pdm")
        #expect(ranked.first.map { $0.score100 > 99.9 } == true, "best text match, same field, region and feedback: 100")
        // Raw engine scores go above 1 here (bonuses and feedback); the 0–100 score does not.
        #expect(ranked.first.map { $0.score > 1 } == true)
        #expect(MatchScore.percent(1.4, of: 1.09) == 100)
        #expect(MatchScore.percent(-0.2, of: 1) == 0)
    }

    @Test("labels: one decimal; more only where different scores would print alike; equal scores print alike")
    func tieLabels() {
        #expect(MatchScore.labels([92.04, 87.44, 87.41, 80]) == ["92.0", "87.44", "87.41", "80.0"])
        #expect(MatchScore.labels([87.46, 87.44]) == ["87.5", "87.4"])
        #expect(MatchScore.labels([70.25, 70.25]) == ["70.3", "70.3"] || MatchScore.labels([70.25, 70.25]) == ["70.2", "70.2"])
        #expect(MatchScore.labels([50.00001, 50]) == ["50.0", "50.0"], "below the tolerance is the same score")
    }

    @Test("a tie is broken by the key requirements found, and said to be a tie")
    func tieOrder() {
        var weak = MatchExplanation()
        weak.matchedTerms = [.init(term: "데이터", field: .description)]
        var strong = MatchExplanation()
        strong.matchedTerms = [.init(term: "예지보전", field: .keywords), .init(term: "설비", field: .summary)]
        strong.quotes = [.init(text: "예지보전", field: .keywords, key: true)]
        let a = Match(startupId: "a", score: 0.8, explanation: weak, bestPossible: 1)
        let b = Match(startupId: "b", score: 0.8, explanation: strong, bestPossible: 1)
        let c = Match(startupId: "c", score: 0.9, explanation: weak, bestPossible: 1)
        let ordered = MatchScore.ordered([a, b, c])
        #expect(ordered.map(\.match.startupId) == ["c", "b", "a"])
        #expect(ordered.map(\.tiedWithPrevious) == [false, false, true])
    }

    @Test("meets all: quotes the profile's phrases for the need's key words; no 다만 sentence")
    func meetsAll() throws {
        let top = try #require(matcher().rank(need, top: 3).first { $0.startupId == "pdm" })
        let e = try #require(top.explanation)
        let reason = MatchReason(e, perspective: .startupForNeed)
        let ko = reason.korean()
        #expect(ko.contains("‘예지보전’"))
        #expect(ko.contains("경험이 수요과제의 핵심 요구와 맞"))
        #expect(ko.contains("기술분야(스마트제조)"))
        #expect(!ko.contains("다만"))
        #expect(ko.split(separator: ".").count <= 2)
        // Every quote is a passage of the profile.
        let profile = Self.profiles[0]
        let all = [profile.summary, profile.description, profile.keywords.joined(separator: ", ")].joined(separator: " ")
        for q in e.quotes { #expect(all.contains(q.text.replacingOccurrences(of: "…", with: "")), "\(q.text)") }
        #expect(!ko.contains("(한줄소개)"), "no raw term list")
    }

    @Test("meets some, stage below and other region: a 다만 sentence names both")
    func stageBelowAndRegion() throws {
        let e = try #require(matcher().rank(need, top: 3).first { $0.startupId == "pdm-seed" }?.explanation)
        let ko = MatchReason(e, perspective: .startupForNeed).korean()
        #expect(ko.contains("‘모터 예지보전 센서’") || ko.contains("‘예지보전’"))
        #expect(ko.contains("다만 요구 단계(시리즈A 이상)보다 이른 단계(시드)이고, 선호 지역(서울)이 아닌 부산에 있습니다."))
    }

    @Test("other field and region: said in the caveat; weak text match says so instead of claiming key requirements")
    func otherField() throws {
        let e = try #require(matcher().rank(need, top: 3).first { $0.startupId == "bio" }?.explanation)
        let ko = MatchReason(e, perspective: .startupForNeed).korean()
        #expect(!ko.contains("핵심 요구와 맞"))
        #expect(ko.contains("등록 기술분야(바이오)가 요구 분야(스마트제조)와 다릅니다") || ko.contains("등록 기술분야(바이오)가 요구 분야(스마트제조)와 다르고"))
    }

    @Test("English: the same reason in English sentences, with field names in English")
    func english() throws {
        let e = try #require(matcher().rank(need, top: 3).first { $0.startupId == "pdm-seed" }?.explanation)
        let en = MatchReason(e, perspective: .startupForNeed).english(field: { $0 == "스마트제조" ? "Smart manufacturing" : $0 })
        #expect(en.hasPrefix("Its ‘"))
        #expect(en.contains("experience matches the need's key requirements"))
        #expect(en.contains("same field (Smart manufacturing)"))
        #expect(en.contains("However, it is at an earlier stage (seed) than required (Series A or later) and it is in 부산, outside the preferred region (서울)."))
    }

    @Test("a startup reading about a need: the need's phrases, 귀사 프로필; feedback is mentioned")
    func needForStartup() {
        var e = MatchExplanation()
        e.quotes = [.init(text: "설비 이상 탐지", field: .summary, key: true), .init(text: "예지보전", field: .keywords, key: true)]
        e.feedbackEffect = 0.3
        let reason = MatchReason(e, perspective: .needForStartup)
        #expect(reason.korean() == "이 수요과제가 찾는 ‘설비 이상 탐지’와 ‘예지보전’이 귀사 프로필과 맞습니다. (피드백 반영)")
        #expect(reason.english() == "The need asks for ‘설비 이상 탐지’ and ‘예지보전’, which your profile covers. (Learned from feedback)")
    }

    @Test("particles follow the last sound; snippets cut with …")
    func particlesAndSnippets() {
        #expect(Josa.list(["‘예지보전’", "‘센서’"]) == "‘예지보전’과 ‘센서’")
        #expect(Josa.list(["‘AI’", "‘센서’"]) == "‘AI’와 ‘센서’")
        #expect(Josa.list(["‘platform’", "‘센서’"]) == "‘platform’과 ‘센서’")
        #expect(MatchQuotes.snippet("이상탐지", in: "우리는 반도체 장비의 설비 이상 탐지 기술로 수율을 높이는 회사입니다") == "…설비 이상 탐지 기술로…")
        #expect(MatchQuotes.snippet("예지보전", in: "모터 예지보전 센서") == "모터 예지보전 센서")
        #expect(MatchQuotes.snippet("없는말", in: "모터 예지보전 센서") == nil)
    }
}
