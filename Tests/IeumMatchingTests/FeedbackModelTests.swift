import Testing
@testable import IeumMatching

@Suite("Feedback model: learning a ranking from 관심 있음 / 적합하지 않음 and selections")
struct FeedbackModelTests {
    /// A feature vector: everything neutral except the stage level and text relevance.
    static func features(stage: Double, text: Double = 0.8) -> FeedbackFeatures {
        var v = [Double](repeating: 0, count: FeedbackFeatures.count)
        v[FeedbackFeatures.names.firstIndex(of: "textRelevance")!] = text
        v[FeedbackFeatures.names.firstIndex(of: "stageLevel")!] = stage
        v[FeedbackFeatures.names.firstIndex(of: "stageRegistered")!] = 1
        return FeedbackFeatures(values: v)
    }

    /// Later-stage startups were liked, early ones turned down: separable on the stage level.
    static func toySet(_ n: Int = 24) -> [FeedbackExample] {
        (0..<n).map { i in
            let late = i % 2 == 0
            return FeedbackExample(features: features(stage: late ? 0.67 + Double(i % 3) * 0.1 : 0.17 - Double(i % 3) * 0.05,
                                                      text: 0.6 + Double(i % 4) * 0.1),
                                   positive: late)
        }
    }

    @Test("it learns a separable toy set: every training pair on the right side")
    func learnsSeparable() throws {
        // given
        let examples = Self.toySet()
        // when
        let model = try #require(FeedbackModel.train(examples))
        // then
        for e in examples {
            let p = model.probability(e.features)
            #expect(e.positive ? p > 0.5 : p < 0.5, "p = \(p) for a \(e.positive ? "positive" : "negative") pair")
        }
        #expect(model.contribution(Self.features(stage: 0.83)) > 0.05)
        #expect(model.contribution(Self.features(stage: 0.0)) < -0.05)
        #expect(model.examples == examples.count)
    }

    @Test("below the minimum, or with one class only, there is no model")
    func minimum() {
        // given
        let few = Array(Self.toySet().prefix(FeedbackModel.minimumExamples - 1))
        let oneSided = Self.toySet(40).filter(\.positive)
        let barelyTwoSided = Array(oneSided.prefix(FeedbackModel.minimumExamples)) + Self.toySet(40).filter { !$0.positive }.prefix(FeedbackModel.minimumPerClass - 1)
        // then
        #expect(FeedbackModel.train(few) == nil)
        #expect(FeedbackModel.train(oneSided) == nil)
        #expect(FeedbackModel.train(barelyTwoSided) == nil)
        #expect(FeedbackModel.train(Self.toySet(FeedbackModel.minimumExamples)) != nil)
    }

    @Test("weights stay within their bound and a contribution within the blend weight")
    func bounded() throws {
        // given: a set that would drive unbounded weights to infinity
        var examples = Self.toySet(60)
        examples += (0..<20).map { FeedbackExample(features: Self.features(stage: $0 % 2 == 0 ? 1 : 0, text: 1), positive: $0 % 2 == 0, weight: 5) }
        // when
        let model = try #require(FeedbackModel.train(examples))
        // then
        #expect(model.weights.allSatisfy { abs($0) <= FeedbackModel.maxWeight })
        #expect(abs(model.bias) <= FeedbackModel.maxWeight)
        for stage in stride(from: 0.0, through: 1.0, by: 0.25) {
            #expect(abs(model.contribution(Self.features(stage: stage))) < FeedbackModel.blendWeight)
        }
    }

    @Test("training is deterministic: the same examples give the same weights")
    func deterministic() throws {
        let a = try #require(FeedbackModel.train(Self.toySet()))
        let b = try #require(FeedbackModel.train(Self.toySet()))
        #expect(a == b)
    }

    @Test("the features of a match read its explanation")
    func featuresOfMatch() {
        // given
        var e = MatchExplanation()
        e.textRelevance = 0.9
        e.matchedTerms = [.init(term: "예지보전", field: .keywords, synonym: nil), .init(term: "진동", field: .description, synonym: "vibration")]
        e.fieldOverlap = ["스마트제조"]
        e.stage = .below(required: .seriesA, actual: .seed)
        e.region = .outside(preferred: "서울", region: "대전")
        // when
        let f = FeedbackFeatures(e, stage: .seed).values
        let value = { (name: String) in f[FeedbackFeatures.names.firstIndex(of: name)!] }
        // then
        #expect(value("textRelevance") == 0.9)
        #expect(value("evidenceKeywords") == 0.5 && value("evidenceDescription") == 0.5 && value("evidenceName") == 0)
        #expect(value("fieldFit") == 1 && value("stageFit") == -1 && value("regionFit") == -1)
        #expect(value("stageLevel") == 1.0 / 6 && value("stageRegistered") == 1)
        #expect(value("expansionShare") == 0.5)
    }

    static let profiles: [StartupProfile] = [
        StartupProfile(id: "early", name: "진동랩", summary: "회전설비 예지보전 솔루션",
                       description: "펌프 진동 데이터로 고장을 예측합니다.",
                       keywords: ["예지보전", "진동", "펌프"], field: "스마트제조", stage: "시드", region: "대전"),
        StartupProfile(id: "late", name: "모터케어", summary: "회전설비 예지보전 솔루션",
                       description: "펌프 진동 데이터로 고장을 예측합니다.",
                       keywords: ["예지보전", "진동"], field: "스마트제조", stage: "시리즈B", region: "대전"),
    ]

    @Test("a model that learned to prefer later stages reorders two close candidates and says so")
    func reranks() throws {
        // given
        let matcher = Matcher()
        for p in Self.profiles { matcher.add(p) }
        let need = NeedProfile(id: "n", title: "펌프 예지보전", description: "펌프 진동으로 고장을 예측할 기업", fields: ["스마트제조"])
        let before = matcher.rank(need, top: 2)
        #expect(before.map(\.startupId) == ["early", "late"], "the early-stage profile also names 펌프 in its keywords")
        let model = try #require(FeedbackModel.train(Self.toySet()))
        // when
        let after = model.rerank(before) { id in matcher.startup(id)?.parsedStage }
        // then
        #expect(after.map(\.startupId) == ["late", "early"], "\(before.map(\.score)) → \(after.map(\.score))")
        let top = try #require(after.first?.explanation)
        #expect(top.learnedEffect > FeedbackModel.visibleEffect)
        #expect(MatchReason(top, perspective: .startupForNeed).korean().contains("(피드백 반영)"))
        #expect(MatchReason(top, perspective: .startupForNeed).english().contains("(Learned from feedback)"))
        #expect(top.korean.contains("피드백 학습 모델 +"))
        #expect(after.allSatisfy { $0.score100 <= 100 })
    }

    @Test("rank(only:) explains just the asked startups, wherever they rank")
    func pairMatches() {
        // given
        let matcher = Matcher()
        for p in Self.profiles { matcher.add(p) }
        let need = NeedProfile(id: "n", title: "펌프 예지보전", description: "펌프 진동으로 고장을 예측할 기업")
        // when
        let only = matcher.rank(need, top: 1, explain: false, only: ["late", "missing"])
        // then
        #expect(only.map(\.startupId) == ["late"])
        #expect(only.first?.explanation?.matchedTerms.isEmpty == false)
    }
}
