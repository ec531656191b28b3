/// A match explained in one or two sentences (Korean and English): what of the need's key
/// requirements the profile meets, quoting it, then what it may not meet. Built from a
/// `MatchExplanation`; the raw term list (`MatchExplanation.korean`) stays for the details.
public struct MatchReason: Sendable, Hashable {
    /// Who reads it: a need's organisation about a startup, or a startup about a need.
    public enum Perspective: Sendable, Hashable {
        case startupForNeed
        case needForStartup
    }

    public enum Strength: Sendable, Hashable {
        /// Phrases quoted from the profile; `key` when one of them is a word of the need's title.
        case phrases([String], key: Bool)
        case sameField(String)
        case stageMet(required: Stage)
        case preferredRegion(String)
    }

    public enum Caveat: Sendable, Hashable {
        case stageBelow(required: Stage, actual: Stage)
        case stageUnknown(required: Stage)
        case otherRegion(preferred: String, region: String)
        case otherField(requested: [String], actual: String)
        case inactive
    }

    public var perspective: Perspective
    public var strengths: [Strength] = []
    public var caveats: [Caveat] = []
    /// Feedback on this need or similar needs, or the model learned from the program's feedback,
    /// moved the score.
    public var learnedFromFeedback = false

    public init(perspective: Perspective, strengths: [Strength] = [], caveats: [Caveat] = [], learnedFromFeedback: Bool = false) {
        self.perspective = perspective
        self.strengths = strengths
        self.caveats = caveats
        self.learnedFromFeedback = learnedFromFeedback
    }

    /// The reason for one match; the renderings take a closure naming a field in the reader's language.
    public init(_ e: MatchExplanation, perspective: Perspective) {
        self.perspective = perspective
        let quotes = e.quotes.map(\.text)
        if !quotes.isEmpty { strengths.append(.phrases(quotes, key: e.quotes.contains(where: \.key))) }
        if let field = e.fieldOverlap.first { strengths.append(.sameField(field)) }
        switch e.stage {
        case .notRequired: break
        case let .meets(required, _): strengths.append(.stageMet(required: required))
        case let .below(required, actual): caveats.append(.stageBelow(required: required, actual: actual))
        case let .unknown(required): caveats.append(.stageUnknown(required: required))
        }
        switch e.region {
        case .noPreference: break
        case let .inside(preferred, _): strengths.append(.preferredRegion(preferred))
        case let .outside(preferred, region): caveats.append(.otherRegion(preferred: preferred, region: region))
        }
        if e.fieldOverlap.isEmpty, !e.requestedFields.isEmpty, perspective == .startupForNeed {
            caveats.append(.otherField(requested: e.requestedFields, actual: e.profileField))
        }
        if !e.active { caveats.append(.inactive) }
        learnedFromFeedback = e.feedbackEffect != 0 || abs(e.learnedEffect) >= FeedbackModel.visibleEffect
    }

    // MARK: Korean

    /// Each clause as (joined to the next with 고, ending the sentence).
    typealias Clause = (connective: String, final: String)

    func koreanStrength(_ s: Strength, field: (String) -> String) -> Clause {
        switch s {
        case let .phrases(quotes, key):
            let list = Josa.list(quotes.map { "‘\($0)’" })
            switch (perspective, key) {
            case (.startupForNeed, true): return ("\(list) 경험이 수요과제의 핵심 요구와 맞고", "\(list) 경험이 수요과제의 핵심 요구와 맞습니다")
            case (.startupForNeed, false): return ("\(list) 등 일부 표현이 수요과제와 겹치고", "\(list) 등 일부 표현이 수요과제와 겹칩니다")
            case (.needForStartup, true): return ("이 수요과제가 찾는 \(Josa.attach(list, "이", "가")) 귀사 프로필과 맞고", "이 수요과제가 찾는 \(Josa.attach(list, "이", "가")) 귀사 프로필과 맞습니다")
            case (.needForStartup, false): return ("수요과제의 \(list) 등 일부 표현이 귀사 프로필과 겹치고", "수요과제의 \(list) 등 일부 표현이 귀사 프로필과 겹칩니다")
            }
        case let .sameField(f): return ("기술분야(\(field(f)))가 같고", "기술분야(\(field(f)))가 같습니다")
        case let .stageMet(r): return ("요구 단계(\(r.korean) 이상)를 충족하고", "요구 단계(\(r.korean) 이상)를 충족합니다")
        case let .preferredRegion(p): return ("선호 지역(\(p))에 있고", "선호 지역(\(p))에 있습니다")
        }
    }

    func koreanCaveat(_ c: Caveat, field: (String) -> String) -> Clause {
        switch c {
        case let .stageBelow(r, a): return ("요구 단계(\(r.korean) 이상)보다 이른 단계(\(a.korean))이고", "요구 단계(\(r.korean) 이상)보다 이른 단계(\(a.korean))입니다")
        case let .stageUnknown(r): return ("투자 단계가 등록되지 않아 요구 단계(\(r.korean) 이상)인지 확인이 필요하고", "투자 단계가 등록되지 않아 요구 단계(\(r.korean) 이상)인지 확인이 필요합니다")
        case let .otherRegion(p, r) where r.isEmpty: return ("소재지가 등록되지 않아 선호 지역(\(p))인지 알 수 없고", "소재지가 등록되지 않아 선호 지역(\(p))인지 알 수 없습니다")
        case let .otherRegion(p, r): return ("선호 지역(\(p))이 아닌 \(r)에 있고", "선호 지역(\(p))이 아닌 \(r)에 있습니다")
        case let .otherField(_, a) where a.isEmpty: return ("기술분야가 등록되지 않았고", "기술분야가 등록되지 않았습니다")
        case let .otherField(req, a): return ("등록 기술분야(\(field(a)))가 요구 분야(\(req.map(field).joined(separator: ", ")))와 다르고",
                                              "등록 기술분야(\(field(a)))가 요구 분야(\(req.map(field).joined(separator: ", ")))와 다릅니다")
        case .inactive: return ("휴·폐업 상태이고", "휴·폐업 상태입니다")
        }
    }

    static func sentence(_ clauses: [Clause]) -> String {
        guard let last = clauses.last else { return "" }
        return (clauses.dropLast().map { $0.connective + ", " }.joined() + last.final) + "."
    }

    public func korean(field: (String) -> String = { $0 }) -> String {
        var first = Self.sentence(strengths.prefix(3).map { koreanStrength($0, field: field) })
        if first.isEmpty {
            first = perspective == .startupForNeed ? "수요과제와 겹치는 표현이 적습니다." : "귀사 프로필과 겹치는 표현이 적습니다."
        }
        var text = first
        if !caveats.isEmpty { text += " 다만 " + Self.sentence(caveats.map { koreanCaveat($0, field: field) }) }
        if learnedFromFeedback { text += " (피드백 반영)" }
        return text
    }

    // MARK: English

    func englishStrength(_ s: Strength, field: (String) -> String) -> String {
        switch s {
        case let .phrases(quotes, key):
            let list = Self.englishList(quotes.map { "‘\($0)’" })
            switch (perspective, key) {
            case (.startupForNeed, true): return "its \(list) experience matches the need's key requirements"
            case (.startupForNeed, false): return "some of its wording (\(list)) overlaps with the need"
            case (.needForStartup, true): return "the need asks for \(list), which your profile covers"
            case (.needForStartup, false): return "some of the need's wording (\(list)) overlaps with your profile"
            }
        case let .sameField(f): return "it is in the same field (\(field(f)))"
        case let .stageMet(r): return "it meets the required stage (\(r.english) or later)"
        case let .preferredRegion(p): return "it is in the preferred region (\(p))"
        }
    }

    func englishCaveat(_ c: Caveat, field: (String) -> String) -> String {
        switch c {
        case let .stageBelow(r, a): return "it is at an earlier stage (\(a.english)) than required (\(r.english) or later)"
        case let .stageUnknown(r): return "its stage is not registered, so whether it reaches \(r.english) needs checking"
        case let .otherRegion(p, r) where r.isEmpty: return "its location is not registered, so it may be outside the preferred region (\(p))"
        case let .otherRegion(p, r): return "it is in \(r), outside the preferred region (\(p))"
        case let .otherField(_, a) where a.isEmpty: return "it has not registered a field"
        case let .otherField(req, a): return "its field (\(field(a))) differs from the one asked for (\(req.map(field).joined(separator: ", ")))"
        case .inactive: return "it has suspended or closed its business"
        }
    }

    static func englishList(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    public func english(field: (String) -> String = { $0 }) -> String {
        let strong = strengths.prefix(3).map { englishStrength($0, field: field) }
        var text = strong.isEmpty
            ? (perspective == .startupForNeed ? "Few of the need's words appear in the profile." : "Few of your profile's words appear in the need.")
            : Self.capitalised(Self.englishList(strong)) + "."
        if !caveats.isEmpty { text += " However, " + Self.englishList(caveats.map { englishCaveat($0, field: field) }) + "." }
        if learnedFromFeedback { text += " (Learned from feedback)" }
        return text
    }
}

/// Korean particles that change with the last sound of the word before them (과/와, 이/가 …).
enum Josa {
    /// Whether the word ends in a consonant as read aloud: a Hangul syllable with a final
    /// consonant, a digit read with one (일, 삼, 육, 칠, 팔, 십, 영), or a Latin word ending in l, m, n.
    static func endsInConsonant(_ word: String) -> Bool {
        guard let last = word.last(where: { $0.isLetter || $0.isNumber }), let scalar = last.unicodeScalars.first else { return false }
        let v = scalar.value
        if (0xAC00...0xD7A3).contains(v) { return (v - 0xAC00) % 28 != 0 }
        if last.isNumber { return "0136780".contains(last) }
        return "lmnLMN".contains(last)
    }

    static func attach(_ word: String, _ afterConsonant: String, _ afterVowel: String) -> String {
        word + (endsInConsonant(word) ? afterConsonant : afterVowel)
    }

    /// "‘A’과 ‘B’", "‘A’, ‘B’와 ‘C’".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        let head = items.dropLast()
        return head.dropLast().map { $0 + ", " }.joined() + attach(head.last!, "과", "와") + " " + items.last!
    }
}
