/// 관심 있음 / 적합하지 않음 per (need, startup), with each need's term vector so that feedback
/// carries over to similar needs, scaled by cosine similarity.
struct FeedbackStore {
    private var votes: [String: [String: FeedbackKind]] = [:]
    private var vectors: [String: [Int32: Float]] = [:]

    var isEmpty: Bool { votes.isEmpty }

    mutating func record(needId: String, vector: [Int32: Float], startupId: String, kind: FeedbackKind) {
        votes[needId, default: [:]][startupId] = kind
        vectors[needId] = vector
    }

    mutating func clear(needId: String, startupId: String) {
        votes[needId]?[startupId] = nil
        if votes[needId]?.isEmpty == true { votes[needId] = nil; vectors[needId] = nil }
    }

    /// Score changes per startup for a need. The need's own feedback counts fully; another need's
    /// counts by similarity when that is at least the threshold. O(needs with feedback × terms).
    func effects(for needId: String, vector: [Int32: Float], configuration c: MatchingConfiguration) -> [String: Double] {
        var effects: [String: Double] = [:]
        for (other, startups) in votes {
            let similarity: Double
            if other == needId {
                similarity = 1
            } else {
                guard let v = vectors[other] else { continue }
                var dot: Float = 0
                let (small, large) = v.count < vector.count ? (v, vector) : (vector, v)
                for (t, x) in small { if let y = large[t] { dot += x * y } }
                similarity = Double(dot)
                guard similarity >= c.feedbackSimilarityThreshold else { continue }
            }
            for (startup, kind) in startups {
                let base = kind == .interested ? c.interestedEffect : c.notSuitableEffect
                effects[startup, default: 0] += base * similarity
            }
        }
        return effects
    }
}
