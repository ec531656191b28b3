import Foundation

/// One suggestion: a startup for a need, its score and why.
public struct Match: Sendable, Hashable {
    public var startupId: String
    public var score: Double
    public var explanation: MatchExplanation?
    /// The highest score any profile could reach for this need (the best text match, with every
    /// bonus the need can give and the largest positive feedback it has); `score` never exceeds it.
    public var bestPossible: Double = 1

    /// The score on 0…100: the share of the best possible score for this need (docs/matching.md,
    /// "Match score"). Unrounded, so that only truly equal scores compare equal.
    public var score100: Double { MatchScore.percent(score, of: bestPossible) }
}

/// Ranks startups for needs: BM25F text relevance, structured fit (stage, field, region,
/// status) and feedback. Keeps the startups it indexes so that results can be explained.
/// Not thread-safe: use one per thread or guard it.
public final class Matcher {
    public let configuration: MatchingConfiguration
    public let analyzer: Analyzer
    public let index: BM25FIndex
    /// The indexed profiles by index document number (`index.number(of:)` finds a live one by id).
    var profiles: [StartupProfile] = []
    /// Structured facts by index document number, so re-ranking does no string work per candidate.
    var facts: [Facts] = []
    var feedback = FeedbackStore()
    /// Words, sound-alikes and abbreviations learned from the indexed profiles.
    public private(set) var vocabulary = LearnedVocabulary()
    /// Sound-alike lookups by need word, valid for one vocabulary generation.
    var soundAlikeCache: [String: [(keys: [UInt64], confidence: Float)]] = [:]
    var soundAlikeGeneration = -1

    struct Facts {
        var fieldKey: String
        var stage: Stage?
        var region: String
        var active: Bool
        /// The scripts the profile's words are written in (`Scripts`).
        var scripts: Scripts = .both
    }

    public init(configuration: MatchingConfiguration = .engine, lexicon: Lexicon = .standard) {
        self.configuration = configuration
        let options: AnalyzerOptions = configuration.mode == .baseline ? .baseline : .engine
        self.analyzer = Analyzer(lexicon: lexicon, options: options)
        self.index = BM25FIndex(parameters: configuration.fields)
    }

    public var count: Int { index.documentCount }
    public func startup(_ id: String) -> StartupProfile? { index.number(of: id).map { profiles[Int($0)] } }

    // MARK: Profiles

    /// Adds a startup, or replaces the profile with the same id.
    public func add(_ startup: StartupProfile) {
        insert(startup, fieldTerms(startup))
        if collectsVocabulary {
            var scratch = AnalysisScratch(collecting: true)
            var sink: [UInt64] = []
            for text in [startup.name, startup.summary, startup.keywords.joined(separator: " , "), startup.description] {
                analyzer.terms(text, into: &sink, scratch: &scratch)
            }
            vocabulary.merge(scratch.collector!, analyzer: analyzer)
        }
    }

    /// Whether indexing collects words for the loanword and abbreviation methods.
    var collectsVocabulary: Bool {
        configuration.mode == .engine && !configuration.methods.isDisjoint(with: [.loanwords, .abbreviations])
    }

    private func insert(_ startup: StartupProfile, _ terms: [[UInt64]]) {
        let doc = Int(index.add(id: startup.id, fields: terms))
        var f = Matcher.facts(startup)
        for field in terms { f.scripts.formUnion(Scripts(keys: field)) }
        if doc == facts.count { facts.append(f) } else { facts[doc] = f }
        if doc == profiles.count { profiles.append(startup) } else { profiles[doc] = startup }
    }

    static func facts(_ startup: StartupProfile) -> Facts {
        Facts(fieldKey: Regions.key(startup.field), stage: startup.parsedStage, region: startup.region, active: startup.isActive, scripts: [])
    }

    /// Adds many startups: analysis (and the structured facts) runs on all cores in contiguous
    /// chunks, each writing one flat batch of term keys; then the index takes the batches in bulk
    /// and prepares its scores.
    public func add(contentsOf list: [StartupProfile]) {
        let n = list.count
        guard n > 0 else { return }
        let chunks = max(1, min(64, n / 256))
        let fieldCount = index.fieldCount
        var batches = [DocumentBatch](repeating: DocumentBatch(fieldCount: fieldCount), count: chunks)
        var newFacts = [Facts?](repeating: nil, count: n)
        // One analysing thread per core takes the next chunk until none is left, with one scratch
        // (and one word collector) for all its chunks: a word is collected once per thread, not
        // once per chunk. Abbreviations are kept per chunk, so they are learned in profile order.
        let workers = max(1, min(chunks, ProcessInfo.processInfo.activeProcessorCount))
        var collectors = [WordCollector?](repeating: nil, count: workers)
        var abbreviations = [[WordCollector.Abbreviation]](repeating: [], count: chunks)
        let nextChunk = ChunkCounter()
        let analyzer = self.analyzer, baseline = configuration.mode == .baseline, collecting = collectsVocabulary
        batches.withUnsafeMutableBufferPointer { batchBuffer in
            newFacts.withUnsafeMutableBufferPointer { factBuffer in
            collectors.withUnsafeMutableBufferPointer { collectorBuffer in
            abbreviations.withUnsafeMutableBufferPointer { abbreviationBuffer in
                nonisolated(unsafe) let batchOut = batchBuffer
                nonisolated(unsafe) let factOut = factBuffer
                nonisolated(unsafe) let collectorOut = collectorBuffer
                nonisolated(unsafe) let abbreviationOut = abbreviationBuffer
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                  var scratch = AnalysisScratch(collecting: collecting)
                  // Field and stage labels repeat: parse each distinct one once.
                  var fieldKeys: [String: String] = [:], stages: [String: Stage?] = [:]
                  while let c = nextChunk.take(below: chunks) {
                    let range = (c * n / chunks)..<((c + 1) * n / chunks)
                    var batch = DocumentBatch(fieldCount: fieldCount, documents: range.count, keys: range.count * 160)
                    for i in range {
                        let s = list[i]
                        let firstKey = batch.keys.count
                        Matcher.appendTerms(s, analyzer, baseline, to: &batch, scratch: &scratch)
                        let scripts = Scripts(keys: batch.keys[firstKey...])
                        let fieldKey: String
                        if let k = fieldKeys[s.field] { fieldKey = k } else { fieldKey = Regions.key(s.field); fieldKeys[s.field] = fieldKey }
                        let stage: Stage?
                        if let st = stages[s.stage] { stage = st } else { stage = s.parsedStage; stages[s.stage] = stage }
                        factOut[i] = Facts(fieldKey: fieldKey, stage: stage, region: s.region, active: s.isActive, scripts: scripts)
                    }
                    batch.group()
                    batchOut[c] = batch
                    if collecting { abbreviationOut[c] = scratch.collector!.takeAbbreviations() }
                  }
                  collectorOut[w] = scratch.collector
                }
            }
            }
            }
        }
        if collecting {
            vocabulary.merge(bulk: collectors.compactMap { $0 }, abbreviations: abbreviations.flatMap { $0 }, analyzer: analyzer)
        }
        let first = facts.count
        index.add(contentsOf: consume batches)
        precondition(index.externalIds.count == first + n, "one document per startup")
        facts.append(contentsOf: newFacts.lazy.map { $0! })
        profiles.append(contentsOf: list)
        index.prepare()
    }

    public func update(_ startup: StartupProfile) { add(startup) }

    public func remove(id: String) {
        index.remove(id: id)
    }

    /// Term keys per indexed field (one concatenated field in baseline mode).
    public func fieldTerms(_ s: StartupProfile) -> [[UInt64]] {
        Matcher.fieldTerms(s, analyzer, configuration.mode == .baseline)
    }

    static func fieldTerms(_ s: StartupProfile, _ analyzer: Analyzer, _ baseline: Bool) -> [[UInt64]] {
        let keywords = s.keywords.joined(separator: " , ")
        if baseline {
            return [analyzer.terms([s.name, s.summary, keywords, s.description].joined(separator: " \n "))]
        }
        return [analyzer.terms(s.name), analyzer.terms(s.summary), analyzer.terms(keywords), analyzer.terms(s.description)]
    }

    /// The same keys as `fieldTerms`, appended to a batch.
    static func appendTerms(_ s: StartupProfile, _ analyzer: Analyzer, _ baseline: Bool, to batch: inout DocumentBatch, scratch: inout AnalysisScratch) {
        let keywords = s.keywords.joined(separator: " , ")
        if baseline {
            let text = [s.name, s.summary, keywords, s.description].joined(separator: " \n ")
            batch.appendField { analyzer.terms(text, into: &$0, scratch: &scratch) }
        } else {
            batch.appendField { analyzer.terms(s.name, into: &$0, scratch: &scratch) }
            batch.appendField { analyzer.terms(s.summary, into: &$0, scratch: &scratch) }
            batch.appendField { analyzer.terms(keywords, into: &$0, scratch: &scratch) }
            batch.appendField { analyzer.terms(s.description, into: &$0, scratch: &scratch) }
        }
        batch.endDocument(id: s.id)
    }

    // MARK: Queries

    /// Weighted query terms of a need: title terms count more, thesaurus concepts less; then the
    /// generalisation methods' expansions (loanwords, abbreviations), each weighing less.
    public func queryTerms(_ need: NeedProfile) -> [(term: Int32, weight: Float)] {
        guard configuration.mode == .engine else { return termIds(ownQueryWeights(need)) }
        // The need is analysed once; its own words and the expansions both use the words.
        let words = [(analyzer.words(need.title), configuration.titleWeight), (analyzer.words(need.description), Float(1))]
        var weights = ownQueryWeights(words)
        addExpansions(words, to: &weights)
        return termIds(weights)
    }

    /// Raw weights of the need's own words by term key (before expansions and compression).
    func ownQueryWeights(_ need: NeedProfile) -> [UInt64: Float] {
        if configuration.mode == .baseline {
            var weights: [UInt64: Float] = [:]
            for key in analyzer.terms(need.title + "\n" + need.description) { weights[key] = 1 }
            return weights
        }
        return ownQueryWeights([(analyzer.words(need.title), configuration.titleWeight), (analyzer.words(need.description), 1)])
    }

    /// Raw weights of analysed words, each list with its boost (title, description).
    func ownQueryWeights(_ lists: [([AnalyzedWord], Float)]) -> [UInt64: Float] {
        var weights: [UInt64: Float] = [:]
        for (words, boost) in lists {
            for word in words {
                var w = boost
                if case .concept = word.kind {
                    // The synonym group stands in for the whole phrase, which as surface text gives
                    // several bigrams: weigh it like that phrase, times the expansion down-weight.
                    let surface = analyzer.terms(word.text).filter { TermKey.kind($0) != .concept }.count
                    w *= configuration.expansionWeight * Float(max(1, surface))
                }
                for key in word.keys { weights[key, default: 0] += w }
            }
        }
        return weights
    }

    /// Index term ids with compressed weights (a word said many times counts 1 + ln of it).
    func termIds(_ weights: [UInt64: Float]) -> [(term: Int32, weight: Float)] {
        var query: [(term: Int32, weight: Float)] = []
        for (key, w) in weights {
            guard let id = index.termId(key) else { continue }
            if configuration.mode == .baseline { query.append((id, 1)); continue }
            query.append((id, w <= 1 ? w : 1 + logf(w)))
        }
        query.sort { $0.term < $1.term }
        return query
    }

    /// The need as a unit term vector (idf-weighted), used to carry feedback to similar needs.
    func needVector(_ need: NeedProfile) -> [Int32: Float] {
        var v: [Int32: Float] = [:]
        var norm: Float = 0
        for (t, w) in termIds(ownQueryWeights(need)) {
            let x = w * index.idf(t)
            v[t] = x
            norm += x * x
        }
        let n = norm.squareRoot()
        if n > 0 { for k in v.keys { v[k]! /= n } }
        return v
    }

    // MARK: Feedback

    /// Records 관심 있음 / 적합하지 않음 for a suggestion; later rankings of this need and of similar needs change.
    public func recordFeedback(need: NeedProfile, startupId: String, _ kind: FeedbackKind) {
        feedback.record(needId: need.id, vector: needVector(need), startupId: startupId, kind: kind)
    }

    public func clearFeedback(needId: String, startupId: String) { feedback.clear(needId: needId, startupId: startupId) }

    // MARK: Ranking

    /// The best `k` startups for the need, best first, each with its explanation when `explain` is set.
    /// With `only`, the matches of just those startups wherever they rank (explained), for learning
    /// from feedback on them; startups the need's words do not reach are not among them.
    public func rank(_ need: NeedProfile, top k: Int = 50, explain: Bool = true, only: Set<String>? = nil) -> [Match] {
        let query = queryTerms(need)
        let pool = max(configuration.candidatePool, k)
        if configuration.mode == .baseline {
            return index.search(query, k: k).map { Match(startupId: index.externalIds[Int($0.doc)], score: Double($0.score), explanation: nil) }
        }
        var candidates = textSearch(query, k: pool)
        // Feedback terms re-score the first pass's candidates only: they re-rank what the need's
        // own words found (no second pass over the whole index, and no new candidates from them).
        if configuration.methods.contains(.feedbackExpansion), let added = feedbackTerms(query, firstPass: candidates) {
            index.addScores(of: added, to: &candidates)
        }
        if configuration.methods.contains(.scriptCoverage) { scaleByScriptCoverage(query, &candidates) }
        let effects = feedback.effects(for: need.id, vector: feedback.isEmpty ? [:] : needVector(need),
                                       configuration: configuration)
        // Startups with feedback on this need stay in view even with little text in common.
        for id in effects.keys {
            if let d = index.number(of: id), !candidates.contains(where: { $0.doc == d }) { candidates.append((d, 0)) }
        }
        let best = Double(candidates.map(\.score).max() ?? 0)
        let bestPossible = 1 + (need.fields.isEmpty ? 0 : configuration.fieldOverlapBonus)
            + (need.preferredRegion?.isEmpty == false ? configuration.regionBonus : 0) + max(0, effects.values.max() ?? 0)
        let required = StageRequirement.required(for: need)
        let needFields = Set(need.fields.map(Regions.key))
        let preferred = need.preferredRegion.flatMap { $0.isEmpty ? nil : $0 }
        var regionCache: [String: Bool] = [:]
        var scored: [(id: String, score: Double, fit: MatchExplanation)] = []
        scored.reserveCapacity(candidates.count)
        for (doc, textScore) in candidates {
            let f = facts[Int(doc)]
            let id = index.externalIds[Int(doc)]
            var fit = MatchExplanation()
            fit.textRelevance = best > 0 ? Double(textScore) / best : 0
            var score = fit.textRelevance
            if !f.fieldKey.isEmpty && needFields.contains(f.fieldKey), let label = need.fields.first(where: { Regions.key($0) == f.fieldKey }) {
                fit.fieldOverlap = [label]
                score += configuration.fieldOverlapBonus
            }
            if let p = preferred {
                let inside: Bool
                if let cached = regionCache[f.region] { inside = cached } else {
                    inside = analyzer.lexicon.regions.contains(preferred: p, region: f.region)
                    regionCache[f.region] = inside
                }
                if inside {
                    fit.region = .inside(preferred: p, region: f.region)
                    score += configuration.regionBonus
                } else {
                    fit.region = .outside(preferred: p, region: f.region)
                }
            }
            fit.feedbackEffect = effects.isEmpty ? 0 : effects[id] ?? 0
            score += fit.feedbackEffect
            fit.active = f.active
            if !fit.active {
                if configuration.excludeInactive { continue }
                score *= 0.5
            }
            if let r = required {
                if let a = f.stage {
                    if a < r {
                        fit.stage = .below(required: r, actual: a)
                        switch configuration.stageRule {
                        case .filter: continue
                        case .penalty(let factor): score *= factor
                        }
                    } else {
                        fit.stage = .meets(required: r, actual: a)
                    }
                } else {
                    fit.stage = .unknown(required: r)
                    if case .penalty(let factor) = configuration.stageRule { score *= (1 + factor) / 2 }
                }
            }
            scored.append((id, score, fit))
        }
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.id < $1.id) }
        let chosen = only.map { ids in scored.filter { ids.contains($0.id) } } ?? Array(scored.prefix(k))
        let explaining = explain || only != nil
        return chosen.map { item in
            var fit = item.fit
            if explaining, let s = startup(item.id) {
                fit.matchedTerms = matchedTerms(need, s)
                fit.quotes = MatchQuotes.pick(fit.matchedTerms, from: s, titleWords: Set(analyzer.words(need.title).map { Regions.key($0.text) }))
                fit.requestedFields = need.fields
                fit.profileField = s.field
            }
            return Match(startupId: item.id, score: item.score, explanation: explaining ? fit : nil, bestPossible: bestPossible)
        }
    }

    /// Need words found in each profile field, directly or through a thesaurus group.
    func matchedTerms(_ need: NeedProfile, _ s: StartupProfile) -> [MatchExplanation.TermMatch] {
        let needWords = analyzer.words(need.title + "\n" + need.description)
        let texts = [s.name, s.summary, s.keywords.joined(separator: " , "), s.description]
        var result: [MatchExplanation.TermMatch] = []
        var seen = Set<String>()
        for field in ProfileField.allCases {
            let words = analyzer.words(texts[field.rawValue])
            let keys = Set(words.flatMap(\.keys))
            var conceptForms: [Int: String] = [:]
            for w in words { if case .concept(let g) = w.kind, conceptForms[g] == nil { conceptForms[g] = w.text } }
            for w in needWords where !seen.contains(w.text) {
                switch w.kind {
                case .concept(let g):
                    guard let form = conceptForms[g] else { continue }
                    let same = Regions.key(form) == Regions.key(w.text)
                    result.append(.init(term: w.text, field: field, synonym: same ? nil : form))
                    seen.insert(w.text)
                case .hangul, .latin:
                    guard !w.keys.isEmpty, w.keys.allSatisfy(keys.contains) else { continue }
                    // Words inside a matched phrase add nothing new.
                    if result.contains(where: { Regions.key($0.term).contains(Regions.key(w.text)) }) { continue }
                    result.append(.init(term: w.text, field: field, synonym: nil))
                    seen.insert(w.text)
                }
            }
        }
        return result
    }
}
