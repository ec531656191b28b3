import Fluent
import Foundation
import IeumCore

/// What the evaluation pages show, loaded for one actor.
enum EvaluationQuery {
    struct ListData: Sendable {
        struct Managed: Sendable { let round: RoundSummary; let programName: String; let entries: Int; let submitted: Int; let sheets: Int }
        struct Judging: Sendable { let round: RoundSummary; let assigned: Int; let submitted: Int }
        static let perPage = 30
        /// Whether the viewer has an expert record (who may browse the list).
        var hasExpertRecord = false
        var managed: [Managed] = []
        var managedPaging = Paging(page: 1, perPage: perPage, total: 0)
        var judging: [Judging] = []
        var judgingPaging = Paging(page: 1, perPage: perPage, total: 0)
        var canCreate = false
        var filter = ListFilter()
        /// The programs whose rounds the operator runs, by name (the program filter's choices).
        var programs: [(id: UUID, name: String)] = []
        /// The clock the page was loaded at: a round outside its judging period is named, not linked.
        var now = Date.distantPast
    }

    /// One page of the rounds `actor` runs (`managedPage`) and one of those they judge
    /// (`judgingPage`), newest first; the progress counts are for the page's rounds only.
    /// The managed list's filter (status, program) and order, kept in the URL.
    struct ListFilter: Sendable {
        enum Sort: String, CaseIterable, Sendable {
            case opens, closes, title
        }

        var status: RoundStatus?
        var programID: UUID?
        var sort = ListSort<Sort>(key: .opens, descending: true)
    }

    static func list(for actor: Principal, managedPage: Int, judgingPage: Int, filter: ListFilter = .init(), on db: any Database, now: Date) async throws -> ListData {
        var data = ListData()
        data.filter = filter
        data.now = now
        let expert = try await EvaluationService.expert(for: actor, on: db)
        data.hasExpertRecord = expert != nil
        if actor.isOperator {
            data.canCreate = true
            var programs = Program.query(on: db)
            if let scope = CollaborationPolicy.programOperatorScope(actor) {
                programs = programs.group(.or) { or in
                    or.filter(\.$operatorOrganization.$id ~~ Array(scope))
                    or.filter(\.$operatorOrganization.$id == nil)
                }
            }
            let programList = try await programs.field(\.$id).field(\.$name).sort(\.$name).all()
            let names = Dictionary(uniqueKeysWithValues: programList.map { ($0.storedID, $0.name) })
            data.programs = programList.map { ($0.storedID, $0.name) }
            let shownPrograms = filter.programID.map { names[$0] == nil ? [] : [$0] } ?? Array(names.keys)
            func managed() -> QueryBuilder<EvaluationRound> {
                let query = EvaluationRound.query(on: db).filter(\.$program.$id ~~ shownPrograms)
                if let status = filter.status { query.filter(\.$status == status) }
                return query
            }
            data.managedPaging = Paging(page: managedPage, perPage: ListData.perPage, total: shownPrograms.isEmpty ? 0 : try await managed().count())
            let direction: DatabaseQuery.Sort.Direction = filter.sort.descending ? .descending : .ascending
            let ordered = switch filter.sort.key {
            case .opens: managed().sort(\.$opensAt, direction)
            case .closes: managed().sort(\.$closesAt, direction)
            case .title: managed().sort(\.$title, direction)
            }
            let rounds = shownPrograms.isEmpty ? [] : try await data.managedPaging.slice(ordered.sort(\.$id))
            for r in rounds {
                let roundID = try r.requireID()
                let entries = try await RoundEntry.query(on: db).filter(\.$round.$id == roundID).count()
                let sheets = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).count()
                let submitted = try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).filter(\.$status == .submitted).count()
                data.managed.append(.init(round: RoundSummary(r), programName: names[r.$program.id] ?? "", entries: entries, submitted: submitted, sheets: sheets))
            }
        }
        if let expert {
            let expertID = try expert.requireID()
            func panels() -> QueryBuilder<EvaluationRound> {
                EvaluationRound.query(on: db).join(RoundJudge.self, on: \RoundJudge.$round.$id == \EvaluationRound.$id)
                    .filter(RoundJudge.self, \.$expert.$id == expertID)
            }
            data.judgingPaging = Paging(page: judgingPage, perPage: ListData.perPage, total: try await panels().count())
            for round in try await data.judgingPaging.slice(panels().sort(\.$opensAt, .descending).sort(\.$id)) {
                let roundID = try round.requireID()
                let assigned = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID).count()
                let submitted = try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID)
                    .filter(\.$status == .submitted).count()
                data.judging.append(.init(round: RoundSummary(round), assigned: assigned, submitted: submitted))
            }
        }
        return data
    }

    struct FormOptions: Sendable {
        var programs: [Program] = []
        /// (value for `scope`, label) per program id.
        var scopes: [UUID: [(value: String, label: Localized)]] = [:]
    }

    static func formOptions(for actor: Principal, on db: any Database) async throws -> FormOptions {
        var options = FormOptions()
        var query = Program.query(on: db)
        if let scope = CollaborationPolicy.programOperatorScope(actor) {
            query = query.group(.or) { or in
                or.filter(\.$operatorOrganization.$id ~~ Array(scope))
                or.filter(\.$operatorOrganization.$id == nil)
            }
        }
        options.programs = try await query.sort(\.$year, .descending).sort(\.$name).all()
        for program in options.programs {
            let id = try program.requireID()
            var scopes: [(value: String, label: Localized)] = []
            for track in program.tracks { scopes.append(("track:\(track)", Localized("트랙 · \(track)", "Track · \(track)"))) }
            let calls = try await Call.query(on: db).filter(\.$program.$id == id).sort(\.$opensAt).all()
            for call in calls { scopes.append(("call:\(call.storedID.uuidString)", Localized("공모 · \(call.title)", "Call · \(call.titleEn ?? call.title)"))) }
            let callIDs = calls.compactMap(\.id)
            if !callIDs.isEmpty {
                let needs = try await Need.query(on: db).filter(\.$call.$id ~~ callIDs).filter(\.$status ~~ [.published, .closed, .awarded]).sort(\.$title).all()
                for need in needs { scopes.append(("need:\(need.storedID.uuidString)", Localized("수요과제 · \(need.title)", "Need · \(need.titleEn ?? need.title)"))) }
            }
            options.scopes[id] = scopes
        }
        return options
    }

    // MARK: The operator's round page

    struct ManageData: Sendable {
        struct JudgeRow: Sendable { let expert: Expert; let judge: RoundJudge; let load: Int; let submitted: Int; let minLoad: Int; let maxLoad: Int }
        struct EntryRow: Sendable {
            let entry: RoundEntry
            let judges: [Expert]
            let conflicts: [(expert: Expert, reason: String, source: String)]
            let submitted: Int
        }
        let round: EvaluationRound
        let program: Program
        let scopeLabel: Localized
        let criteria: [RubricCriterion]
        let judges: [JudgeRow]
        static let entriesPerPage = 50
        let entries: [EntryRow]
        let entryPaging: Paging
        let pool: [Expert]
        let warnings: [Localized]
        let sheetsStarted: Int
        let now: Date
    }

    static func scopeLabel(_ round: EvaluationRound, on db: any Database) async throws -> Localized {
        if let needID = round.$need.id, let need = try await Need.find(needID, on: db) { return Localized("수요과제: \(need.title)", "Need: \(need.titleEn ?? need.title)") }
        if let callID = round.$call.id, let call = try await Call.find(callID, on: db) { return Localized("공모: \(call.title)", "Call: \(call.titleEn ?? call.title)") }
        if let track = round.track { return Localized("트랙: \(track)", "Track: \(track)") }
        return Localized("사업 전체", "The whole program")
    }

    /// The round for its operator with one page of its entries (by title); a judge's load and the
    /// sheets started are counted over the whole round.
    static func manage(_ round: EvaluationRound, entryPage: Int = 1, on db: any Database, now: Date) async throws -> ManageData {
        let roundID = try round.requireID()
        guard let program = try await Program.find(round.$program.id, on: db) else { throw IeumError.notFound }
        let criteria = try await RubricCriterion.query(on: db).filter(\.$round.$id == roundID).sort(\.$position).all()
        let panel = try await RoundJudge.query(on: db).filter(\.$round.$id == roundID).with(\.$expert).all().sorted { $0.expert.name < $1.expert.name }
        let entryPaging = Paging(page: entryPage, perPage: ManageData.entriesPerPage,
                                 total: try await RoundEntry.query(on: db).filter(\.$round.$id == roundID).count())
        let entries = try await entryPaging.slice(RoundEntry.query(on: db).filter(\.$round.$id == roundID).with(\.$startup).sort(\.$title).sort(\.$id))
        let entryIDs = entries.compactMap(\.id)
        let assignments = entryIDs.isEmpty ? [] : try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).filter(\.$entry.$id ~~ entryIDs).all()
        let submittedSheets = entryIDs.isEmpty ? [] : try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).filter(\.$entry.$id ~~ entryIDs)
            .filter(\.$status == .submitted).all()
        let conflicts = entryIDs.isEmpty ? [] : try await EvaluationConflict.query(on: db).filter(\.$round.$id == roundID).filter(\.$entry.$id ~~ entryIDs).all()
        let experts = Dictionary(uniqueKeysWithValues: panel.map { ($0.$expert.id, $0.expert) })
        var judges: [ManageData.JudgeRow] = []
        for j in panel {
            let load = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == j.$expert.id).count()
            let submitted = try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == j.$expert.id)
                .filter(\.$status == .submitted).count()
            judges.append(ManageData.JudgeRow(expert: j.expert, judge: j, load: load, submitted: submitted,
                                              minLoad: j.minLoad ?? round.minLoad, maxLoad: j.maxLoad ?? round.maxLoad))
        }
        let byEntry = Dictionary(grouping: assignments, by: { $0.$entry.id })
        let conflictsByEntry = Dictionary(grouping: conflicts, by: { $0.$entry.id })
        let submittedByEntry = Dictionary(grouping: submittedSheets, by: { $0.$entry.id }).mapValues(\.count)
        let rows = entries.map { e in
            ManageData.EntryRow(entry: e, judges: (byEntry[e.storedID] ?? []).compactMap { experts[$0.$expert.id] }.sorted { $0.name < $1.name },
                                conflicts: (conflictsByEntry[e.storedID] ?? []).compactMap { c in experts[c.$expert.id].map { ($0, c.reason, c.source) } },
                                submitted: submittedByEntry[e.storedID] ?? 0)
        }
        let onPanel = Set(panel.map { $0.$expert.id })
        let pool = try await Expert.query(on: db).filter(\.$available == true).sort(\.$name).all().filter { !onPanel.contains($0.storedID) && $0.$user.id != nil }
        let warnings = try await EvaluationService.assignmentWarnings(round, on: db)
        return ManageData(round: round, program: program, scopeLabel: try await scopeLabel(round, on: db), criteria: criteria, judges: judges,
                          entries: rows, entryPaging: entryPaging, pool: pool, warnings: warnings,
                          sheetsStarted: try await ScoreSheet.query(on: db).filter(\.$round.$id == roundID).count(), now: now)
    }

    // MARK: The judge's pages

    struct JudgeData: Sendable {
        struct Item: Sendable { let entry: RoundEntry; let status: SheetStatus?; let coJudges: [String] }
        let round: EvaluationRound
        let expert: Expert
        let pledged: Bool
        let items: [Item]
        var submitted: Int { items.filter { $0.status == .submitted }.count }
    }

    static func judge(_ round: EvaluationRound, expert: Expert, judge: RoundJudge, on db: any Database) async throws -> JudgeData {
        let roundID = try round.requireID()
        let expertID = try expert.requireID()
        let mine = try await RoundAssignment.query(on: db).filter(\.$round.$id == roundID).filter(\.$expert.$id == expertID).all()
        let entryIDs = mine.map { $0.$entry.id }
        let entries = entryIDs.isEmpty ? [] : try await RoundEntry.query(on: db).filter(\.$id ~~ entryIDs).with(\.$startup).sort(\.$title).all()
        let sheets = entryIDs.isEmpty ? [] : try await ScoreSheet.query(on: db).filter(\.$entry.$id ~~ entryIDs).filter(\.$expert.$id == expertID).all()
        let status = Dictionary(uniqueKeysWithValues: sheets.map { ($0.$entry.id, $0.status) })
        var coJudges: [UUID: [String]] = [:]
        if !round.blind, !entryIDs.isEmpty {
            let others = try await RoundAssignment.query(on: db).filter(\.$entry.$id ~~ entryIDs).filter(\.$expert.$id != expertID).with(\.$expert).all()
            for a in others { coJudges[a.$entry.id, default: []].append(a.expert.name) }
        }
        return JudgeData(round: round, expert: expert, pledged: judge.pledgedAt != nil,
                         items: entries.map { .init(entry: $0, status: status[$0.storedID], coJudges: (coJudges[$0.storedID] ?? []).sorted()) })
    }

    struct SheetData: Sendable {
        let round: EvaluationRound
        let entry: RoundEntry
        let criteria: [RubricCriterion]
        let sheet: ScoreSheet?
        let judgeID: UUID?
        let judgeName: String
        /// The operator's view: read-only, with the history and the reopen form.
        let operatorView: Bool
        let events: [ScoreEvent]
        let application: NeedApplication?
        let need: Need?
        let collaboration: Collaboration?
        let outcomes: [Outcome]
        let coJudges: [String]
        let panel: [Expert]
        let pledged: Bool
    }

    static func details(_ entry: RoundEntry, on db: any Database) async throws -> (NeedApplication?, Need?, Collaboration?, [Outcome]) {
        var application: NeedApplication?, need: Need?, collaboration: Collaboration?, outcomes: [Outcome] = []
        if let id = entry.$application.id {
            application = try await NeedApplication.find(id, on: db)
            if let a = application { need = try await Need.find(a.$need.id, on: db) }
        }
        if let id = entry.$collaboration.id {
            collaboration = try await Collaboration.find(id, on: db)
            outcomes = try await Outcome.query(on: db).filter(\.$collaboration.$id == id).filter(\.$status == .confirmed).sort(\.$occurredOn).all()
            if let needID = collaboration?.$need.id { need = try await Need.find(needID, on: db) }
        }
        return (application, need, collaboration, outcomes)
    }

    static func judgeSheet(_ round: EvaluationRound, entryID: UUID?, by actor: Principal, on db: any Database, now: Date) async throws -> SheetData {
        let (expert, judge, entry, sheet) = try await EvaluationService.judgeEntry(round, entryID: entryID, by: actor, on: db, now: now)
        let criteria = try await RubricCriterion.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let (application, need, collaboration, outcomes) = try await details(entry, on: db)
        var coJudges: [String] = []
        if !round.blind {
            coJudges = try await RoundAssignment.query(on: db).filter(\.$entry.$id == entry.requireID()).filter(\.$expert.$id != expert.requireID())
                .with(\.$expert).all().map(\.expert.name).sorted()
        }
        return SheetData(round: round, entry: entry, criteria: criteria, sheet: sheet, judgeID: expert.id, judgeName: expert.name, operatorView: false, events: [],
                         application: application, need: need, collaboration: collaboration, outcomes: outcomes, coJudges: coJudges, panel: [],
                         pledged: judge.pledgedAt != nil)
    }

    static func operatorSheet(_ round: EvaluationRound, entryID: UUID?, expertID: UUID?, on db: any Database) async throws -> SheetData {
        let roundID = try round.requireID()
        guard let entryID, let entry = try await RoundEntry.query(on: db).filter(\.$id == entryID).filter(\.$round.$id == roundID).with(\.$startup).first() else {
            throw IeumError.notFound
        }
        let criteria = try await RubricCriterion.query(on: db).filter(\.$round.$id == roundID).sort(\.$position).all()
        let panel = try await RoundAssignment.query(on: db).filter(\.$entry.$id == entryID).with(\.$expert).all().map(\.expert).sorted { $0.name < $1.name }
        let chosen = expertID.flatMap { id in panel.first { $0.id == id } } ?? panel.first
        var sheet: ScoreSheet?
        var events: [ScoreEvent] = []
        if let chosen {
            sheet = try await ScoreSheet.query(on: db).filter(\.$entry.$id == entryID).filter(\.$expert.$id == chosen.requireID()).first()
            if let sheet { events = try await ScoreEvent.query(on: db).filter(\.$sheet.$id == sheet.requireID()).sort(\.$at).all() }
        }
        let (application, need, collaboration, outcomes) = try await details(entry, on: db)
        return SheetData(round: round, entry: entry, criteria: criteria, sheet: sheet, judgeID: chosen?.id, judgeName: chosen?.name ?? "", operatorView: true, events: events,
                         application: application, need: need, collaboration: collaboration, outcomes: outcomes, coJudges: [], panel: panel, pledged: true)
    }
}
