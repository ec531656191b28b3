import Fluent
import Foundation
import IeumCore

/// What the program pages read. A handful of queries per page, none per row.
enum ProgramQuery {
    /// One page of the programs (newest year first unless another order is asked for), filtered by
    /// year and name, with each one's operator name and number of open calls.
    static func list(page: Int, filter: ProgramListModel.Filter = .init(), now: Date, on db: any Database) async throws -> (rows: [ProgramListModel.Row], paging: Paging) {
        let filtered = {
            let query = Program.query(on: db)
            if let year = filter.year { query.filter(\.$year == year) }
            let terms = KoreanSearch.terms(filter.query)
            for term in terms {
                let pattern = "%" + term.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                query.group(.or) { or in
                    or.filter(\.$name, .custom("LIKE"), pattern)
                    or.filter(\.$nameEn, .custom("LIKE"), pattern)
                }
            }
            return query
        }
        let paging = Paging(page: page, perPage: ProgramListModel.perPage, total: try await filtered().count())
        let direction: DatabaseQuery.Sort.Direction = filter.sort.descending ? .descending : .ascending
        let ordered = switch filter.sort.key {
        case .year: filtered().sort(\.$year, direction).sort(\.$name)
        case .name: filtered().sort(\.$name, direction)
        }
        let programs = try await paging.slice(ordered.sort(\.$id))
        guard !programs.isEmpty else { return ([], paging) }
        let operatorIDs = Array(Set(programs.compactMap { $0.$operatorOrganization.id }))
        let operators = operatorIDs.isEmpty ? [] : try await Organization.query(on: db).filter(\.$id ~~ operatorIDs).all()
        let names = Dictionary(uniqueKeysWithValues: operators.compactMap { org in org.id.map { ($0, org) } })
        let open = try await Call.query(on: db).filter(\.$program.$id ~~ programs.compactMap(\.id))
            .filter(\.$opensAt <= now).filter(\.$closesAt > now).all()
        let openCounts = Dictionary(grouping: open, by: { $0.$program.id }).mapValues(\.count)
        let rows = programs.map { program in
            ProgramListModel.Row(
                id: program.storedID, name: program.name, nameEn: program.nameEn, year: program.year,
                operatorName: program.$operatorOrganization.id.flatMap { names[$0]?.name },
                openCalls: program.id.flatMap { openCounts[$0] } ?? 0,
                tracks: program.tracks, description: program.description
            )
        }
        return (rows, paging)
    }

    /// The public part of a program's page: operator, calls, participants, published needs per call.
    static func page(_ program: Program, now: Date, on db: any Database) async throws -> ProgramPage.Data {
        let id = try program.requireID()
        var data = ProgramPage.Data(program: program, now: now)
        data.operatorOrganization = try await program.$operatorOrganization.get(on: db)
        data.calls = try await Call.query(on: db).filter(\.$program.$id == id).sort(\.$opensAt, .descending).sort(\.$title).all()
        let participants = try await ProgramParticipant.query(on: db).filter(\.$program.$id == id).with(\.$organization).all()
        data.participants = participants.map(\.organization).sorted { $0.name < $1.name }
        let callIDs = data.calls.compactMap(\.id)
        if !callIDs.isEmpty {
            let needs = try await Need.query(on: db).filter(\.$call.$id ~~ callIDs)
                .filter(\.$status ~~ NeedStatus.allCases.filter(\.isPublic)).all()
            data.needCounts = Dictionary(grouping: needs.compactMap { $0.$call.id }, by: { $0 }).mapValues(\.count)
        }
        // Awards of decided competitions (통합경진대회), public like the program page.
        let competitions = try await EvaluationRound.query(on: db).filter(\.$program.$id == id).filter(\.$kind == .competition)
            .filter(\.$status == .decided).sort(\.$closesAt, .descending).all()
        for round in competitions {
            let winners = try await RoundEntry.query(on: db).filter(\.$round.$id == round.requireID()).filter(\.$award != nil).with(\.$startup).all()
            let order = EvaluationService.awards
            for entry in winners.sorted(by: { (order.firstIndex(of: $0.award ?? "") ?? 99, $0.title) < (order.firstIndex(of: $1.award ?? "") ?? 99, $1.title) }) {
                data.awards.append(.init(round: round.title, roundEn: round.titleEn, entry: entry.title, startup: entry.startup.name, award: entry.award ?? ""))
            }
        }
        return data
    }
}
