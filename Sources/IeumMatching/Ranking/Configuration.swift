/// The profile fields the engine indexes, in index order.
public enum ProfileField: Int, Sendable, Hashable, Codable, CaseIterable {
    case name = 0, summary, keywords, description

    public var korean: String { ["회사명", "한줄소개", "키워드", "설명"][rawValue] }
    public var english: String { ["name", "summary", "keywords", "description"][rawValue] }
}

/// How a startup below the need's minimum stage is treated.
public enum StageRule: Sendable, Hashable {
    /// Left out of the results.
    case filter
    /// Kept, with its score multiplied by the factor (0…1), so it still shows after the eligible ones.
    case penalty(Double)
}

public enum FeedbackKind: String, Sendable, Hashable, Codable {
    /// 관심 있음
    case interested
    /// 적합하지 않음
    case notSuitable

    public var korean: String { self == .interested ? "관심 있음" : "적합하지 않음" }
}

/// The methods that reach words nobody listed (docs/matching.md, "Generalisation"); each can be
/// switched off to measure what it brings.
public enum GeneralisationMethod: String, Sendable, Hashable, CaseIterable {
    /// Hangul loanwords ↔ Latin words by sound, weighted by the match's confidence.
    case loanwords
    /// Abbreviations and spelled-out forms written together in profiles.
    case abbreviations
    /// Pseudo-relevance feedback: rare words shared by the best first-pass profiles, capped.
    case feedbackExpansion
    /// Need words found in a profile's summary or keywords count more than incidental mentions.
    case capabilityEvidence
    /// A profile written in one script only is scored against the part of the need that script
    /// can match (the need's Hangul terms, or its Latin words, plus the concepts both share).
    case scriptCoverage

    public var label: String {
        switch self {
        case .loanwords: "loanword transliteration"
        case .abbreviations: "corpus-learned abbreviations"
        case .feedbackExpansion: "pseudo-relevance feedback"
        case .capabilityEvidence: "capability evidence (summary/keywords)"
        case .scriptCoverage: "script coverage (one-script profiles scored on what they can match)"
        }
    }
}

public struct MatchingConfiguration: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        /// Analysis with particles, thesaurus and BM25F over the four fields, plus structured fit.
        case engine
        /// Plain Hangul-bigram BM25 over all text in one field, nothing else (the dev set's baseline).
        case baseline
    }
    public var mode: Mode = .engine
    /// BM25F weights and length normalisation for name, summary, keywords, description.
    public var fields = BM25FParameters(k1: 1.2, weights: [0.6, 1.6, 1.6, 1.0], b: [0.3, 0.5, 0.4, 0.75])
    /// Query weight of a term in the need's title relative to one in its description.
    public var titleWeight: Float = 2.0
    /// Down-weight of a thesaurus concept term (an expansion to all synonyms) relative to a surface term.
    public var expansionWeight: Float = 0.7
    public var stageRule: StageRule = .penalty(0.3)
    /// Bonuses added to the text relevance (normalised so that the best text match is 1).
    public var fieldOverlapBonus: Double = 0.06
    public var regionBonus: Double = 0.03
    /// Inactive organisations (휴업/폐업) are left out when true, else their score is halved.
    public var excludeInactive = true
    /// Feedback effects for the same need; similar needs get them scaled by similarity.
    public var interestedEffect: Double = 0.3
    public var notSuitableEffect: Double = -0.6
    /// Cosine similarity of need term vectors from which feedback on one need carries to another.
    public var feedbackSimilarityThreshold: Double = 0.2
    /// How many text candidates are re-ranked with the structured fit.
    public var candidatePool = 300
    /// Generalisation methods in use (all by default; none in baseline mode).
    public var methods: Set<GeneralisationMethod> = Set(GeneralisationMethod.allCases)
    /// Pseudo-relevance feedback: the best `feedbackDocuments` profiles of the first pass vote; a
    /// word in at least half of them is added, and all added words together weigh at most
    /// `feedbackShare` of the need's own query weight.
    public var feedbackDocuments = 5
    public var feedbackTerms = 8
    public var feedbackShare: Float = 0.2
    /// Capability evidence: the part of a profile's text score carried by words its summary or
    /// keywords contain counts (1 + this) times.
    public var capabilityBoost: Float = 0.5
    /// Loanwords: the least confidence (1 − normalised sound distance) at which two words of
    /// different scripts count as one.
    public var loanwordThreshold: Float = 0.8
    /// Script coverage: a one-script profile's text score is multiplied by (the need's whole
    /// query mass / the mass its script reaches) to this power. The two bounds are exponent 0 (assume
    /// nothing about the part of the need the profile cannot be read against: factor 1) and
    /// exponent 1 (assume it meets that part as well as the part it can: the whole ratio); 0.5 is their
    /// geometric mean, so a profile that reaches a small share of the need is lifted, but not as
    /// far as a profile that matched the whole need.
    public var scriptCoverageExponent: Float = 0.5

    public init() {}

    public static let engine = MatchingConfiguration()
    public static var baseline: MatchingConfiguration {
        var c = MatchingConfiguration()
        c.mode = .baseline
        c.fields = .singleField
        c.methods = []
        return c
    }
}
