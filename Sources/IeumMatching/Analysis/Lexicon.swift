import Foundation

/// The language data of the engine: endings, stop words, thesaurus and regions, read from the
/// files in `Resources/` so that reviewers can change vocabulary without touching code.
public struct Lexicon: Sendable {
    /// Endings, particles and stop words, behind one reference so that the lexicon (and an
    /// analyser holding it) is cheap to pass around.
    let words: WordTables
    public let thesaurus: Thesaurus
    public let regions: Regions

    public init(endings: [String], particles: [String], stopWords: [String], thesaurusTSV: String, regionsTSV: String) {
        self.words = WordTables(endings: endings, particles: particles, stopWords: stopWords)
        self.thesaurus = Thesaurus(tsv: thesaurusTSV)
        self.regions = Regions(tsv: regionsTSV)
    }

    /// The lexicon shipped in the bundle.
    public static let standard: Lexicon = {
        func file(_ name: String) -> String {
            let parts = name.split(separator: ".")
            guard let url = Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Resources"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
            return text
        }
        func lines(_ text: String) -> [String] {
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        let endingLines = lines(file("endings.txt"))
        let particles = endingLines.filter { $0.hasPrefix("p ") }.map { String($0.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
        let endings = endingLines.map { $0.hasPrefix("p ") || $0.hasPrefix("e ") ? String($0.dropFirst(2)).trimmingCharacters(in: .whitespaces) : $0 }
        return Lexicon(endings: endings, particles: particles, stopWords: lines(file("stopwords.txt")),
                       thesaurusTSV: file("thesaurus.tsv"), regionsTSV: file("regions.tsv"))
    }()

    @inline(__always) static func hash(_ s: ArraySlice<UInt32>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in s { h = (h ^ UInt64(v)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    @inline(__always) func isParticle(_ run: ArraySlice<UInt32>) -> Bool { words.particles.contains(Lexicon.hash(run)) }

    @inline(__always) func isStopWord(_ word: ArraySlice<UInt32>) -> Bool { words.stopWords.contains(Lexicon.hash(word)) }

    /// Strips up to two particles/endings, keeping a stem of at least two syllables
    /// ("플랫폼으로의" → "플랫폼", "제공하는" → "제공"; "대한" stays). `run` is Hangul syllables.
    @inline(__always) func stripEndings(_ run: ArraySlice<UInt32>) -> ArraySlice<UInt32> { words.stripEndings(run) }
}

/// The word lists of a lexicon in lookup form.
final class WordTables: Sendable {
    /// Particles and verb endings grouped by last syllable, longest first: the endings of syllable
    /// `s` (offset from 가) are `endingSpans[endingStart[s]..<endingStart[s + 1]]`, each span a
    /// range of `endingScalars`. One table lookup per word, no hashing. (Endings with other
    /// scalars than Hangul syllables could never match a Hangul word and are left out.)
    let endingStart: [Int32]
    let endingSpans: [Range<Int>]
    let endingScalars: [UInt32]
    /// FNV-1a hashes of particles and stop words: no allocation per word in the hot loop.
    let particles: TermTable
    let stopWords: TermTable

    init(endings: [String], particles: [String], stopWords: [String]) {
        var byLast: [Int: [[UInt32]]] = [:]
        for e in endings.map({ Normalizer.scalars($0) }) where !e.isEmpty && e.allSatisfy(Normalizer.isHangul) {
            byLast[Int(e.last! - 0xAC00), default: []].append(e)
        }
        var start: [Int32] = [0]
        var spans: [Range<Int>] = []
        var scalars: [UInt32] = []
        for syllable in 0..<11172 {
            for e in (byLast[syllable] ?? []).sorted(by: { $0.count > $1.count }) {
                spans.append(scalars.count..<(scalars.count + e.count))
                scalars.append(contentsOf: e)
            }
            start.append(Int32(spans.count))
        }
        self.endingStart = start
        self.endingSpans = spans
        self.endingScalars = scalars
        self.particles = TermTable(keys: particles.map { Lexicon.hash(Normalizer.scalars($0)[...]) })
        self.stopWords = TermTable(keys: stopWords.map { Lexicon.hash(Normalizer.scalars($0)[...]) })
    }

    func stripEndings(_ run: ArraySlice<UInt32>) -> ArraySlice<UInt32> {
        var stem = run
        endingScalars.withUnsafeBufferPointer { scalars in
        endingSpans.withUnsafeBufferPointer { spans in
        endingStart.withUnsafeBufferPointer { starts in
            for _ in 0..<2 {
                guard let last = stem.last, Normalizer.isHangul(last) else { break }
                let syllable = Int(last - 0xAC00)
                var stripped = false
                for k in Int(starts[syllable])..<Int(starts[syllable + 1]) {
                    let span = spans[k]
                    let length = span.count
                    guard stem.count - length >= 2 else { continue }
                    var equal = true
                    var i = stem.endIndex - length
                    for j in span {
                        if stem[i] != scalars[j] { equal = false; break }
                        i += 1
                    }
                    if equal {
                        stem = stem[stem.startIndex..<(stem.endIndex - length)]
                        stripped = true
                        break
                    }
                }
                if !stripped { break }
            }
        }}}
        return stem
    }
}
