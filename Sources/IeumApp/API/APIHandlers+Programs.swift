import Fluent
import Foundation
import IeumAPI
import IeumCore
import Vapor

/// Programs and their calls through the API: public to read, as `/programs` and `/calls` are
/// (`ProgramPolicy.can(_, .browse)`). Lists page by keyset cursor in a stable order.
extension IeumAPIService {
    static func pageLimit(_ raw: Int?) throws -> Int {
        let value = raw ?? 25
        guard (1...100).contains(value) else {
            throw IeumError.badRequest(Localized("limit는 1 이상 100 이하입니다.", "limit must be between 1 and 100."))
        }
        return value
    }

    /// `<number>~<uuid>`: the sort value and id of the last item of the previous page. Any value of
    /// this form is a position in the order, so a stale cursor still pages on from there.
    static func cursor(_ raw: String?) throws -> (Int64, UUID)? {
        guard let raw else { return nil }
        let parts = raw.split(separator: "~", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 16, let number = Int64(parts[0]), number >= 0, let id = UUID(uuidString: String(parts[1])) else {
            throw IeumError.badRequest(Localized("cursor는 앞 페이지의 nextCursor 값이어야 합니다.", "cursor must be the nextCursor of the previous page."))
        }
        return (number, id)
    }

    static func cursorText(_ number: Int64, _ id: UUID) -> String { "\(number)~\(id.uuidString.lowercased())" }

    /// `<…?cursor=…&limit=…>; rel="next"` (RFC 8288) for the page after this one.
    static func nextLink(_ request: Request, cursor: String?, limit: Int) -> String? {
        guard let cursor else { return nil }
        var components = URLComponents()
        components.path = request.url.path
        var items = (URLComponents(string: request.url.string)?.queryItems ?? []).filter { $0.name != "cursor" && $0.name != "limit" }
        items += [URLQueryItem(name: "cursor", value: cursor), URLQueryItem(name: "limit", value: String(limit))]
        components.queryItems = items
        return "<\(components.string ?? request.url.path)>; rel=\"next\""
    }

    static func program(_ program: Program) throws -> Schemas.Program {
        Schemas.Program(id: try program.requireID().uuidString, name: program.name, nameEn: program.nameEn, year: program.year,
                        agencyId: program.$operatorOrganization.id?.uuidString, description: program.description,
                        tracks: program.tracks, createdAt: program.createdAt, updatedAt: program.updatedAt)
    }

    static func call(_ call: Call, now: Date) throws -> Schemas.Call {
        Schemas.Call(id: try call.requireID().uuidString, programId: call.$program.id.uuidString, title: call.title, titleEn: call.titleEn,
                     track: call.track, description: call.description, opensAt: call.opensAt, closesAt: call.closesAt, open: call.isOpen(at: now))
    }

    func listPrograms(_ input: Operations.ListPrograms.Input) async throws -> Operations.ListPrograms.Output {
        let req = try APIRequest.get()
        guard ProgramPolicy.can(req.actor, .browse) else { throw IeumError.forbidden }
        let limit = try Self.pageLimit(input.query.limit)
        // Newest year first, then by id: (year desc, id asc).
        let query = Program.query(on: req.db)
        if let (year, id) = try Self.cursor(input.query.cursor) {
            query.group(.or) { or in
                or.filter(\.$year < Int(year))
                or.group(.and) { same in
                    same.filter(\.$year == Int(year))
                    same.filter(\.$id > id)
                }
            }
        }
        let rows = try await query.sort(\.$year, .descending).sort(\.$id).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        let next = try rows.count > limit ? page.last.map { Self.cursorText(Int64($0.year), try $0.requireID()) } : nil
        let body = Schemas.ProgramPage(items: try page.map(Self.program), nextCursor: next)
        req.nextPageLink = Self.nextLink(req, cursor: next, limit: limit)
        return .ok(.init(body: .json(body)))
    }

    func getProgram(_ input: Operations.GetProgram.Input) async throws -> Operations.GetProgram.Output {
        let req = try APIRequest.get()
        guard ProgramPolicy.can(req.actor, .browse), let program = try await Program.find(try Self.uuid(input.path.id), on: req.db) else {
            throw IeumError.notFound
        }
        return .ok(.init(body: .json(try Self.program(program))))
    }

    func listProgramCalls(_ input: Operations.ListProgramCalls.Input) async throws -> Operations.ListProgramCalls.Output {
        let req = try APIRequest.get()
        guard ProgramPolicy.can(req.actor, .browse), let program = try await Program.find(try Self.uuid(input.path.id), on: req.db) else {
            throw IeumError.notFound
        }
        // The same order as the program's page.
        let calls = try await Call.query(on: req.db).filter(\.$program.$id == program.requireID())
            .sort(\.$opensAt, .descending).sort(\.$title).sort(\.$id).all()
        return .ok(.init(body: .json(try calls.map { try Self.call($0, now: req.now) })))
    }

    func listCalls(_ input: Operations.ListCalls.Input) async throws -> Operations.ListCalls.Output {
        let req = try APIRequest.get()
        guard ProgramPolicy.can(req.actor, .browse) else { throw IeumError.forbidden }
        let limit = try Self.pageLimit(input.query.limit)
        let now = req.now
        // Latest opening first, then by id: (opensAt desc, id asc). The cursor keeps opensAt in
        // microseconds; a window of ±1 µs stands for "the same instant" (SQLite keeps a double).
        let query = Call.query(on: req.db)
        if let open = input.query.open {
            if open {
                query.filter(\.$opensAt <= now).filter(\.$closesAt > now)
            } else {
                query.group(.or) { $0.filter(\.$opensAt > now).filter(\.$closesAt <= now) }
            }
        }
        if let (micro, id) = try Self.cursor(input.query.cursor) {
            let at = Date(timeIntervalSince1970: Double(micro) / 1_000_000)
            let before = at.addingTimeInterval(-0.000_001), after = at.addingTimeInterval(0.000_001)
            query.group(.or) { or in
                or.filter(\.$opensAt < before)
                or.group(.and) { same in
                    same.filter(\.$opensAt >= before)
                    same.filter(\.$opensAt < after)
                    same.filter(\.$id > id)
                }
            }
        }
        let rows = try await query.sort(\.$opensAt, .descending).sort(\.$id).limit(limit + 1).all()
        let page = Array(rows.prefix(limit))
        let next = try rows.count > limit
            ? page.last.map { Self.cursorText(Int64(($0.opensAt.timeIntervalSince1970 * 1_000_000).rounded()), try $0.requireID()) } : nil
        let body = Schemas.CallPage(items: try page.map { try Self.call($0, now: now) }, nextCursor: next)
        req.nextPageLink = Self.nextLink(req, cursor: next, limit: limit)
        return .ok(.init(body: .json(body)))
    }

    func getCall(_ input: Operations.GetCall.Input) async throws -> Operations.GetCall.Output {
        let req = try APIRequest.get()
        guard ProgramPolicy.can(req.actor, .browse), let call = try await Call.find(try Self.uuid(input.path.id), on: req.db) else {
            throw IeumError.notFound
        }
        return .ok(.init(body: .json(try Self.call(call, now: req.now))))
    }
}
