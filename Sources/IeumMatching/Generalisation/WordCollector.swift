/// What the analyser notices for the generalisation methods while it indexes profiles: every
/// distinct Hangul stem and Latin word (for loanword matching across scripts), and every
/// "term (ABBR)" pair written in a profile (for abbreviations learned from the corpus).
/// One per analysing thread; merged into the matcher's `LearnedVocabulary` afterwards.
public struct WordCollector: Sendable {
    struct Word: Sendable {
        var key: UInt64
        var scalars: [UInt32]
        var hangul: Bool
    }
    private var seen = TermTable(minimumCapacity: 1024)
    private(set) var words: [Word] = []
    /// (short form, long form) as written: the short form is a Latin acronym, the long form a
    /// Hangul stem or the Latin words whose initials spell it.
    typealias Abbreviation = (short: [UInt32], long: [[UInt32]], hangul: Bool)
    private(set) var abbreviations: [Abbreviation] = []

    /// The collected words with their phonemes, skeleton keys and term keys (`prepare()`).
    private(set) var prepared: [LearnedVocabulary.PreparedWord] = []

    public init() {}

    /// Computes what merging needs per word (phonemes, skeleton, keys, text), on the thread that
    /// collected them; words whose skeleton is too short to compare are dropped. Idempotent.
    public mutating func prepare() {
        guard prepared.count < words.count else { return }
        prepared.append(contentsOf: WordCollector.prepare(words[prepared.count...]))
        words.removeAll()
    }

    /// The abbreviations seen since the last call (bulk indexing keeps them per chunk of profiles,
    /// so that they are learned in profile order whichever thread analysed the chunk).
    mutating func takeAbbreviations() -> [Abbreviation] {
        defer { abbreviations.removeAll() }
        return abbreviations
    }

    /// Phonemes, skeleton key, term keys and text of each word; words whose skeleton is too short
    /// to compare are left out.
    static func prepare(_ words: ArraySlice<Word>) -> [LearnedVocabulary.PreparedWord] {
        var prepared: [LearnedVocabulary.PreparedWord] = []
        prepared.reserveCapacity(words.count)
        for w in words {
            let phonemes = w.hangul ? Transliteration.phonemes(hangul: w.scalars) : Transliteration.phonemes(latin: w.scalars)
            let skeleton = Transliteration.skeleton(phonemes)
            guard skeleton.count >= 2 else { continue }
            // A Hangul stem's keys are its syllable bigrams, as the analyser emits them.
            var keys = w.hangul ? [] : [w.key]
            if w.hangul {
                for i in 0..<(w.scalars.count - 1) {
                    let a = UInt64(w.scalars[i] - 0xAC00), b = UInt64(w.scalars[i + 1] - 0xAC00)
                    keys.append(TermKey.make(.hangulBigram, a * 11172 + b))
                }
            }
            let word = LearnedVocabulary.Word(text: Normalizer.string(w.scalars[...]), hangul: w.hangul, keys: keys, phonemes: phonemes, identity: w.key)
            prepared.append(LearnedVocabulary.PreparedWord(word: word, skeleton: LearnedVocabulary.hash(skeleton, hangul: w.hangul)))
        }
        return prepared
    }

    /// Hangul stems of two syllables or more and Latin words of three letters or more: shorter
    /// ones sound like too many others.
    /// Hangul words only when written like a loanword (`Transliteration.looksTransliterated`):
    /// the others are never compared by sound.
    @inline(__always) mutating func add(_ word: ArraySlice<UInt32>, key: UInt64, hangul: Bool) {
        guard word.count >= (hangul ? 2 : 3), !seen.contains(key) else { return }
        seen.insert(key, 0)
        if hangul && !Transliteration.looksTransliterated(word) { return }
        words.append(Word(key: key, scalars: WordCollector.copy(word), hangul: hangul))
    }

    /// A copy of exactly the word's scalars. `Array(slice)` keeps the whole buffer when the slice
    /// spans it (a text of one word: a name, a keyword), and that buffer is the analyser's reused
    /// scratch of a few thousand scalars: every such word kept kilobytes alive (about 230 MB at
    /// 100,000 profiles) and made the next text copy the scratch before writing to it.
    @inline(__always) static func copy(_ word: ArraySlice<UInt32>) -> [UInt32] {
        word.withUnsafeBufferPointer { Array($0) }
    }

    mutating func addAbbreviation(short: ArraySlice<UInt32>, long: [[UInt32]], hangul: Bool) {
        abbreviations.append((Array(short), long, hangul))
    }

    /// The key under which a Hangul stem is collected (Latin words use their term key).
    @inline(__always) static func hangulKey(_ stem: ArraySlice<UInt32>) -> UInt64 { Lexicon.hash(stem) | 1 << 63 }
}

/// The words just analysed, to spot "전과정평가(LCA)", "LCA(전과정평가)", "초분광(hyperspectral)"
/// and "life cycle assessment (LCA)" as the analyser walks a text. A Latin word alone in
/// parentheses right after a Hangul word (or the reverse) is that word's abbreviation or
/// translation; the Hangul word needs three syllables, since a short one is usually the tail of a
/// longer phrase ("에너지 관리 제어(BEMS)": 제어 is not BEMS).
struct RecentWords {
    private var hangul: ArraySlice<UInt32>? = nil
    private var hangulEnd = -2
    private var latin: [ArraySlice<UInt32>] = []
    private var latinEnd = -2

    private static let open: UInt32 = 0x28, close: UInt32 = 0x29, space: UInt32 = 0x20

    /// `start..<end` is in parentheses of its own, and `previousEnd` is right before them.
    private static func parenthesised(_ s: [UInt32], _ start: Int, _ end: Int, after previousEnd: Int) -> Bool {
        guard start >= 1, end < s.count, s[start - 1] == open, s[end] == close else { return false }
        return previousEnd == start - 1 || (previousEnd == start - 2 && s[start - 2] == space)
    }

    private static func isAcronym(_ w: ArraySlice<UInt32>) -> Bool { (2...6).contains(w.count) }

    mutating func noteHangul(_ stem: ArraySlice<UInt32>?, _ s: [UInt32], start: Int, end: Int, _ collector: inout WordCollector) {
        guard let stem else { hangul = nil; return }
        if stem.count >= 3, let short = latin.last, short.count >= 2,
           RecentWords.parenthesised(s, start, end, after: latinEnd) {
            collector.addAbbreviation(short: short, long: [Array(stem)], hangul: true)
        }
        hangul = stem
        hangulEnd = end
    }

    mutating func noteLatin(_ word: ArraySlice<UInt32>?, _ s: [UInt32], start: Int, end: Int, _ collector: inout WordCollector) {
        guard let word else { return }
        if let long = hangul, long.count >= 3, word.count >= 2, RecentWords.parenthesised(s, start, end, after: hangulEnd) {
            collector.addAbbreviation(short: word, long: [Array(long)], hangul: true)
        } else if RecentWords.isAcronym(word) {
            if latin.count >= word.count, RecentWords.parenthesised(s, start, end, after: latinEnd) {
                let spelled = latin.suffix(word.count)
                if zip(spelled, word).allSatisfy({ $0.first == $1 }) {
                    collector.addAbbreviation(short: word, long: spelled.map { Array($0) }, hangul: false)
                }
            }
        }
        latin.append(word)
        if latin.count > 6 { latin.removeFirst() }
        latinEnd = end
    }
}
