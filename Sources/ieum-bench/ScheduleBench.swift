import ArgumentParser
import Foundation
import IeumScheduling

/// Consultation-meeting scheduling benchmark: generates deterministic instances (16 slots, holes in
/// availability, fewer tables in some slots, mixed priorities), solves them with IeumScheduling and
/// exports each instance as text so that OR-Tools CP-SAT solves exactly the same model
/// (`scripts/bench-scheduling.py`).
struct Schedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Meeting-scheduler benchmark; exports each instance for OR-Tools CP-SAT."
    )

    @Option(help: "small (100+100, 600 requests), medium (300+300, 2,000), large (500+500, 4,000) or all.")
    var size = "all"
    @Option(help: "Timed runs per instance; the median is reported.") var runs = 5
    @Option(help: "Directory for the exported instances (empty: no export).") var export = ".bench/scheduling"
    @Option var seed: UInt64 = 20_260_101
    @Option(help: "Share of participants who block a half day.") var halfDay = 0.08
    @Option(help: "Scale of the table counts.") var tableScale = 1.0

    func run() throws {
        let sizes = size == "all" ? ["small", "medium", "large"] : [size]
        if !export.isEmpty { try FileManager.default.createDirectory(atPath: export, withIntermediateDirectories: true) }
        for name in sizes {
            guard let shape = Shape.named(name) else { throw ValidationError("unknown size \(name)") }
            let problem = Generator.make(shape, seed: seed, halfDay: halfDay, tableScale: tableScale)
            if !export.isEmpty {
                try Generator.text(problem, name: name).write(toFile: "\(export)/\(name).txt", atomically: true, encoding: .utf8)
            }
            var times: [Double] = []
            var result = try MeetingScheduler.schedule(problem)  // warm-up
            for _ in 0..<max(1, runs) {
                let t = DispatchTime.now().uptimeNanoseconds
                result = try MeetingScheduler.schedule(problem)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
            }
            let median = times.sorted()[times.count / 2]
            let issues = problem.validate(result.placements)
            let blocked = problem.participants.filter { !$0.blockedSlots.isEmpty }.count
            let tables = problem.tables.map(String.init).joined(separator: " ")
            print("== \(name): \(shape.startups) startups + \(shape.hosts) buyers/investors/demand organisations, \(problem.requests.count) requests, \(problem.tables.count) slots, tables \(tables) (\(problem.tables.reduce(0, +)) seats), \(blocked) participants with blocked slots")
            print(String(format: "ieum: placed %d/%d, weight %d, upper bound %d (%.2f%% of it), idle gaps %d, violations %d, time median %.1f ms (runs: %@)",
                         result.placements.count, problem.requests.count, result.totalWeight, result.upperBound,
                         100 * Double(result.totalWeight) / Double(max(1, result.upperBound)), result.idleGaps, issues.count, median * 1000,
                         times.map { String(format: "%.1f", $0 * 1000) }.joined(separator: ", ")))
            var perSlot = Array(repeating: 0, count: problem.slotCount)
            for p in result.placements { perSlot[p.slot] += 1 }
            let full = (0..<problem.slotCount).filter { perSlot[$0] == problem.tables[$0] }
            print("meetings per slot: \(perSlot.map(String.init).joined(separator: " ")); slots with every table taken: \(full.map(String.init).joined(separator: ",")) (\(full.count)/\(problem.slotCount))")
            var reasons: [String: Int] = [:]
            for u in result.unplaced { reasons[Schedule.label(u.reason), default: 0] += 1 }
            print("unplaced: " + reasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            print("RESULT name=\(name) ieum_weight=\(result.totalWeight) ieum_placed=\(result.placements.count) ieum_bound=\(result.upperBound) ieum_gaps=\(result.idleGaps) ieum_s=\(median) violations=\(issues.count)")
        }
    }

    static func label(_ reason: UnplacedReason) -> String {
        switch reason {
        case .invalid: "invalid"
        case .noCommonSlot: "no-common-slot"
        case .participantFullyBooked: "participant-fully-booked"
        case .bothFullyBooked: "both-fully-booked"
        case .calendarsConflict: "calendars-conflict"
        case .noFreeTable: "no-free-table"
        }
    }

    struct Shape {
        var startups: Int, hosts: Int, requests: Int, slots = 16

        static func named(_ name: String) -> Shape? {
            switch name {
            case "small": Shape(startups: 100, hosts: 100, requests: 600)
            case "medium": Shape(startups: 300, hosts: 300, requests: 2_000)
            case "large": Shape(startups: 500, hosts: 500, requests: 4_000)
            default: nil
            }
        }
    }

    /// SplitMix64: small, seeded, the same on every platform.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// Uniform in 0..<n.
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        /// Uniform in [0, 1).
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        /// Index drawn with probability proportional to `cumulative` increments.
        mutating func pick(_ cumulative: [Double]) -> Int {
            let x = unit() * cumulative[cumulative.count - 1]
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
    }

    enum Generator {
        /// Startups of uneven activity ask buyers/investors/demand organisations of very uneven
        /// popularity (weight 1/(rank + hosts/16)^0.9: the most popular get two to three times as
        /// many requests as there are slots).
        /// 20% of requests are mutual, 30% sent by the host side, 50% by startups (standard policy
        /// weights 3/2/1). About 15% of participants block 2–6 random slots, 8% a half day.
        /// Tables: ⌈requests/slots⌉ per slot, half of that in the first, the last and the two
        /// lunch slots.
        static func make(_ shape: Shape, seed: UInt64, halfDay: Double = 0.08, tableScale: Double = 1) -> MeetingProblem {
            var rng = Random(state: seed ^ UInt64(shape.requests) &* 0x2545_F491_4F6C_DD1D)
            let slots = shape.slots
            var participants: [MeetingParticipant] = []
            func blocked() -> Set<Int> {
                let x = rng.unit()
                if x < 0.15 {
                    var set = Set<Int>()
                    let k = 2 + rng.below(5)
                    while set.count < k { set.insert(rng.below(slots)) }
                    return set
                }
                if x < 0.15 + halfDay { return rng.below(2) == 0 ? Set(0..<slots / 2) : Set(slots / 2..<slots) }
                return []
            }
            var activity: [Double] = []
            for i in 0..<shape.startups {
                participants.append(MeetingParticipant(id: "s\(i)", kind: .startup, blockedSlots: blocked()))
                activity.append((activity.last ?? 0) + 0.4 + 1.2 * rng.unit())
            }
            var popularity: [Double] = []
            for j in 0..<shape.hosts {
                let x = rng.unit()
                let kind: ParticipantKind = x < 0.5 ? .buyer : x < 0.85 ? .investor : .demandOrganisation
                participants.append(MeetingParticipant(id: "h\(j)", kind: kind, blockedSlots: blocked()))
                popularity.append((popularity.last ?? 0) + 1 / pow(Double(j) + Double(shape.hosts) / 16, 0.9))
            }
            let policy = MeetingPriorityPolicy.standard
            var pairs = Set<Int>()
            var requests: [MeetingRequest] = []
            while requests.count < shape.requests {
                let s = rng.pick(activity), h = rng.pick(popularity)
                guard pairs.insert(s * shape.hosts + h).inserted else { continue }
                let host = participants[shape.startups + h]
                let x = rng.unit()
                let weight = x < 0.2 ? policy.weight(mutual: true, sender: .startup)
                    : x < 0.5 ? policy.weight(mutual: false, sender: host.kind)
                    : policy.weight(mutual: false, sender: .startup)
                let startupAsks = x >= 0.5
                requests.append(MeetingRequest(id: "r\(requests.count)", first: startupAsks ? "s\(s)" : host.id,
                                               second: startupAsks ? host.id : "s\(s)", weight: weight))
            }
            let base = Int((Double(shape.requests) * tableScale / Double(slots)).rounded(.up))
            var tables = Array(repeating: base, count: slots)
            for s in [0, slots / 2 - 1, slots / 2, slots - 1] { tables[s] = base / 2 }
            return MeetingProblem(tables: tables, participants: participants, requests: requests)
        }

        /// Line format read by scripts/bench-scheduling.py:
        /// `slots S`, `tables t0 … tS-1`, `p ID KIND BLOCKED` (comma list or -), `r ID FIRST SECOND WEIGHT`.
        static func text(_ problem: MeetingProblem, name: String) -> String {
            var out = "# ieum-bench schedule instance \(name)\nslots \(problem.slotCount)\ntables " + problem.tables.map(String.init).joined(separator: " ") + "\n"
            for p in problem.participants {
                let blocked = p.blockedSlots.sorted().map(String.init).joined(separator: ",")
                out += "p \(p.id) \(p.kind.rawValue) \(blocked.isEmpty ? "-" : blocked)\n"
            }
            for r in problem.requests { out += "r \(r.id) \(r.first) \(r.second) \(r.weight)\n" }
            return out
        }
    }
}
