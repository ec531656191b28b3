import Fluent
import Foundation
import IeumCore
import Vapor

/// `/`: the workspace for a signed-in person, the public home page for a visitor.
struct WorkspaceController {
    func register(_ app: Application) {
        app.on(.workspace(.home), use: home)
    }

    func home(req: Request) async throws -> Response {
        guard let actor = req.actor else { return try await publicHome(req) }
        let workspace = try await WorkspaceLoader.load(for: actor, req: req)
        let unread = try await InboxMessage.query(on: req.db).filter(\.$userID == actor.userID).filter(\.$readAt == nil).count()
        return WorkspacePage(name: actor.name, workspace: workspace, now: req.now, unread: unread).response(req)
    }

    func publicHome(_ req: Request) async throws -> Response {
        let now = req.now
        let calls = try await Call.query(on: req.db).filter(\.$opensAt <= now).filter(\.$closesAt > now).with(\.$program)
            .sort(\.$closesAt).sort(\.$id).limit(10).all()
        let programs = try await Program.query(on: req.db).sort(\.$year, .descending).sort(\.$name).limit(10).all()
        return PublicHomePage(
            calls: calls.compactMap { call in
                call.id.map { PublicHomePage.CallRow(id: $0, title: Localized(call.title, call.titleEn ?? call.title), program: call.program.name, closesAt: call.closesAt) }
            },
            programs: programs.compactMap { p in p.id.map { ($0, p.name, p.year) } },
            now: now
        ).response(req)
    }
}
