import Foundation

/// What the engine already knows about a (need, startup) pair, as numbers a small model can weigh:
/// text relevance, where the need's words were found (per profile field), whether a key
/// requirement was quoted, field overlap, stage fit and level, region fit, and how much of the
/// match came through thesaurus expansions. Each lies in −1…1.
public struct FeedbackFeatures: Sendable, Hashable {
    public static let names = [
        "textRelevance", "evidenceName", "evidenceSummary", "evidenceKeywords", "evidenceDescription",
        "matchedTerms", "keyRequirement", "fieldFit", "stageFit", "stageLevel", "stageRegistered",
        "regionFit", "expansionShare",
    ]
    public static var count: Int { names.count }

    public var values: [Double]

    public init(values: [Double]) {
        precondition(values.count == Self.count, "one value per feature")
        self.values = values
    }

    /// The features of a match (which must carry its explanation), with the startup's own stage
    /// when it registered one. The score's feedback effect is left out: it is a label, not a feature.
    public init(_ e: MatchExplanation, stage: Stage?) {
        let matched = e.matchedTerms
        let total = Double(max(1, matched.count))
        func share(_ field: ProfileField) -> Double { Double(matched.filter { $0.field == field }.count) / total }
        let fieldFit: Double = !e.fieldOverlap.isEmpty ? 1 : (e.requestedFields.isEmpty ? 0 : -1)
        let stageFit: Double
        switch e.stage {
        case .notRequired: stageFit = 0
        case .meets: stageFit = 1
        case .below: stageFit = -1
        case .unknown: stageFit = -0.5
        }
        let regionFit: Double
        switch e.region {
        case .noPreference: regionFit = 0
        case .inside: regionFit = 1
        case .outside: regionFit = -1
        }
        let last = Double(Stage.allCases.count - 1)
        values = [
            min(1, max(0, e.textRelevance)),
            share(.name), share(.summary), share(.keywords), share(.description),
            min(1, log(1 + Double(matched.count)) / log(11)),
            e.quotes.contains(where: \.key) ? 1 : 0,
            fieldFit, stageFit,
            stage.map { Double($0.rawValue) / last } ?? 0,
            stage == nil ? 0 : 1,
            regionFit,
            Double(e.synonymsUsed.count) / total,
        ]
    }
}

/// One labelled pair: positive (관심 있음, invited, shortlisted, selected) or negative (적합하지
/// 않음, not selected), with a weight for how strong the signal is.
public struct FeedbackExample: Sendable, Hashable {
    public var features: FeedbackFeatures
    public var positive: Bool
    public var weight: Double

    public init(features: FeedbackFeatures, positive: Bool, weight: Double = 1) {
        self.features = features
        self.positive = positive
        self.weight = weight
    }
}

/// A small learned re-ranker: L2-regularised logistic regression over `FeedbackFeatures`, trained
/// by full-batch gradient descent for a fixed number of steps from zero weights (no randomness:
/// the same examples give the same weights, bit for bit). Its part of a score is
/// `blendWeight × (2p − 1)` for the predicted probability p, so it moves a score by at most
/// `blendWeight` either way (0.1 against a best text match of 1: it reorders close candidates and
/// cannot lift a profile without the need's words above a good one). Weights are clipped to
/// ±`maxWeight` after every step.
public struct FeedbackModel: Sendable, Hashable {
    /// Labelled pairs needed before a model acts, and the least of each class among them: below
    /// that a program's feedback is too thin to say more than the per-pair effects already do.
    public static let minimumExamples = 20
    public static let minimumPerClass = 3
    /// The most the model adds to or takes from a score (the best text match scores 1).
    public static let blendWeight = 0.1
    /// Weights (bias included) never leave ±this.
    public static let maxWeight = 4.0
    /// L2 penalty, learning rate and steps of the fixed training schedule.
    public static let l2 = 0.01
    public static let learningRate = 0.5
    public static let iterations = 1000
    /// A contribution smaller than this (on the engine's score scale) is not called out in reasons.
    public static let visibleEffect = 0.01

    public private(set) var weights: [Double]
    public private(set) var bias: Double
    /// How many examples it was trained on.
    public let examples: Int

    init(weights: [Double], bias: Double, examples: Int) {
        self.weights = weights
        self.bias = bias
        self.examples = examples
    }

    /// Whether these examples are enough for a model: at least `minimumExamples`, and at least
    /// `minimumPerClass` positive and negative ones.
    public static func enough(_ examples: [FeedbackExample]) -> Bool {
        let positives = examples.filter(\.positive).count
        return examples.count >= minimumExamples && positives >= minimumPerClass && examples.count - positives >= minimumPerClass
    }

    /// Trains a model, or returns nil when the examples are not `enough`.
    public static func train(_ examples: [FeedbackExample]) -> FeedbackModel? {
        guard enough(examples) else { return nil }
        let n = FeedbackFeatures.count
        let totalWeight = examples.reduce(0) { $0 + $1.weight }
        guard totalWeight > 0 else { return nil }
        // One flat row-major matrix, targets and weights: the loop below runs iterations × examples
        // × features times, so it reads contiguous memory without per-example array checks.
        let xs = examples.flatMap(\.features.values)
        let ys = examples.map { $0.positive ? 1.0 : 0.0 }
        let ws = examples.map(\.weight)
        var w = [Double](repeating: 0, count: n)
        var b = 0.0
        var gradient = [Double](repeating: 0, count: n)
        xs.withUnsafeBufferPointer { x in
            for _ in 0..<iterations {
                for j in 0..<n { gradient[j] = 0 }
                var gradientBias = 0.0
                for i in 0..<ys.count {
                    let row = i * n
                    var z = b
                    for j in 0..<n { z += w[j] * x[row + j] }
                    let error = (sigmoid(z) - ys[i]) * ws[i]
                    for j in 0..<n { gradient[j] += error * x[row + j] }
                    gradientBias += error
                }
                for j in 0..<n {
                    w[j] -= learningRate * (gradient[j] / totalWeight + l2 * w[j])
                    w[j] = min(maxWeight, max(-maxWeight, w[j]))
                }
                b -= learningRate * gradientBias / totalWeight
                b = min(maxWeight, max(-maxWeight, b))
            }
        }
        return FeedbackModel(weights: w, bias: b, examples: examples.count)
    }

    /// The predicted probability that the pair is a good one.
    public func probability(_ f: FeedbackFeatures) -> Double { Self.sigmoid(Self.dot(weights, f.values) + bias) }

    /// The model's part of a score: −blendWeight…blendWeight.
    public func contribution(_ f: FeedbackFeatures) -> Double { Self.blendWeight * (2 * probability(f) - 1) }

    /// Adds the model's contribution to each match (which must carry its explanation), records it
    /// in the explanation, raises the need's best possible score by the largest positive
    /// contribution (so the 0–100 score stays within 100) and re-sorts, best first.
    /// `stage` gives a startup's registered stage by id.
    public func rerank(_ matches: [Match], stage: (String) -> Stage?) -> [Match] {
        var result = matches
        var largest = 0.0
        for i in result.indices {
            guard var e = result[i].explanation else { continue }
            let c = contribution(FeedbackFeatures(e, stage: stage(result[i].startupId)))
            e.learnedEffect = c
            result[i].explanation = e
            result[i].score += c
            largest = max(largest, c)
        }
        for i in result.indices { result[i].bestPossible += largest }
        result.sort { $0.score > $1.score || ($0.score == $1.score && $0.startupId < $1.startupId) }
        return result
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
