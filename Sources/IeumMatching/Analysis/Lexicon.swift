import Foundation

/// The language data of the engine: endings, stop words, thesaurus and regions, read from the
/// files in `Resources/` so that reviewers can change vocabulary without touching code.
public struct Lexicon: Sendable {
    /// Particles and verb endings by their last syllable, longest first (one dictionary probe per word).
    let endings: [UInt32: [[UInt32]]]
    /// FNV-1a hashes of particles and stop words: no allocation per word in the hot loop.
    let particles: Set<UInt64>
    let stopWords: Set<UInt64>
    public let thesaurus: Thesaurus
    public let regions: Regions

    public init(endings: [String], particles: [String], stopWords: [String], thesaurusTSV: String, regionsTSV: String) {
        var byLast: [UInt32: [[UInt32]]] = [:]
        for e in endings.map({ Normalizer.scalars($0) }) where !e.isEmpty { byLast[e.last!, default: []].append(e) }
        self.endings = byLast.mapValues { $0.sorted { $0.count > $1.count } }
        self.particles = Set(particles.map { Lexicon.hash(Normalizer.scalars($0)[...]) })
        self.stopWords = Set(stopWords.map { Lexicon.hash(Normalizer.scalars($0)[...]) })
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

    func isParticle(_ run: ArraySlice<UInt32>) -> Bool { particles.contains(Lexicon.hash(run)) }

    func isStopWord(_ word: ArraySlice<UInt32>) -> Bool { stopWords.contains(Lexicon.hash(word)) }

    /// Strips up to two particles/endings, keeping a stem of at least two syllables
    /// ("플랫폼으로의" → "플랫폼", "제공하는" → "제공"; "대한" stays).
    func stripEndings(_ run: ArraySlice<UInt32>) -> ArraySlice<UInt32> {
        var stem = run
        for _ in 0..<2 {
            var stripped = false
            guard let last = stem.last, let candidates = endings[last] else { break }
            for ending in candidates where stem.count - ending.count >= 2 {
                if stem.suffix(ending.count).elementsEqual(ending) {
                    stem = stem.dropLast(ending.count)
                    stripped = true
                    break
                }
            }
            if !stripped { break }
        }
        return stem
    }
}
