import Testing
import IeumScheduling

/// Shape of the random instance for a seed: sizes, slots, holes, tables and graph vary together.
private func instance(_ seed: Int) -> MeetingProblem {
    let n = 6 + seed % 35
    let m = n * (1 + (seed / 7) % 4)
    let slots = 3 + (seed * 5) % 14
    return randomProblem(seed: UInt64(seed), participants: n, requests: m, slots: slots,
                         bipartite: seed % 3 != 0, holes: [0, 0.15, 0.4][(seed / 3) % 3], tightTables: seed % 2 == 0)
}

@Suite("Scheduler properties on random seeded instances")
struct SchedulerPropertyTests {
    @Test("valid, within the upper bound, consistent, maximal and deterministic", arguments: 0..<300)
    func randomInstance(seed: Int) throws {
        let problem = instance(seed)
        let schedule = try MeetingScheduler.schedule(problem)

        #expect(problem.validate(schedule.placements).isEmpty)
        #expect(schedule.totalWeight <= schedule.upperBound)
        #expect(try MeetingScheduler.upperBound(problem).value == schedule.upperBound)
        #expect(schedule.idleGaps == MeetingScheduler.idleGaps(of: schedule.placements, in: problem))

        let weights = Dictionary(uniqueKeysWithValues: problem.requests.map { ($0.id, $0) })
        #expect(schedule.totalWeight == schedule.placements.reduce(0) { $0 + weights[$1.requestId]!.weight })
        // Every request is either placed or reported, once.
        let placedIds = schedule.placements.map(\.requestId), unplacedIds = schedule.unplaced.map(\.requestId)
        #expect(Set(placedIds).count == placedIds.count)
        #expect(Set(placedIds).isDisjoint(with: unplacedIds))
        #expect(placedIds.count + unplacedIds.count == problem.requests.count)

        // Maximal: no unplaced request has a slot where both are free and a table is free.
        let blocked = Dictionary(uniqueKeysWithValues: problem.participants.map { ($0.id, $0.blockedSlots) })
        var busy = Set<String>()
        var used = Array(repeating: 0, count: problem.slotCount)
        for p in schedule.placements {
            let r = weights[p.requestId]!
            busy.insert("\(r.first)@\(p.slot)"); busy.insert("\(r.second)@\(p.slot)")
            used[p.slot] += 1
        }
        for u in schedule.unplaced {
            let r = weights[u.requestId]!
            let fits = (0..<problem.slotCount).contains { s in
                used[s] < problem.tables[s] && !blocked[r.first]!.contains(s) && !blocked[r.second]!.contains(s)
                    && !busy.contains("\(r.first)@\(s)") && !busy.contains("\(r.second)@\(s)")
            }
            #expect(!fits, "request \(u.requestId) would fit without moving anything")
            if u.reason == .noCommonSlot {
                #expect(!(0..<problem.slotCount).contains { problem.tables[$0] > 0 && !blocked[r.first]!.contains($0) && !blocked[r.second]!.contains($0) })
            }
            #expect(u.outranked == (!u.competing.isEmpty && u.competing.allSatisfy { weights[$0]!.weight >= r.weight }))
        }

        // Deterministic.
        #expect(try MeetingScheduler.schedule(problem) == schedule)

        // Keep confirmed placements: confirm every other placement, then block a slot for one
        // participant and take a table away from one slot; the still-valid ones must stay put.
        var again = problem
        again.confirmed = schedule.placements.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        guard let victim = again.confirmed.first else { return }
        let who = weights[victim.requestId]!.first
        let pi = again.participants.firstIndex { $0.id == who }!
        again.participants[pi].blockedSlots.insert(victim.slot)
        let shrunk = (seed * 7) % again.slotCount
        again.tables[shrunk] = max(0, again.tables[shrunk] - 1)
        let expectedRejected = again.confirmed.filter { p in
            let r = weights[p.requestId]!
            return (p.slot == victim.slot && (r.first == who || r.second == who)) || p.table >= again.tables[p.slot]
        }
        let kept = try MeetingScheduler.schedule(again)
        #expect(again.validate(kept.placements).isEmpty)
        #expect(kept.rejectedConfirmations.map(\.placement) == expectedRejected)
        let placements = Set(kept.placements)
        for p in again.confirmed where !expectedRejected.contains(p) {
            #expect(placements.contains(p), "confirmed \(p) not kept")
        }
        #expect(kept.totalWeight <= kept.upperBound)
        let rebuilt = try MeetingScheduler.schedule(again, options: .init(keepConfirmed: false))
        #expect(rebuilt.rejectedConfirmations.isEmpty)
        #expect(again.validate(rebuilt.placements).isEmpty)
    }

    @Test("bipartite, no blocked slots, enough tables: the b-matching bound is reached (König)", arguments: 0..<40)
    func koenig(seed: Int) throws {
        let n = 8 + seed % 30
        let problem = randomProblem(seed: UInt64(1000 + seed), participants: n, requests: n * (2 + seed % 5), slots: 2 + seed % 10,
                                    bipartite: true, holes: 0, tightTables: false)
        let schedule = try MeetingScheduler.schedule(problem)
        #expect(problem.validate(schedule.placements).isEmpty)
        #expect(schedule.totalWeight == schedule.upperBound)
    }

    @Test("small instances against the exhaustive optimum")
    func exhaustive() throws {
        var exact = 0, total = 0
        var worst = 1.0
        for seed in 0..<200 {
            let n = 4 + seed % 5
            let problem = randomProblem(seed: UInt64(5000 + seed), participants: n, requests: 3 + seed % 7, slots: 2 + seed % 3,
                                        bipartite: seed % 2 == 0, holes: 0.3, tightTables: seed % 3 == 0)
            let optimum = bruteForceOptimum(problem)
            let schedule = try MeetingScheduler.schedule(problem)
            #expect(problem.validate(schedule.placements).isEmpty)
            #expect(schedule.totalWeight <= optimum)
            #expect(schedule.upperBound >= optimum)
            total += 1
            if schedule.totalWeight == optimum { exact += 1 } else { print("seed \(5000 + seed): \(schedule.totalWeight) of optimum \(optimum)") }
            if optimum > 0 { worst = min(worst, Double(schedule.totalWeight) / Double(optimum)) }
        }
        print("exhaustive comparison: \(exact)/\(total) optimal, worst ratio \(worst)")
        #expect(exact >= 196)
        #expect(worst >= 0.8)
    }
}
