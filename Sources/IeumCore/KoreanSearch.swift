import Foundation

/// Korean-aware substring search that works the same on SQLite and PostgreSQL with `LIKE`.
///
/// Korean words carry particles and endings (스마트공장**을**, 구축**하는**) and spacing varies
/// (스마트 공장 / 스마트공장). We store for every record one *folded* text: Unicode NFKC,
/// lower-cased, with all whitespace and punctuation removed. A query is split into words, each
/// word loses a trailing particle, is folded the same way, and every word must occur in the folded
/// text. English terms inside Korean (`AI기반`, `IoT`) fold to lower-case runs and are found too.
public enum KoreanSearch {
    /// Particles and short endings that follow a noun. Longest first, so `에서는` wins over `는`.
    static let particles: [String] = [
        "으로부터", "에서부터", "에게서", "으로서", "으로써", "이라는", "에서는", "에서도", "까지도",
        "에서", "에게", "으로", "이나", "이랑", "부터", "까지", "처럼", "보다", "라는", "하는", "하고",
        "과는", "와는", "에는", "에도", "로서", "로써", "이며", "이고", "한테",
        "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "나",
    ]

    /// The text stored for search: folded, no spaces or punctuation.
    public static func fold(_ text: String) -> String {
        // ASCII and precomposed Hangul are already in NFKC; skip the costly normalisation for them
        // (an import of 10,000 profiles folds several million characters).
        let normalized = text.unicodeScalars.allSatisfy(isNormalizationStable)
            ? text.lowercased()
            : text.precomposedStringWithCompatibilityMapping.lowercased()
        var out = String.UnicodeScalarView()
        for scalar in normalized.unicodeScalars where isWordScalar(scalar) {
            out.append(scalar)
        }
        return String(out)
    }

    static func isNormalizationStable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 || isHangulSyllable(scalar)
    }

    /// Letters (with their combining marks) and decimal digits, as `CharacterSet.letters` and
    /// `.decimalDigits` define them, without Foundation's slow per-scalar lookup.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            let v = scalar.value
            return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
        }
        if isHangulSyllable(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// Folded text for a record made of several fields.
    public static func document(_ fields: [String?]) -> String {
        fields.compactMap { $0 }.map(fold).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Removes one trailing particle from a Hangul word, keeping at least two syllables of stem.
    public static func stripParticle(_ word: String) -> String {
        guard word.unicodeScalars.last.map(isHangulSyllable) == true else { return word }
        for particle in particles where word.hasSuffix(particle) {
            let stem = String(word.dropLast(particle.count))
            if stem.count >= 2 { return stem }
        }
        return word
    }

    /// Query terms: each whitespace-separated word without its particle, folded. A query of
    /// several Hangul words is also tried without spaces by the caller through `fold(query)`.
    public static func terms(_ query: String) -> [String] {
        let words = query.precomposedStringWithCompatibilityMapping
            .split(whereSeparator: { $0.isWhitespace || $0 == "," })
            .map { String($0) }
        var result: [String] = []
        for word in words {
            let folded = fold(stripParticle(fold(word)))
            if !folded.isEmpty, !result.contains(folded) { result.append(folded) }
        }
        return result
    }

    /// Does a folded document match the query? Used by tests and in-memory filters; the database
    /// path uses `likePatterns(for:)` with the same semantics.
    public static func matches(document: String, query: String) -> Bool {
        let terms = terms(query)
        if terms.isEmpty { return true }
        let joined = document.replacingOccurrences(of: " ", with: "")
        if terms.allSatisfy({ document.contains($0) }) { return true }
        // "스마트 공장" (two words) also matches the record that writes it as one word.
        return joined.contains(terms.joined())
    }

    /// `LIKE` patterns (with `\` as escape character) for each query term.
    public static func likePattern(for term: String) -> String {
        var escaped = ""
        for ch in term {
            if ch == "%" || ch == "_" || ch == "\\" { escaped.append("\\") }
            escaped.append(ch)
        }
        return "%" + escaped + "%"
    }

    static func isHangulSyllable(_ scalar: Unicode.Scalar) -> Bool {
        (0xAC00...0xD7A3).contains(scalar.value)
    }
}
