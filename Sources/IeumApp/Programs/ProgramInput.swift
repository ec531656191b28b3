import Foundation
import IeumCore

/// A program as typed into the form: text, shown back unchanged next to its errors.
public struct ProgramInput: Sendable, Equatable {
    public var name = ""
    public var nameEn = ""
    public var year = ""
    /// The id of an approved agency, or empty.
    public var operatorID = ""
    public var description = ""
    /// Tracks separated by commas or lines.
    public var tracks = ""

    public init() {}

    init(_ program: Program) {
        name = program.name
        nameEn = program.nameEn ?? ""
        year = String(program.year)
        operatorID = program.$operatorOrganization.id?.uuidString ?? ""
        description = program.description
        tracks = program.tracks.joined(separator: ", ")
    }
}

public struct ValidProgram: Sendable, Equatable {
    public var name: String
    public var nameEn: String?
    public var year: Int
    public var operatorID: UUID?
    public var description: String
    public var tracks: [String]
}

extension ProgramInput {
    /// `agencyIDs`: the approved agencies a program may name as its operator.
    func validate(agencyIDs: Set<UUID>) -> Result<ValidProgram, FieldErrorsError> {
        var errors = FieldErrors()
        let name = self.name.trimmed
        if name.isEmpty { errors.add("name", Localized("사업명을 입력하세요.", "Enter the program's name.")) }
        else if name.count > 200 { errors.add("name", Localized("사업명은 200자 이내로 입력하세요.", "The name must be at most 200 characters.")) }
        let nameEn = self.nameEn.trimmed
        if nameEn.count > 200 { errors.add("nameEn", Localized("영문 사업명은 200자 이내로 입력하세요.", "The English name must be at most 200 characters.")) }

        let year = Bounded.int(self.year, in: 2000...2100)
        if self.year.trimmed.isEmpty {
            errors.add("year", Localized("사업 연도를 입력하세요.", "Enter the program's year."))
        } else if year == nil {
            errors.add("year", Localized("사업 연도는 2000년부터 2100년 사이의 숫자로 입력하세요.", "The year must be a number from 2000 to 2100."))
        }

        var operatorID: UUID?
        let rawOperator = self.operatorID.trimmed
        if !rawOperator.isEmpty {
            if let id = UUID(uuidString: rawOperator), agencyIDs.contains(id) { operatorID = id } else {
                errors.add("operatorID", Localized("운영기관은 승인된 지원기관 중에서 고르세요.", "Choose the operator from the approved agencies."))
            }
        }

        let description = self.description.trimmed
        if description.count > 5_000 { errors.add("description", Localized("사업 소개는 5,000자 이내로 입력하세요.", "The description must be at most 5,000 characters.")) }

        let tracks = Self.tracks(from: self.tracks)
        if tracks.contains(where: { $0.count > 50 }) {
            errors.add("tracks", Localized("트랙 이름은 하나에 50자 이내로 입력하세요.", "Each track name must be at most 50 characters."))
        } else if tracks.count > 12 {
            errors.add("tracks", Localized("트랙은 12개까지 둘 수 있습니다.", "A program has at most 12 tracks."))
        }

        guard errors.isEmpty, let year else { return .failure(FieldErrorsError(errors: errors)) }
        return .success(ValidProgram(name: name, nameEn: nameEn.isEmpty ? nil : nameEn, year: year, operatorID: operatorID,
                                     description: description, tracks: tracks))
    }

    /// `대기업 협업, 중견기업 챌린지` or one per line → the names, trimmed, without repeats, in order.
    static func tracks(from text: String) -> [String] {
        var result: [String] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" || $0 == "，" || $0 == "、" }) {
            let track = String(part).trimmed
            if !track.isEmpty && !result.contains(track) { result.append(track) }
        }
        return result
    }
}

/// A call as typed into the form.
public struct CallInput: Sendable, Equatable {
    public var title = ""
    public var titleEn = ""
    public var track = ""
    public var description = ""
    /// Seoul time as a datetime-local input sends it (`2026-03-02T09:00`).
    public var opensAt = ""
    public var closesAt = ""

    public init() {}

    init(_ call: Call) {
        title = call.title
        titleEn = call.titleEn ?? ""
        track = call.track ?? ""
        description = call.description
        opensAt = SeoulTime.inputValue(call.opensAt)
        closesAt = SeoulTime.inputValue(call.closesAt)
    }
}

public struct ValidCall: Sendable, Equatable {
    public var title: String
    public var titleEn: String?
    public var track: String?
    public var description: String
    public var opensAt: Date
    public var closesAt: Date
}

extension CallInput {
    /// `tracks`: the program's tracks; a call belongs to one of them, or to none.
    func validate(tracks: [String]) -> Result<ValidCall, FieldErrorsError> {
        var errors = FieldErrors()
        let title = self.title.trimmed
        if title.isEmpty { errors.add("title", Localized("공모 제목을 입력하세요.", "Enter the call's title.")) }
        else if title.count > 200 { errors.add("title", Localized("공모 제목은 200자 이내로 입력하세요.", "The title must be at most 200 characters.")) }
        let titleEn = self.titleEn.trimmed
        if titleEn.count > 200 { errors.add("titleEn", Localized("영문 제목은 200자 이내로 입력하세요.", "The English title must be at most 200 characters.")) }
        let track = self.track.trimmed
        if !track.isEmpty && !tracks.contains(track) {
            errors.add("track", Localized("트랙은 이 사업의 트랙 중에서 고르세요.", "Choose one of the program's tracks."))
        }
        let description = self.description.trimmed
        if description.count > 5_000 { errors.add("description", Localized("공모 안내는 5,000자 이내로 입력하세요.", "The description must be at most 5,000 characters.")) }

        let opens = SeoulTime.parse(opensAt)
        if opensAt.trimmed.isEmpty { errors.add("opensAt", Localized("접수 시작 시각을 입력하세요.", "Enter when the call opens.")) }
        else if opens == nil { errors.add("opensAt", Localized("접수 시작 시각은 2026-03-02 09:00 형식으로 입력하세요.", "Enter the opening time as 2026-03-02 09:00.")) }
        let closes = SeoulTime.parse(closesAt)
        if closesAt.trimmed.isEmpty { errors.add("closesAt", Localized("접수 마감 시각을 입력하세요.", "Enter when the call closes.")) }
        else if closes == nil { errors.add("closesAt", Localized("접수 마감 시각은 2026-03-31 18:00 형식으로 입력하세요.", "Enter the closing time as 2026-03-31 18:00.")) }
        else if let opens, let closes, closes <= opens {
            errors.add("closesAt", Localized("접수 마감 시각은 시작 시각보다 뒤여야 합니다.", "The call must close after it opens."))
        }

        guard errors.isEmpty, let opens, let closes else { return .failure(FieldErrorsError(errors: errors)) }
        return .success(ValidCall(title: title, titleEn: titleEn.isEmpty ? nil : titleEn, track: track.isEmpty ? nil : track,
                                  description: description, opensAt: opens, closesAt: closes))
    }
}

/// A target as typed: metric, period, value.
public struct TargetInput: Sendable, Equatable {
    public var metric = ""
    public var period = ""
    public var value = ""

    public init() {}
}

public struct ValidTarget: Sendable, Equatable {
    public var metric: KPIMetric
    public var period: String
    public var value: Int64
}

extension TargetInput {
    func validate() -> Result<ValidTarget, FieldErrorsError> {
        var errors = FieldErrors()
        let metric = KPIMetric(rawValue: self.metric.trimmed)
        if metric == nil { errors.add("metric", Localized("성과지표를 고르세요.", "Choose a metric.")) }
        let period = Self.period(self.period)
        if self.period.trimmed.isEmpty {
            errors.add("period", Localized("기간을 입력하세요. 예: 2026, 2026-H1, 2026-Q3", "Enter the period, e.g. 2026, 2026-H1, 2026-Q3."))
        } else if period == nil {
            errors.add("period", Localized("기간은 2026, 2026-H1(반기), 2026-Q3(분기) 형식으로 입력하세요.", "Write the period as 2026, 2026-H1 (half) or 2026-Q3 (quarter)."))
        }
        // `2,000` and `2000` both; money targets in won (also `12억`) up to 10¹⁵, counts up to ten million,
        // so the dashboard's sums of targets stay far inside Int64.
        let text = self.value.trimmed
        let isMoney = metric == .contractValueKRW || metric == .investmentKRW
        let value = isMoney ? Bounded.won(text) : Bounded.int(text, in: Self.counts).map(Int64.init)
        if text.isEmpty {
            errors.add("value", Localized("목표값을 입력하세요.", "Enter the target value."))
        } else if value == nil {
            errors.add("value", isMoney ? Bounded.wonMessage
                : Localized("목표값은 0 이상의 정수로 입력하세요. 최대 10,000,000입니다.", "The target must be a whole number of 0 or more, at most 10,000,000."))
        }
        guard errors.isEmpty, let metric, let period, let value else { return .failure(FieldErrorsError(errors: errors)) }
        return .success(ValidTarget(metric: metric, period: period, value: value))
    }

    static let counts = 0...10_000_000

    /// `2026`, `2026-H1`, `2026-Q3` (lower case and spaces accepted) in their stored form, or nil.
    static func period(_ raw: String) -> String? {
        let text = raw.trimmed.uppercased().replacingOccurrences(of: " ", with: "")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]), (2000...2100).contains(year) else { return nil }
        guard parts.count == 2 else { return String(year) }
        switch parts[1] {
        case "H1", "H2", "Q1", "Q2", "Q3", "Q4": return "\(year)-\(parts[1])"
        default: return nil
        }
    }

    /// Sort key: the year, then the year itself before its halves before its quarters.
    static func periodOrder(_ period: String) -> String {
        let parts = period.split(separator: "-")
        let rank: String
        switch parts.count > 1 ? String(parts[1]) : "" {
        case "": rank = "0"
        case "H1": rank = "1"
        case "H2": rank = "2"
        case let quarter: rank = "3" + quarter
        }
        return String(parts[0]) + rank
    }
}

extension ProgramInput: FormInput {}

extension CallInput: FormInput {}

extension TargetInput: FormInput {}
