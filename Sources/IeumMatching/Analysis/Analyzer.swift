/// Term keys are 64-bit integers: the top byte says what kind of term it is, so Hangul
/// bigrams and concepts never need a string, and Latin words are a 56-bit FNV-1a hash.
public enum TermKind: UInt64, Sendable {
    case hangulUnigram = 1, hangulBigram = 2, word = 3, concept = 4
}

public enum TermKey {
    @inline(__always) static func make(_ kind: TermKind, _ value: UInt64) -> UInt64 { (kind.rawValue << 56) | (value & 0x00FF_FFFF_FFFF_FFFF) }
    @inline(__always) public static func kind(_ key: UInt64) -> TermKind? { TermKind(rawValue: key >> 56) }
    @inline(__always) public static func value(_ key: UInt64) -> UInt64 { key & 0x00FF_FFFF_FFFF_FFFF }
}

/// One analysed word, kept only when an explanation is being built.
public struct AnalyzedWord: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case hangul, latin, concept(Int) }
    public var text: String
    public var kind: Kind
    public var keys: [UInt64]
}

public struct AnalyzerOptions: Sendable {
    /// Strip particles and endings (은/는/이/가/에서/하는 …) from Hangul words.
    public var stripParticles = true
    /// Add concept terms for thesaurus phrases found in the text.
    public var concepts = true
    public var stopWords = true
    /// Light English plural stripping and dropping of bare numbers.
    public var latinNormalisation = true
    public init() {}
    public init(stripParticles: Bool, concepts: Bool, stopWords: Bool, latinNormalisation: Bool) {
        self.stripParticles = stripParticles; self.concepts = concepts
        self.stopWords = stopWords; self.latinNormalisation = latinNormalisation
    }
    public static let engine = AnalyzerOptions()
    /// The plain Hangul-bigram BM25 baseline: bigrams of every Hangul run, lower-cased Latin words.
    public static let baseline = AnalyzerOptions(stripParticles: false, concepts: false, stopWords: false, latinNormalisation: false)
}

/// Buffers one thread reuses from text to text when analysing many (`Analyzer.terms(_:into:scratch:)`).
public struct AnalysisScratch: Sendable {
    var scalars: [UInt32] = []
    var compact: [UInt32] = []
    var origin: [Int32] = []
    /// When set, the words and abbreviation pairs of the analysed texts are collected here.
    public var collector: WordCollector?
    public init(collecting: Bool = false) { if collecting { collector = WordCollector() } }
}

/// Korean/English analysis: NFKC + case folding, Latin/number words, particle stripping,
/// Hangul bigrams (unigram for one-syllable words), stop words and thesaurus concepts.
public struct Analyzer: Sendable {
    public let lexicon: Lexicon
    public let options: AnalyzerOptions

    public init(lexicon: Lexicon = .standard, options: AnalyzerOptions = .engine) {
        self.lexicon = lexicon
        self.options = options
    }

    /// Term keys of `text`, with repetitions (term frequency matters).
    public func terms(_ text: String) -> [UInt64] {
        var keys: [UInt64] = []
        var words: [AnalyzedWord]? = nil
        var scratch = AnalysisScratch()
        run(text, &keys, &words, &scratch)
        return keys
    }

    public func terms(_ text: String, into keys: inout [UInt64]) {
        var words: [AnalyzedWord]? = nil
        var scratch = AnalysisScratch()
        run(text, &keys, &words, &scratch)
    }

    /// The same keys, reusing `scratch`'s buffers from one text to the next (bulk analysis).
    public func terms(_ text: String, into keys: inout [UInt64], scratch: inout AnalysisScratch) {
        var words: [AnalyzedWord]? = nil
        run(text, &keys, &words, &scratch)
    }

    /// Words with their term keys, for explanations.
    public func words(_ text: String) -> [AnalyzedWord] {
        var keys: [UInt64] = []
        var words: [AnalyzedWord]? = []
        var scratch = AnalysisScratch()
        run(text, &keys, &words, &scratch)
        return words ?? []
    }

    private func run(_ text: String, _ keys: inout [UInt64], _ words: inout [AnalyzedWord]?, _ scratch: inout AnalysisScratch) {
        Normalizer.scalars(text, into: &scratch.scalars)
        let s = scratch.scalars
        let n = s.count
        var i = 0
        var previousRunWasLatin = false
        var previousEnd = -1
        var recent = RecentWords()
        while i < n {
            let v = s[i]
            if Normalizer.isHangul(v) {
                var j = i + 1
                while j < n && Normalizer.isHangul(s[j]) { j += 1 }
                let attachedToLatin = previousRunWasLatin && previousEnd == i
                let stem = emitHangul(s[i..<j], attachedToLatin: attachedToLatin, &keys, &words, &scratch.collector)
                if scratch.collector != nil { recent.noteHangul(stem, s, start: i, end: j, &scratch.collector!) }
                previousRunWasLatin = false; previousEnd = j
                i = j
            } else if Normalizer.isLatin(v) {
                var j = i + 1
                while j < n && Normalizer.isLatin(s[j]) && !Normalizer.isHangul(s[j]) { j += 1 }
                let word = emitLatin(s[i..<j], &keys, &words, &scratch.collector)
                if scratch.collector != nil { recent.noteLatin(word, s, start: i, end: j, &scratch.collector!) }
                previousRunWasLatin = true; previousEnd = j
                i = j
            } else {
                i += 1
            }
        }
        if options.concepts {
            lexicon.thesaurus.findConcepts(in: s, keys: &keys, words: &words, compact: &scratch.compact, origin: &scratch.origin)
        }
    }

    @discardableResult
    private func emitHangul(_ run: ArraySlice<UInt32>, attachedToLatin: Bool, _ keys: inout [UInt64], _ words: inout [AnalyzedWord]?,
                            _ collector: inout WordCollector?) -> ArraySlice<UInt32>? {
        var stem = run
        if options.stripParticles {
            // "AI를", "IoT와": a particle glued to a Latin word carries no content.
            if attachedToLatin && lexicon.isParticle(run) { return nil }
            stem = lexicon.stripEndings(run)
        }
        if options.stopWords && lexicon.isStopWord(stem) { return nil }
        if collector != nil { collector!.add(stem, key: WordCollector.hangulKey(stem), hangul: true) }
        let start = keys.count
        let base = stem.startIndex
        if stem.count == 1 {
            keys.append(TermKey.make(.hangulUnigram, UInt64(stem[base] - 0xAC00)))
        } else {
            for k in base..<(stem.endIndex - 1) {
                let a = UInt64(stem[k] - 0xAC00), b = UInt64(stem[k + 1] - 0xAC00)
                keys.append(TermKey.make(.hangulBigram, a * 11172 + b))
            }
        }
        if words != nil {
            words!.append(AnalyzedWord(text: Normalizer.string(stem), kind: .hangul, keys: Array(keys[start...])))
        }
        return stem
    }

    @discardableResult
    private func emitLatin(_ run: ArraySlice<UInt32>, _ keys: inout [UInt64], _ words: inout [AnalyzedWord]?,
                           _ collector: inout WordCollector?) -> ArraySlice<UInt32>? {
        var word = run
        if options.latinNormalisation {
            if word.allSatisfy(Normalizer.isDigit) { return nil }
            if word.count == 1 { return nil }
            word = Self.singular(word)
        }
        if options.stopWords && lexicon.isStopWord(word) { return nil }
        let key = Analyzer.latinKey(word)
        keys.append(key)
        if collector != nil { collector!.add(word, key: key, hangul: false) }
        if words != nil { words!.append(AnalyzedWord(text: Normalizer.string(word), kind: .latin, keys: [key])) }
        return word
    }

    /// The term key of a normalised Latin word.
    @inline(__always) static func latinKey(_ word: ArraySlice<UInt32>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in word { h = (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3 }
        return TermKey.make(.word, h)
    }

    /// sensors → sensor, batteries → battery; leaves "analysis", "bus", "class" alone.
    static func singular(_ w: ArraySlice<UInt32>) -> ArraySlice<UInt32> {
        let n = w.count
        guard n > 3, w.last == 0x73 else { return w }  // 's'
        let e = w.endIndex
        let p = w[e - 2]
        if p == 0x73 || p == 0x75 || p == 0x69 { return w }  // ss, us, is
        if n > 4 && p == 0x65 && w[e - 3] == 0x69 {  // ies → y
            var out = Array(w[w.startIndex..<(e - 3)]); out.append(0x79)
            return out[...]
        }
        return w[w.startIndex..<(e - 1)]
    }
}
