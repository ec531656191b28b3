import Dispatch
import Foundation

/// What the engine learns from the profiles it indexes, with no list made by hand:
/// - the words of each script, found again by sound from the other script (`Transliteration`),
///   so 엑소스켈레톤 in a need reaches "exoskeleton" in a profile and the reverse;
/// - abbreviations and their spelled-out forms written together in profiles
///   ("비파괴검사(NDT)", "life cycle assessment (LCA)"), so a need that writes one form finds a
///   profile that writes the other.
///
/// Words are only added (a removed profile's words stay: they then match nothing).
public struct LearnedVocabulary: Sendable {
    /// A word of the indexed profiles: its term keys (Hangul bigrams or the Latin word key) and phonemes.
    public struct Word: Sendable {
        public var text: String
        public var hangul: Bool
        public var keys: [UInt64]
        var phonemes: [UInt8]
        /// The collector's key of the word (`WordCollector.hangulKey` or the Latin word key).
        var identity: UInt64
    }

    /// A collected word made ready to merge: the part that needs no shared state, so that it runs
    /// on the analysing threads (`WordCollector.prepare`).
    struct PreparedWord: Sendable {
        var word: Word
        var skeleton: UInt64
    }
    public private(set) var words: [Word] = []
    private var known: [UInt64: Int32] = [:]
    /// Words by consonant skeleton, per script. A lookup tries the skeleton and every skeleton one
    /// edit away (left out, put in or replaced consonant: about 15 keys per consonant), so that
    /// building costs one entry per word and a lookup, cached per need word, a hundred probes.
    private var buckets: [UInt64: [Int32]] = [:]

    /// Abbreviation → spelled-out forms and back, by term key; each with how often it was seen.
    public struct Expansion: Sendable, Hashable {
        public var keys: [UInt64]
        public var text: String
        public var count: Int
    }
    private var expansions: [UInt64: [Expansion]] = [:]
    /// How many times the vocabulary changed, so that callers can cache lookups.
    public private(set) var generation = 0

    public init() {}

    public var abbreviationCount: Int { expansions.count }

    /// Adds what a collector saw. `analyzer` gives the abbreviations' forms their keys.
    public mutating func merge(_ collector: WordCollector, analyzer: Analyzer) {
        var collector = collector
        collector.prepare()
        for w in collector.prepared where known[w.word.identity] == nil { append(w) }
        learn(collector.abbreviations, analyzer: analyzer)
        generation += 1
    }

    /// Adds what the collectors of a bulk build saw: each distinct word not known yet is prepared
    /// once (in order of its key, on all cores), however many threads or chunks saw it; the
    /// abbreviations in the order given (the profiles' order).
    mutating func merge(bulk collectors: [WordCollector], abbreviations: [WordCollector.Abbreviation], analyzer: Analyzer) {
        var pending = TermTable(minimumCapacity: 1024)
        var fresh: [WordCollector.Word] = []
        for c in collectors {
            for w in c.words where known[w.key] == nil && !pending.contains(w.key) {
                pending.insert(w.key, 0)
                fresh.append(w)
            }
            for w in c.prepared where known[w.word.identity] == nil && !pending.contains(w.word.identity) { append(w) }
        }
        fresh.sort { $0.key < $1.key }
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, fresh.count / 2048))
        var prepared = [[PreparedWord]](repeating: [], count: parts)
        prepared.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            fresh.withUnsafeBufferPointer { fresh in
                nonisolated(unsafe) let fresh = fresh
                DispatchQueue.concurrentPerform(iterations: parts) { p in
                    let range = (p * fresh.count / parts)..<((p + 1) * fresh.count / parts)
                    out[p] = WordCollector.prepare(ArraySlice(fresh[range]))
                }
            }
        }
        for part in prepared { for w in part { append(w) } }
        learn(abbreviations, analyzer: analyzer)
        generation += 1
    }

    private mutating func append(_ w: PreparedWord) {
        let id = Int32(words.count)
        known[w.word.identity] = id
        words.append(w.word)
        buckets[w.skeleton, default: []].append(id)
    }

    private mutating func learn(_ abbreviations: [WordCollector.Abbreviation], analyzer: Analyzer) {
        for a in abbreviations {
            let shortText = Normalizer.string(a.short[...])
            let longText = a.long.map { Normalizer.string($0[...]) }.joined(separator: " ")
            let shortKeys = analyzer.terms(shortText).filter { TermKey.kind($0) == .word }
            let longKeys = analyzer.terms(longText).filter { TermKey.kind($0) != .concept }
            guard shortKeys.count == 1, !longKeys.isEmpty, !longKeys.contains(shortKeys[0]) else { continue }
            add(from: shortKeys[0], Expansion(keys: longKeys, text: longText, count: 1))
            // The long form is found by its first key; `expansions(forQuery:)` checks the rest.
            add(from: longKeys[0], Expansion(keys: shortKeys, text: shortText, count: 1), requiring: longKeys)
        }
    }

    /// Long forms found by their first key carry all their keys as a requirement.
    private var requirements: [UInt64: [[UInt64]]] = [:]

    private mutating func add(from key: UInt64, _ e: Expansion, requiring: [UInt64]? = nil) {
        var list = expansions[key, default: []]
        if let i = list.firstIndex(where: { $0.keys == e.keys }) {
            list[i].count += 1
        } else {
            list.append(e)
            if let requiring { requirements[key, default: []].append(requiring) } else { requirements[key, default: []].append([key]) }
        }
        expansions[key] = list
    }

    /// Abbreviation expansions for a query whose term keys are `query`: every learned pair one
    /// of whose forms the query contains completely, with a confidence that grows with how many
    /// profiles wrote the pair (0.6 for one, 0.8 for two, 1 from three).
    public func abbreviations(forQuery query: Set<UInt64>) -> [(expansion: Expansion, confidence: Float)] {
        var out: [(Expansion, Float)] = []
        for key in query {
            guard let list = expansions[key], let required = requirements[key] else { continue }
            for (e, needs) in zip(list, required) where needs.allSatisfy(query.contains) {
                if e.keys.allSatisfy(query.contains) { continue }
                out.append((e, min(1, 0.4 + 0.2 * Float(e.count))))
            }
        }
        return out
    }

    /// Words of the other script that sound like `word`, best first, at most `limit`.
    public func soundAlikes(of word: String, hangul: Bool, limit: Int = 2, threshold: Float = 0.8) -> [(word: Word, confidence: Float)] {
        let scalars = Normalizer.scalars(word)
        if hangul && !Transliteration.looksTransliterated(scalars) { return [] }
        let phonemes = hangul ? Transliteration.phonemes(hangul: scalars) : Transliteration.phonemes(latin: scalars)
        let skeleton = Transliteration.skeleton(phonemes)
        guard skeleton.count >= 2 else { return [] }
        var seen = Set<Int32>()
        var found: [(Word, Float)] = []
        for key in LearnedVocabulary.bucketKeys(skeleton, hangul: !hangul) {
            for id in buckets[key] ?? [] where seen.insert(id).inserted {
                let candidate = words[Int(id)]
                let c = Transliteration.confidence(phonemes, candidate.phonemes, threshold: threshold)
                if c > 0 { found.append((candidate, c)) }
            }
        }
        found.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0.text < $1.0.text) }
        // Only the best reading and those as good as it: "scanner" for 스캐너, not also "scan".
        guard let best = found.first?.1 else { return [] }
        return Array(found.prefix(limit).filter { $0.1 >= best - 0.05 })
    }

    static func hash(_ s: some Sequence<UInt8>, hangul: Bool) -> UInt64 {
        var h: UInt64 = hangul ? 0x9E37_79B9_7F4A_7C15 : 0xcbf2_9ce4_8422_2325
        for v in s { h = (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The skeleton and every skeleton one edit away (from three consonants on; shorter words
    /// must keep their skeleton). Repeated neighbours are one (`Transliteration.skeleton` folds runs).
    private static func bucketKeys(_ skeleton: [UInt8], hangul: Bool) -> [UInt64] {
        var keys = [hash(skeleton, hangul: hangul)]
        guard skeleton.count >= 3 else { return keys }
        let classes = Transliteration.skeletonClasses
        var variant: [UInt8] = []
        for i in 0...skeleton.count {
            if i < skeleton.count {
                variant = Array(skeleton[..<i] + skeleton[(i + 1)...])
                keys.append(hash(variant, hangul: hangul))
                for c in classes where c != skeleton[i] {
                    variant = skeleton
                    variant[i] = c
                    keys.append(hash(variant, hangul: hangul))
                }
            }
            for c in classes {
                variant = Array(skeleton[..<i]) + [c] + Array(skeleton[i...])
                keys.append(hash(variant, hangul: hangul))
            }
        }
        return Array(Set(keys))
    }
}
