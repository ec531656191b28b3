import Foundation
import IeumCore

/// A round as typed into the operator's form (text as typed, shown back next to its errors).
public struct RoundInput: Sendable, Equatable {
    public var programID = ""
    /// `need:<uuid>`, `call:<uuid>`, `track:<name>` or empty (the whole program).
    public var scope = ""
    public var kind = RoundKind.document.rawValue
    public var title = ""
    public var titleEn = ""
    public var opensAt = ""
    public var closesAt = ""
    public var blind = true
    public var judgesPerEntry = "3"
    public var minLoad = "0"
    public var maxLoad = "20"
    public var method = AggregationMethod.trimmedMean.rawValue
    public var trimMinimum = "5"
    public var disagreementRange = "20"
    public var capacity = ""

    public init() {}
}

public struct ValidRound: Sendable {
    var programID: UUID
    var needID: UUID?
    var callID: UUID?
    var track: String?
    var kind: RoundKind
    var title: String
    var titleEn: String?
    var opensAt: Date
    var closesAt: Date
    var blind: Bool
    var judgesPerEntry: Int
    var minLoad: Int
    var maxLoad: Int
    var method: AggregationMethod
    var trimMinimum: Int
    var disagreementRange: Double
    var capacity: Int?
}

extension RoundInput {
    /// Checks the form; the program, need and call are looked up by the service.
    func validate() -> Result<ValidRound, FieldErrorsError> {
        var errors = FieldErrors()
        let programID = UUID(uuidString: self.programID.trimmed)
        if programID == nil { errors.add("programID", Localized("사업을 고르세요.", "Choose the program.")) }
        var needID: UUID?, callID: UUID?, track: String?
        let scope = self.scope.trimmed
        if scope.hasPrefix("need:") { needID = UUID(uuidString: String(scope.dropFirst(5))) }
        else if scope.hasPrefix("call:") { callID = UUID(uuidString: String(scope.dropFirst(5))) }
        else if scope.hasPrefix("track:") { track = String(scope.dropFirst(6)).trimmed }
        if !scope.isEmpty && needID == nil && callID == nil && (track ?? "").isEmpty {
            errors.add("scope", Localized("평가 대상을 목록에서 고르세요.", "Choose what the round judges from the list."))
        }
        let kind = RoundKind(rawValue: self.kind)
        if kind == nil { errors.add("kind", Localized("평가 유형을 고르세요.", "Choose the kind of round.")) }
        let title = self.title.trimmed
        if title.isEmpty { errors.add("title", Localized("평가 이름을 입력하세요.", "Enter the round's name.")) }
        else if title.count > 200 { errors.add("title", Localized("평가 이름은 200자 이내로 입력하세요.", "The name must be at most 200 characters.")) }
        let titleEn = self.titleEn.trimmed
        if titleEn.count > 200 { errors.add("titleEn", Localized("영문 이름은 200자 이내로 입력하세요.", "The English name must be at most 200 characters.")) }
        let opens = SeoulTime.parse(opensAt), closes = SeoulTime.parse(closesAt)
        if opens == nil { errors.add("opensAt", Localized("심사 시작 시각을 2026-12-01 09:00 형식으로 입력하세요.", "Enter when judging opens as 2026-12-01 09:00.")) }
        if closes == nil { errors.add("closesAt", Localized("심사 마감 시각을 2026-12-10 18:00 형식으로 입력하세요.", "Enter when judging closes as 2026-12-10 18:00.")) }
        else if let opens, let closes, closes <= opens {
            errors.add("closesAt", Localized("심사 마감은 시작보다 뒤여야 합니다.", "Judging must close after it opens."))
        }
        func integer(_ field: String, _ text: String, _ range: ClosedRange<Int>, _ message: Localized) -> Int? {
            guard let value = Bounded.int(text, in: range) else { errors.add(field, message); return nil }
            return value
        }
        let k = integer("judgesPerEntry", judgesPerEntry, 1...15, Localized("건당 심사위원 수는 1~15명입니다.", "Judges per entry must be 1 to 15."))
        let minLoad = integer("minLoad", self.minLoad, 0...500, Localized("최소 배정 건수는 0~500입니다.", "The minimum load must be 0 to 500."))
        let maxLoad = integer("maxLoad", self.maxLoad, 1...500, Localized("최대 배정 건수는 1~500입니다.", "The maximum load must be 1 to 500."))
        if let minLoad, let maxLoad, maxLoad < minLoad {
            errors.add("maxLoad", Localized("최대 배정 건수는 최소 배정 건수 이상이어야 합니다.", "The maximum load must not be below the minimum."))
        }
        let method = AggregationMethod(rawValue: self.method)
        if method == nil { errors.add("method", Localized("점수 산정 방식을 고르세요.", "Choose how scores are combined.")) }
        let trim = integer("trimMinimum", trimMinimum, 3...30, Localized("최고·최저점 제외 기준 인원은 3~30명입니다.", "Trimming needs 3 to 30 judges."))
        let range = Bounded.double(disagreementRange, in: 0...100)
        if range == nil {
            errors.add("disagreementRange", Localized("편차 경고 기준은 0~100점입니다.", "The disagreement threshold must be 0 to 100 points."))
        }
        var capacity: Int?
        if !self.capacity.trimmed.isEmpty {
            capacity = integer("capacity", self.capacity, 1...1_000, Localized("선정 규모는 1~1,000건입니다.", "The number to select must be 1 to 1,000."))
        }
        guard errors.isEmpty, let programID, let kind, let opens, let closes, let k, let minLoad, let maxLoad, let method, let trim, let range else {
            return .failure(FieldErrorsError(errors: errors))
        }
        return .success(ValidRound(programID: programID, needID: needID, callID: callID, track: track, kind: kind, title: title,
                                   titleEn: titleEn.isEmpty ? nil : titleEn, opensAt: opens, closesAt: closes, blind: blind,
                                   judgesPerEntry: k, minLoad: minLoad, maxLoad: maxLoad, method: method, trimMinimum: trim,
                                   disagreementRange: range, capacity: capacity))
    }
}

/// A rubric criterion as typed.
public struct CriterionInput: Sendable, Equatable {
    public var title = ""
    public var titleEn = ""
    public var description = ""
    public var descriptionEn = ""
    public var weight = ""
    public var maxScore = ""

    public init() {}

    func validate() -> Result<(title: String, titleEn: String, description: String, descriptionEn: String, weight: Double, maxScore: Int), FieldErrorsError> {
        var errors = FieldErrors()
        let title = self.title.trimmed, titleEn = self.titleEn.trimmed
        if title.isEmpty { errors.add("title", Localized("평가항목 이름을 입력하세요.", "Enter the criterion's name.")) }
        else if title.count > 100 { errors.add("title", Localized("평가항목 이름은 100자 이내로 입력하세요.", "The name must be at most 100 characters.")) }
        if titleEn.isEmpty { errors.add("titleEn", Localized("영문 이름을 입력하세요.", "Enter the English name.")) }
        else if titleEn.count > 100 { errors.add("titleEn", Localized("영문 이름은 100자 이내로 입력하세요.", "The English name must be at most 100 characters.")) }
        let description = self.description.trimmed, descriptionEn = self.descriptionEn.trimmed
        if description.count > 1_000 || descriptionEn.count > 1_000 {
            errors.add("description", Localized("설명은 1,000자 이내로 입력하세요.", "Descriptions must be at most 1,000 characters."))
        }
        // `Double("nan")` passed the old range test (every comparison with NaN is false): plain decimals only.
        let weight = Bounded.double(self.weight.replacingOccurrences(of: "%", with: ""), in: 0...100).flatMap { $0 > 0 ? $0 : nil }
        if weight == nil {
            errors.add("weight", Localized("가중치는 0보다 크고 100 이하인 숫자로 입력하세요.", "The weight must be a number above 0 and at most 100."))
        }
        let maxScore = Bounded.int(self.maxScore, in: 1...1_000)
        if maxScore == nil {
            errors.add("maxScore", Localized("배점은 1~1,000점입니다.", "The maximum score must be 1 to 1,000."))
        }
        guard errors.isEmpty, let weight, let maxScore else { return .failure(FieldErrorsError(errors: errors)) }
        return .success((title, titleEn, description, descriptionEn, weight, maxScore))
    }
}

/// A score sheet as typed: a score and a comment per criterion id.
public struct SheetInput: Sendable, Equatable {
    public var scores: [String: String] = [:]
    public var comments: [String: String] = [:]
    public var overallComment = ""

    public init() {}

    /// Every typed score must be a number within 0…max; submitting needs all of them.
    func validate(_ criteria: [RubricCriterion], complete: Bool) -> Result<[String: Double], FieldErrorsError> {
        var errors = FieldErrors()
        var values: [String: Double] = [:]
        for criterion in criteria {
            let key = criterion.id?.uuidString ?? ""
            let text = (scores[key] ?? "").trimmed
            if text.isEmpty {
                if complete {
                    errors.add("score-\(key)", Localized("'\(criterion.title)' 점수를 입력하세요.", "Enter a score for '\(criterion.titleEn)'."))
                }
                continue
            }
            guard let value = Bounded.double(text, in: 0...Double(max(0, criterion.maxScore))) else {
                errors.add("score-\(key)", Localized("'\(criterion.title)' 점수는 0~\(criterion.maxScore)점입니다.",
                                                     "The score for '\(criterion.titleEn)' must be 0 to \(criterion.maxScore)."))
                continue
            }
            if (comments[key] ?? "").count > 2_000 {
                errors.add("comment-\(key)", Localized("의견은 2,000자 이내로 입력하세요.", "Comments must be at most 2,000 characters."))
            }
            values[key] = value
        }
        if overallComment.count > 4_000 {
            errors.add("overallComment", Localized("종합 의견은 4,000자 이내로 입력하세요.", "The overall comment must be at most 4,000 characters."))
        }
        guard errors.isEmpty else { return .failure(FieldErrorsError(errors: errors)) }
        return .success(values)
    }
}

extension RoundInput: FormInput {}

extension CriterionInput: FormInput {}
