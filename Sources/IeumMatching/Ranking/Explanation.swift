/// Why a startup was suggested for a need: a structured value with Korean and English renderings.
public struct MatchExplanation: Sendable, Hashable, Codable {
    public struct TermMatch: Sendable, Hashable, Codable {
        /// The term as written in the need.
        public var term: String
        public var field: ProfileField
        /// The profile's wording when it matched through the thesaurus (e.g. need "predictive maintenance", profile "예지보전").
        public var synonym: String?
    }
    public enum StageFit: Sendable, Hashable, Codable {
        case notRequired
        case meets(required: Stage, actual: Stage)
        case below(required: Stage, actual: Stage)
        case unknown(required: Stage)
    }
    public enum RegionFit: Sendable, Hashable, Codable {
        case noPreference
        case inside(preferred: String, region: String)
        case outside(preferred: String, region: String)
    }

    public var matchedTerms: [TermMatch] = []
    public var fieldOverlap: [String] = []
    public var stage: StageFit = .notRequired
    public var region: RegionFit = .noPreference
    public var active = true
    /// Score added by feedback on this need or on similar needs (0 when none).
    public var feedbackEffect: Double = 0
    /// Score added (or taken) by the ranking model learned from the program's feedback
    /// (`FeedbackModel`; 0 when no model acts).
    public var learnedEffect: Double = 0
    /// Text relevance relative to the best text match for the need (0…1).
    public var textRelevance: Double = 0
    /// Short passages of the profile (the indexed document) where the need's words were found,
    /// key requirements (words of the need's title) first; what the sentence reason quotes.
    public var quotes: [Quote] = []
    /// The fields the need asks for and the profile's own field, to say when they differ.
    public var requestedFields: [String] = []
    public var profileField: String = ""

    public struct Quote: Sendable, Hashable, Codable {
        public var text: String
        public var field: ProfileField
        /// The matched word is in the need's title, i.e. one of its key requirements.
        public var key: Bool
    }

    public init() {}

    public var synonymsUsed: [TermMatch] { matchedTerms.filter { $0.synonym != nil } }

    public var korean: String {
        var parts: [String] = []
        let direct = matchedTerms.filter { $0.synonym == nil }.prefix(6).map { "\($0.term)(\($0.field.korean))" }
        if !direct.isEmpty { parts.append("일치 용어: " + direct.joined(separator: ", ")) }
        let syn = synonymsUsed.prefix(4).map { "\($0.term)→\($0.synonym!)(\($0.field.korean))" }
        if !syn.isEmpty { parts.append("동의어: " + syn.joined(separator: ", ")) }
        if !fieldOverlap.isEmpty { parts.append("분야 일치: " + fieldOverlap.joined(separator: ", ")) }
        switch stage {
        case .notRequired: break
        case let .meets(r, a): parts.append("단계 충족(\(a.korean) ≥ \(r.korean))")
        case let .below(r, a): parts.append("단계 미달(\(a.korean) < \(r.korean))")
        case let .unknown(r): parts.append("단계 확인 필요(요구 \(r.korean))")
        }
        switch region {
        case .noPreference: break
        case let .inside(p, r): parts.append("선호 지역 \(p) 내(\(r))")
        case let .outside(p, r): parts.append("선호 지역 \(p) 밖(\(r))")
        }
        if !active { parts.append("비활성 기업") }
        if feedbackEffect != 0 { parts.append("피드백 반영 \(Self.signed(feedbackEffect))") }
        if abs(learnedEffect) >= FeedbackModel.visibleEffect { parts.append("피드백 학습 모델 \(Self.signed(learnedEffect))") }
        return parts.isEmpty ? "공통 용어 적음" : parts.joined(separator: " · ")
    }

    public var english: String {
        var parts: [String] = []
        let direct = matchedTerms.filter { $0.synonym == nil }.prefix(6).map { "\($0.term) (\($0.field.english))" }
        if !direct.isEmpty { parts.append("matched: " + direct.joined(separator: ", ")) }
        let syn = synonymsUsed.prefix(4).map { "\($0.term) → \($0.synonym!) (\($0.field.english))" }
        if !syn.isEmpty { parts.append("synonyms: " + syn.joined(separator: ", ")) }
        if !fieldOverlap.isEmpty { parts.append("same field: " + fieldOverlap.joined(separator: ", ")) }
        switch stage {
        case .notRequired: break
        case let .meets(r, a): parts.append("stage ok (\(a.english) ≥ \(r.english))")
        case let .below(r, a): parts.append("below required stage (\(a.english) < \(r.english))")
        case let .unknown(r): parts.append("stage unknown (requires \(r.english))")
        }
        switch region {
        case .noPreference: break
        case let .inside(p, r): parts.append("in preferred region \(p) (\(r))")
        case let .outside(p, r): parts.append("outside preferred region \(p) (\(r))")
        }
        if !active { parts.append("inactive organisation") }
        if feedbackEffect != 0 { parts.append("feedback \(Self.signed(feedbackEffect))") }
        if abs(learnedEffect) >= FeedbackModel.visibleEffect { parts.append("model learned from feedback \(Self.signed(learnedEffect))") }
        return parts.isEmpty ? "few shared terms" : parts.joined(separator: " · ")
    }

    private static func signed(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return r >= 0 ? "+\(r)" : "\(r)"
    }
}
