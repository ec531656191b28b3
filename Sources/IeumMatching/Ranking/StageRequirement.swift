import Foundation

/// Reads a stated minimum stage from a need's text: "시리즈A 이상", "프리A 단계 이상의 기업",
/// "Series A or later", "at least Series B". The stricter of the text and `min_stage` applies.
public enum StageRequirement {
    private static let aliases: [(String, Stage)] = [
        ("예비창업", .preStartup), ("시드", .seed), ("seed", .seed),
        ("프리시리즈a", .preA), ("프리a", .preA), ("preseriesa", .preA), ("prea", .preA),
        ("시리즈a", .seriesA), ("seriesa", .seriesA), ("시리즈b", .seriesB), ("seriesb", .seriesB),
        ("시리즈c", .seriesC), ("seriesc", .seriesC), ("ipo준비", .preIPO), ("preipo", .preIPO),
    ]
    private static let after = ["이상", "이후", "부터", "orlater", "orabove", "andabove", "orhigher", "andlater", "orbeyond", "+"]
    private static let before = ["atleast", "minimum", "최소", "min"]

    public static func detect(in text: String) -> Stage? {
        let compact = Normalizer.scalars(text).filter { !Normalizer.isJoiner($0) }
        let s = Array(Normalizer.string(compact[...]))
        var best: Stage? = nil
        for (alias, stage) in aliases {
            let a = Array(alias)
            var i = 0
            while i + a.count <= s.count {
                if s[i] == a[0] && Array(s[i..<(i + a.count)]) == a {
                    // "프리a" inside "프리시리즈a" is handled by the longer alias first; skip "시리즈a" inside "프리시리즈a".
                    let tail = String(s[(i + a.count)..<min(s.count, i + a.count + 12)])
                    let head = String(s[max(0, i - 12)..<i])
                    // Allow a few words in between: "시리즈A 단계 이상", "Series A stage or later".
                    let stated = after.contains { tail.hasPrefix($0) || tail.contains($0) && distance(tail, $0) <= 6 }
                        || before.contains { head.hasSuffix($0) || head.contains($0) }
                    if stated, best.map({ stage > $0 }) ?? true { best = stage }
                    i += a.count
                } else { i += 1 }
            }
        }
        return best
    }

    private static func distance(_ tail: String, _ word: String) -> Int {
        guard let r = tail.range(of: word) else { return Int.max }
        return tail.distance(from: tail.startIndex, to: r.lowerBound)
    }

    /// The minimum stage for a need: the field and the text, whichever is higher.
    public static func required(for need: NeedProfile) -> Stage? {
        let field = need.minStage.flatMap { Stage(label: $0) }
        let text = detect(in: need.title + " " + need.description)
        switch (field, text) {
        case let (f?, t?): return max(f, t)
        case let (f?, nil): return f
        case let (nil, t?): return t
        default: return nil
        }
    }
}
