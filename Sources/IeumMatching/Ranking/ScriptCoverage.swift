import Foundation

/// Hands out chunk numbers to the analysing threads of a bulk add, each once.
final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// Which scripts a profile's words are written in, from its analysed term keys: Hangul (syllable
/// bigrams or unigrams) and Latin (words of two letters or more). Concepts are in neither: both
/// scripts reach them.
struct Scripts: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let hangul = Scripts(rawValue: 1)
    static let latin = Scripts(rawValue: 2)
    static let both: Scripts = [.hangul, .latin]

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(keys: some Sequence<UInt64>) {
        var bits: UInt8 = 0
        for key in keys {
            let kind = key >> 56
            if kind == TermKind.hangulBigram.rawValue || kind == TermKind.hangulUnigram.rawValue { bits |= 1 }
            else if kind == TermKind.word.rawValue { bits |= 2 }
            if bits == 3 { break }
        }
        rawValue = bits
    }
}

extension Matcher {
    /// Script coverage: a profile written in one script can only match the need's terms of that
    /// script and the concepts both scripts share (thesaurus groups), and loanword or abbreviation
    /// expansions into its script. Its text score is divided by the share of the need's
    /// idf-weighted query mass that its script can reach, so that it is scored on the part of the
    /// need it could match at all, as a person reading it in its own language would: an English
    /// profile is not behind a Korean one only because the need's Korean words have no English
    /// twin in the index. Profiles with both scripts (or none) are left as they are. No constant:
    /// the factor is the ratio of two sums of the query's own weights.
    func scaleByScriptCoverage(_ query: [(term: Int32, weight: Float)], _ candidates: inout [(doc: Int32, score: Float)]) {
        let factors = scriptCoverageFactors(query)
        for c in candidates.indices {
            switch facts[Int(candidates[c].doc)].scripts {
            case .hangul: candidates[c].score *= factors.hangul
            case .latin: candidates[c].score *= factors.latin
            default: break
            }
        }
    }

    /// What the need's Hangul-only and Latin-only profiles are multiplied by: the query's whole
    /// idf-weighted mass over the mass their script reaches (1 when it reaches none of it).
    func scriptCoverageFactors(_ query: [(term: Int32, weight: Float)]) -> (hangul: Float, latin: Float) {
        var all: Float = 0, hangul: Float = 0, latin: Float = 0
        for q in query {
            let mass = q.weight * index.idf(q.term)
            all += mass
            switch TermKey.kind(index.termKeys[Int(q.term)]) {
            case .hangulBigram, .hangulUnigram: hangul += mass
            case .word: latin += mass
            case .concept, nil: hangul += mass; latin += mass
            }
        }
        let e = configuration.scriptCoverageExponent
        return (hangul > 0 ? powf(all / hangul, e) : 1, latin > 0 ? powf(all / latin, e) : 1)
    }
}
