import Foundation

/// Short passages of a profile to quote in a reason: where the need's matched words stand in the
/// profile, with a word of context on each side and "…" where the text goes on.
enum MatchQuotes {
    /// At most this many quotes per reason: a sentence with more stops being read.
    static let limit = 2
    /// A quote longer than this many characters is cut to the matched words.
    static let maxLength = 24

    /// The passages that show most of the need's words: each matched word gives a candidate (the
    /// keyword holding it — a keyword is a phrase of its own and says what the company does — or
    /// a snippet of the field it was found in); picked greedily by what a candidate adds: one per
    /// matched word not yet quoted, one more per such key requirement (need title word), one more
    /// for a keyword. At most two, none inside another.
    static func pick(_ terms: [MatchExplanation.TermMatch], from profile: StartupProfile, titleWords: Set<String>) -> [MatchExplanation.Quote] {
        let texts = [profile.name, profile.summary, profile.keywords.joined(separator: ", "), profile.description]
        let fieldOrder: [ProfileField] = [.keywords, .summary, .description, .name]
        let words = terms.map { (text: $0.synonym ?? $0.term, key: titleWords.contains(Regions.key($0.term))) }
        var candidates: [(quote: MatchExplanation.Quote, held: Set<Int>, order: Int)] = []
        for (i, term) in terms.enumerated() {
            let word = words[i].text
            let found: (String, ProfileField)?
            if let keyword = profile.keywords.first(where: { find(word, in: $0) != nil }) {
                found = (keyword, .keywords)
            } else if term.field != .keywords, let snippet = snippet(word, in: texts[term.field.rawValue]) {
                found = (snippet, term.field)
            } else {
                found = nil
            }
            guard let (raw, field) = found else { continue }
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, !candidates.contains(where: { $0.quote.text == text }) else { continue }
            let held = Set(words.indices.filter { find(words[$0].text, in: text) != nil })
            candidates.append((.init(text: text, field: field, key: held.contains { words[$0].key }), held, fieldOrder.firstIndex(of: field)! * 1000 + i))
        }
        // Greedy by what a passage adds: words already quoted count no more.
        var covered = Set<Int>()
        var quotes: [MatchExplanation.Quote] = []
        func gain(_ c: (quote: MatchExplanation.Quote, held: Set<Int>, order: Int)) -> Int {
            let new = c.held.subtracting(covered)
            return new.isEmpty ? 0 : new.count + new.filter { words[$0].key }.count + (c.quote.field == .keywords ? 1 : 0)
        }
        while quotes.count < limit {
            guard let best = candidates.filter({ gain($0) > 0 }).min(by: { a, b in
                let ga = gain(a), gb = gain(b)
                return ga != gb ? ga > gb : a.order < b.order
            }) else { break }
            candidates.removeAll { $0.quote.text == best.quote.text }
            let bare = Regions.key(best.quote.text.replacingOccurrences(of: "…", with: ""))
            let overlaps = quotes.contains { q in
                let other = Regions.key(q.text.replacingOccurrences(of: "…", with: ""))
                return other.contains(bare) || bare.contains(other)
            }
            if !overlaps { quotes.append(best.quote); covered.formUnion(best.held) }
        }
        return quotes
    }

    /// The characters of `text` (case folded) without spaces, each with its position in `text`.
    private static func folded(_ text: [Character]) -> [(Character, Int)] {
        text.enumerated().compactMap { i, c in c.isWhitespace || c == "-" ? nil : (Character(c.lowercased()), i) }
    }

    /// Where `term` occurs in `text`, ignoring case, spaces and hyphens (need "이상탐지" finds
    /// profile "이상 탐지"): the character range in `text`.
    static func find(_ term: String, in text: String) -> Range<Int>? {
        let chars = Array(text)
        let hay = folded(chars)
        let needle = folded(Array(term)).map(\.0)
        guard !needle.isEmpty, hay.count >= needle.count else { return nil }
        outer: for start in 0...(hay.count - needle.count) {
            for j in 0..<needle.count where hay[start + j].0 != needle[j] { continue outer }
            return hay[start].1..<(hay[start + needle.count - 1].1 + 1)
        }
        return nil
    }

    /// The words holding the match, one more word on each side when that stays short, and "…"
    /// where the sentence goes on.
    static func snippet(_ term: String, in text: String) -> String? {
        guard let range = find(term, in: text) else { return nil }
        let chars = Array(text)
        let stops: Set<Character> = [".", "!", "?", "\n", ",", ";", "·", "。"]
        func wordStart(_ i: Int) -> Int { var i = i; while i > 0, !chars[i - 1].isWhitespace, !stops.contains(chars[i - 1]) { i -= 1 }; return i }
        func wordEnd(_ i: Int) -> Int { var i = i; while i < chars.count, !chars[i].isWhitespace, !stops.contains(chars[i]) { i += 1 }; return i }
        var lo = wordStart(range.lowerBound), hi = wordEnd(range.upperBound)
        // One neighbouring word on each side, when the quote stays short and the sentence goes on.
        var before = lo
        while before > 0, chars[before - 1] == " " { before -= 1 }
        if before > 0, !stops.contains(chars[before - 1]) {
            let start = wordStart(before - 1)
            if hi - start <= maxLength { lo = start }
        }
        var after = hi
        while after < chars.count, chars[after] == " " { after += 1 }
        if after < chars.count, !stops.contains(chars[after]) {
            let end = wordEnd(after)
            if end - lo <= maxLength { hi = end }
        }
        if hi - lo > maxLength { lo = range.lowerBound; hi = range.upperBound }
        let leading = lo > 0 && !stops.contains(chars[lo - 1]) && !(lo >= 2 && chars[lo - 1] == " " && stops.contains(chars[lo - 2]))
        var end = hi
        while end < chars.count, chars[end] == " " { end += 1 }
        let trailing = end < chars.count && !stops.contains(chars[end])
        return (leading ? "…" : "") + String(chars[lo..<hi]) + (trailing ? "…" : "")
    }
}
