import Foundation

/// The generalisation methods on the query side: words nobody listed reach the profiles through
/// sound (loanwords), through pairs the profiles themselves wrote (abbreviations) and through the
/// best first-pass profiles (pseudo-relevance feedback). Every expansion weighs less than the
/// need's own words.
extension Matcher {
    /// Adds sound-alike words of the other script and learned abbreviation forms to `weights`.
    func addExpansions(_ lists: [([AnalyzedWord], Float)], to weights: inout [UInt64: Float]) {
        let methods = configuration.methods
        if methods.contains(.loanwords) {
            for (words, boost) in lists {
                for word in words {
                    let hangul: Bool
                    switch word.kind {
                    case .hangul: hangul = true
                    case .latin: hangul = false
                    case .concept: continue
                    }
                    for (keys, confidence) in soundAlikes(word.text, hangul: hangul) {
                        // A Latin word standing for a Hangul word weighs like the word's bigrams;
                        // Hangul bigrams standing for a Latin word each weigh like one word's key.
                        let surface = hangul ? Float(max(1, word.keys.count)) : 1
                        let w = boost * configuration.expansionWeight * confidence * confidence * surface
                        for key in keys where !word.keys.contains(key) { weights[key, default: 0] += w }
                    }
                }
            }
        }
        if methods.contains(.abbreviations) {
            let present = Set(weights.keys)
            for (expansion, confidence) in vocabulary.abbreviations(forQuery: present) {
                // The pair's other form weighs like the form the need wrote, times the down-weight.
                let w = configuration.expansionWeight * confidence
                for key in expansion.keys { weights[key, default: 0] += w }
            }
        }
    }

    /// Cached: the term keys of the vocabulary words that sound like `word`, with confidences.
    func soundAlikes(_ word: String, hangul: Bool) -> [(keys: [UInt64], confidence: Float)] {
        if soundAlikeGeneration != vocabulary.generation {
            soundAlikeCache.removeAll(keepingCapacity: true)
            soundAlikeGeneration = vocabulary.generation
        }
        let cacheKey = (hangul ? "h:" : "l:") + word
        if let hit = soundAlikeCache[cacheKey] { return hit }
        let found = vocabulary.soundAlikes(of: word, hangul: hangul, threshold: configuration.loanwordThreshold).map { ($0.word.keys, $0.confidence) }
        soundAlikeCache[cacheKey] = found
        return found
    }

    /// Text relevance with the capability evidence when that method is on.
    func textSearch(_ query: [(term: Int32, weight: Float)], k: Int) -> [(doc: Int32, score: Float)] {
        guard configuration.methods.contains(.capabilityEvidence) else { return index.search(query, k: k) }
        return index.search(query, k: k, evidenceFields: [.summary, .keywords], boost: configuration.capabilityBoost)
    }

    /// Pseudo-relevance feedback: terms that at least half of the best first-pass profiles share,
    /// rarest first, with weights scaled so that their idf-weighted total is at most
    /// `feedbackShare` of the query's own. Nil when nothing qualifies. The terms are not in `query`.
    func feedbackTerms(_ query: [(term: Int32, weight: Float)], firstPass: [(doc: Int32, score: Float)]) -> [(term: Int32, weight: Float)]? {
        // Fewer than three voters, or a word only one of them has, would add one profile's own
        // words (its name) and decide between near-ties by them.
        let voters = firstPass.prefix(configuration.feedbackDocuments)
        guard voters.count >= 3 else { return nil }
        let own = Set(query.map(\.term))
        var votes: [Int32: Int] = [:]
        for candidate in voters {
            for t in index.terms(of: candidate.doc) where !own.contains(t) { votes[t, default: 0] += 1 }
        }
        let minimum = max(2, (voters.count + 1) / 2)
        var picked: [(term: Int32, votes: Int, idf: Float)] = []
        for (term, count) in votes where count >= minimum { picked.append((term, count, index.idf(term))) }
        picked.sort { $0.idf > $1.idf || ($0.idf == $1.idf && $0.term < $1.term) }
        if picked.count > configuration.feedbackTerms { picked.removeLast(picked.count - configuration.feedbackTerms) }
        guard !picked.isEmpty else { return nil }
        let share = Float(1) / Float(voters.count)
        var ownMass: Float = 0
        for q in query { ownMass += q.weight * index.idf(q.term) }
        var addedMass: Float = 0
        for p in picked { addedMass += Float(p.votes) * share * p.idf }
        guard ownMass > 0, addedMass > 0 else { return nil }
        let scale = min(1, configuration.feedbackShare * ownMass / addedMass)
        return picked.map { ($0.term, scale * Float($0.votes) * share) }
    }

    /// The query with the feedback terms added (for tests and explanations).
    func feedbackExpanded(_ query: [(term: Int32, weight: Float)], firstPass: [(doc: Int32, score: Float)]) -> [(term: Int32, weight: Float)]? {
        guard let added = feedbackTerms(query, firstPass: firstPass) else { return nil }
        return (query + added).sorted { $0.term < $1.term }
    }
}
