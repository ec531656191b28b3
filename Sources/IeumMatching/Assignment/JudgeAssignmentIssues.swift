/// Why a judge assignment problem is invalid or has no solution. Structured, so that the web app
/// can render it in its own words; `korean` and `english` give a one-line rendering as well.
public enum JudgeAssignmentError: Error, Sendable, Hashable, CustomStringConvertible {
    // Invalid input (thrown while building the problem).
    /// k is negative.
    case invalidJudgesPerApplication(Int)
    case duplicateApplication(String)
    case duplicateJudge(String)
    /// Minimum below 0 or above the maximum.
    case invalidLoadRange(judge: String, minimum: Int, maximum: Int)
    case unknownApplication(String)
    case unknownJudge(String)
    /// |fit| above `JudgeAssignmentProblem.maximumFitMagnitude`.
    case fitOutOfRange(application: String, judge: String, fit: Int)

    // No assignment exists (thrown by `solve()`), in the order they are checked (except that k above
    // the number of judges is reported first, as `tooFewEligibleJudges` for every application).
    /// k × applications is above the sum of the judges' maximum loads.
    case capacityBelowDemand(required: Int, totalMaximumLoad: Int)
    /// The sum of the judges' minimum loads is above k × applications.
    case minimumLoadsAboveDemand(totalMinimumLoad: Int, available: Int)
    /// Applications with fewer than k judges not in conflict with them (all of them, in order).
    case tooFewEligibleJudges([ApplicationEligibility])
    /// Judges with fewer applications not in conflict with them than their minimum load.
    case tooFewEligibleApplications([JudgeEligibility])
    /// Hall-type shortage found by the flow: `applications` need `required` judge slots, but the
    /// judges they may have, all of them at their maximum (`judges`), plus their remaining eligible
    /// pairs give only `available`.
    case judgeCapacityShortage(JudgeAssignmentShortage)
    /// Hall-type shortage on the minimums: `judges` need `required` assignments in total to reach
    /// their minimum loads, but at most `available` can come to them (k from each of
    /// `applications`, plus the eligible pairs of the other applications).
    case minimumLoadShortage(JudgeAssignmentShortage)

    /// True for the cases thrown by `solve()` (no assignment exists), false for invalid input.
    public var isInfeasibility: Bool {
        switch self {
        case .capacityBelowDemand, .minimumLoadsAboveDemand, .tooFewEligibleJudges, .tooFewEligibleApplications,
             .judgeCapacityShortage, .minimumLoadShortage: true
        default: false
        }
    }

    public var description: String { english }

    public var korean: String {
        switch self {
        case .invalidJudgesPerApplication(let k): "신청당 심사위원 수가 올바르지 않습니다: \(k)"
        case .duplicateApplication(let id): "신청 ID가 중복되었습니다: \(id)"
        case .duplicateJudge(let id): "심사위원 ID가 중복되었습니다: \(id)"
        case .invalidLoadRange(let judge, let minimum, let maximum):
            "심사위원 \(judge)의 배정 범위가 올바르지 않습니다 (최소 \(minimum)건, 최대 \(maximum)건)"
        case .unknownApplication(let id): "알 수 없는 신청입니다: \(id)"
        case .unknownJudge(let id): "알 수 없는 심사위원입니다: \(id)"
        case .fitOutOfRange(let application, let judge, let fit): "적합도가 허용 범위를 벗어났습니다: \(application)–\(judge) \(fit)"
        case .capacityBelowDemand(let required, let total):
            "필요한 배정 \(required)건(신청 수 × 신청당 심사위원 수)이 심사위원 최대 배정 수의 합 \(total)건보다 많습니다"
        case .minimumLoadsAboveDemand(let total, let available):
            "심사위원 최소 배정 수의 합 \(total)건이 전체 배정 \(available)건(신청 수 × 신청당 심사위원 수)보다 많습니다"
        case .tooFewEligibleJudges(let list):
            "이해충돌을 제외하면 심사위원이 부족한 신청 \(list.count)건: "
                + listed(list.map { "\($0.application)(\($0.eligibleJudges)/\($0.required)명)" }, korean: true)
        case .tooFewEligibleApplications(let list):
            "이해충돌을 제외하면 최소 배정 수를 채울 수 없는 심사위원 \(list.count)명: "
                + listed(list.map { "\($0.judge)(가능 \($0.eligibleApplications)건, 최소 \($0.minimumLoad)건)" }, korean: true)
        case .judgeCapacityShortage(let s):
            "신청 \(s.applications.count)건(\(listed(s.applications, korean: true)))에 필요한 배정 \(s.required)건 중 "
                + "\(s.available)건만 가능합니다: 배정할 수 있는 심사위원 \(s.judges.count)명(\(listed(s.judges, korean: true)))이 모두 최대 배정 수에 이릅니다. "
                + "심사위원이 부족한 신청: " + listed(s.applicationsLeftShort.map { "\($0.application)(\($0.missingJudges)명 부족)" }, korean: true)
        case .minimumLoadShortage(let s):
            "심사위원 \(s.judges.count)명(\(listed(s.judges, korean: true)))의 최소 배정 수 합 \(s.required)건을 채울 수 없습니다: "
                + "최대 \(s.available)건만 배정될 수 있습니다. 심사위원이 부족한 신청: "
                + listed(s.applicationsLeftShort.map { "\($0.application)(\($0.missingJudges)명 부족)" }, korean: true)
        }
    }

    public var english: String {
        switch self {
        case .invalidJudgesPerApplication(let k): "Invalid number of judges per application: \(k)"
        case .duplicateApplication(let id): "Duplicate application id: \(id)"
        case .duplicateJudge(let id): "Duplicate judge id: \(id)"
        case .invalidLoadRange(let judge, let minimum, let maximum):
            "Invalid load range for judge \(judge) (minimum \(minimum), maximum \(maximum))"
        case .unknownApplication(let id): "Unknown application: \(id)"
        case .unknownJudge(let id): "Unknown judge: \(id)"
        case .fitOutOfRange(let application, let judge, let fit): "Fit out of range: \(application)–\(judge) \(fit)"
        case .capacityBelowDemand(let required, let total):
            "\(required) assignments are needed (applications × judges per application) but the judges' maximum loads add up to \(total)"
        case .minimumLoadsAboveDemand(let total, let available):
            "The judges' minimum loads add up to \(total), more than the \(available) assignments there are (applications × judges per application)"
        case .tooFewEligibleJudges(let list):
            "\(list.count) application(s) have too few judges without a conflict of interest: "
                + listed(list.map { "\($0.application) (\($0.eligibleJudges) of \($0.required))" }, korean: false)
        case .tooFewEligibleApplications(let list):
            "\(list.count) judge(s) cannot reach their minimum load without a conflict of interest: "
                + listed(list.map { "\($0.judge) (\($0.eligibleApplications) possible, minimum \($0.minimumLoad))" }, korean: false)
        case .judgeCapacityShortage(let s):
            "\(s.applications.count) application(s) (\(listed(s.applications, korean: false))) need \(s.required) judge assignments but only "
                + "\(s.available) are possible: the \(s.judges.count) judge(s) they can have (\(listed(s.judges, korean: false))) all reach their maximum load. "
                + "Applications left short: " + listed(s.applicationsLeftShort.map { "\($0.application) (\($0.missingJudges) missing)" }, korean: false)
        case .minimumLoadShortage(let s):
            "\(s.judges.count) judge(s) (\(listed(s.judges, korean: false))) need \(s.required) assignments in total to reach their minimum loads, "
                + "but at most \(s.available) can come to them. Applications left short: "
                + listed(s.applicationsLeftShort.map { "\($0.application) (\($0.missingJudges) missing)" }, korean: false)
        }
    }
}

/// An application and how many judges it may have (not in conflict) against the k it needs.
public struct ApplicationEligibility: Sendable, Hashable {
    public var application: String
    public var eligibleJudges: Int
    public var required: Int
}

/// A judge and how many applications they may review (not in conflict) against their minimum.
public struct JudgeEligibility: Sendable, Hashable {
    public var judge: String
    public var eligibleApplications: Int
    public var minimumLoad: Int
}

/// An application the flow could not give all k judges, and how many it lacks.
public struct ShortApplication: Sendable, Hashable {
    public var application: String
    public var missingJudges: Int
}

/// A certificate that no assignment exists: a set of applications and judges whose requirement
/// (`required`) exceeds what can possibly be met (`available`); `missing = required − available`
/// is the number of judge slots no assignment can fill. `applicationsLeftShort` names the
/// applications the flow could not complete (which ones depends on the order; their total
/// shortfall is `missing`). Ids are in the problem's order.
public struct JudgeAssignmentShortage: Sendable, Hashable {
    public var applications: [String]
    public var judges: [String]
    public var required: Int
    public var available: Int
    public var applicationsLeftShort: [ShortApplication]
    public var missing: Int { required - available }
}

/// A problem found in an assignment edited by hand (`JudgeAssignmentProblem.check(_:)`).
/// Counts of judges and loads use distinct known judges per application.
public enum JudgeAssignmentWarning: Sendable, Hashable, CustomStringConvertible {
    /// An application id that is not in the problem.
    case unknownApplication(String)
    /// A judge id that is not in the problem, listed on `application`.
    case unknownJudge(application: String, judge: String)
    /// A pair in conflict of interest.
    case conflict(application: String, judge: String)
    /// The same judge listed `times` times on one application.
    case duplicateJudge(application: String, judge: String, times: Int)
    case tooFewJudges(application: String, assigned: Int, required: Int)
    case tooManyJudges(application: String, assigned: Int, required: Int)
    case judgeUnderMinimum(judge: String, load: Int, minimum: Int)
    case judgeOverMaximum(judge: String, load: Int, maximum: Int)

    public var description: String { english }

    public var korean: String {
        switch self {
        case .unknownApplication(let a): "알 수 없는 신청입니다: \(a)"
        case .unknownJudge(let a, let j): "신청 \(a)에 알 수 없는 심사위원이 있습니다: \(j)"
        case .conflict(let a, let j): "신청 \(a)에 이해충돌 관계인 심사위원 \(j)이(가) 배정되었습니다"
        case .duplicateJudge(let a, let j, let times): "신청 \(a)에 심사위원 \(j)이(가) \(times)번 배정되었습니다"
        case .tooFewJudges(let a, let n, let k): "신청 \(a)의 심사위원이 \(n)명으로 \(k)명보다 적습니다"
        case .tooManyJudges(let a, let n, let k): "신청 \(a)의 심사위원이 \(n)명으로 \(k)명보다 많습니다"
        case .judgeUnderMinimum(let j, let load, let minimum): "심사위원 \(j)의 배정 \(load)건이 최소 \(minimum)건보다 적습니다"
        case .judgeOverMaximum(let j, let load, let maximum): "심사위원 \(j)의 배정 \(load)건이 최대 \(maximum)건보다 많습니다"
        }
    }

    public var english: String {
        switch self {
        case .unknownApplication(let a): "Unknown application: \(a)"
        case .unknownJudge(let a, let j): "Unknown judge on application \(a): \(j)"
        case .conflict(let a, let j): "Judge \(j) has a conflict of interest with application \(a)"
        case .duplicateJudge(let a, let j, let times): "Judge \(j) is listed \(times) times on application \(a)"
        case .tooFewJudges(let a, let n, let k): "Application \(a) has \(n) judge(s), fewer than \(k)"
        case .tooManyJudges(let a, let n, let k): "Application \(a) has \(n) judge(s), more than \(k)"
        case .judgeUnderMinimum(let j, let load, let minimum): "Judge \(j) has \(load) application(s), below the minimum of \(minimum)"
        case .judgeOverMaximum(let j, let load, let maximum): "Judge \(j) has \(load) application(s), above the maximum of \(maximum)"
        }
    }
}

extension JudgeAssignmentProblem {
    /// Checks an assignment edited by hand (application id → judge ids). Returns every problem found,
    /// in a fixed order: unknown applications (by id), then per application in problem order its
    /// unknown judges, repeated judges, conflicts and judge count, then per judge in problem order
    /// its load. An application missing from the dictionary has no judges. Empty means valid.
    public func check(_ assignment: [String: [String]]) -> [JudgeAssignmentWarning] {
        var warnings: [JudgeAssignmentWarning] = []
        for id in assignment.keys.sorted() where applicationIndex(id) == nil { warnings.append(.unknownApplication(id)) }
        var loads = [Int](repeating: 0, count: judgeCount)
        let k = judgesPerApplication
        for (a, application) in applicationIds.enumerated() {
            let listed = assignment[application] ?? []
            var seen: [Int] = []  // judge indices in first-listed order
            var times = [Int: Int]()
            for id in listed {
                guard let j = judgeIndex(id) else { warnings.append(.unknownJudge(application: application, judge: id)); continue }
                if times[j] == nil { seen.append(j) }
                times[j, default: 0] += 1
            }
            for j in seen where times[j]! > 1 {
                warnings.append(.duplicateJudge(application: application, judge: judges[j].id, times: times[j]!))
            }
            for j in seen where isConflicted(applicationIndex: a, judgeIndex: j) {
                warnings.append(.conflict(application: application, judge: judges[j].id))
            }
            if seen.count < k { warnings.append(.tooFewJudges(application: application, assigned: seen.count, required: k)) }
            if seen.count > k { warnings.append(.tooManyJudges(application: application, assigned: seen.count, required: k)) }
            for j in seen { loads[j] += 1 }
        }
        for (j, judge) in judges.enumerated() {
            if loads[j] < judge.minimumLoad { warnings.append(.judgeUnderMinimum(judge: judge.id, load: loads[j], minimum: judge.minimumLoad)) }
            if loads[j] > judge.maximumLoad { warnings.append(.judgeOverMaximum(judge: judge.id, load: loads[j], maximum: judge.maximumLoad)) }
        }
        return warnings
    }

    /// Checks a solver result (for instance after the problem changed since it was solved).
    public func check(_ assignment: JudgeAssignment) -> [JudgeAssignmentWarning] {
        check(assignment.judgesByApplication)
    }
}

/// At most ten items, then how many more.
private func listed(_ items: [String], korean: Bool) -> String {
    let shown = items.prefix(10).joined(separator: ", ")
    guard items.count > 10 else { return shown }
    return korean ? "\(shown) 외 \(items.count - 10)개" : "\(shown) and \(items.count - 10) more"
}
