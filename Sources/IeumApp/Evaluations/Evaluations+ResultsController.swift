import Fluent
import Foundation
import IeumCore
import Vapor

extension EvaluationsController {
    // MARK: Results

    func results(req: Request) async throws -> Response {
        let (_, round) = try await managed(req)
        let method = req.query[String.self, at: "method"].flatMap(AggregationMethod.init(rawValue:))
        let results = try await EvaluationService.results(round, method: method, on: req.db)
        return ResultsPage(round: round, results: results, comparing: method != nil && method != round.method).response(req)
    }

    func exportResults(_ req: Request, format: TableFileFormat) async throws -> Response {
        let (actor, round) = try await managed(req)
        let results = try await EvaluationService.results(round, on: req.db)
        let table = EvaluationService.exportTable(round, results)
        let bytes = format == .csv ? try TableFile.csv(table) : try TableFile.xlsx([table], modified: req.now)
        try await Audit.record(on: req.db, actor: actor, action: "round.export", entityType: "evaluation_round", entityID: round.id?.uuidString,
                               summary: "평가 결과 내려받기 (\(format.rawValue))", at: req.now)
        return TableFile.response(bytes, format: format, asciiName: "round-results-\(SeoulTime.date(req.now))",
                                  koreanName: "평가결과-\(round.title)-\(SeoulTime.date(req.now))")
    }

    struct SelectForm: Content { var entries: [String]? }

    func select(req: Request) async throws -> Response {
        let (actor, round) = try await managed(req)
        let ids = (try req.content.decode(SelectForm.self).entries ?? []).compactMap(UUID.init(uuidString:))
        do {
            let count = try await EvaluationService.select(round, entryIDs: ids, by: actor, on: req.db, now: req.now)
            req.flash(Localized("\(count)건을 최종 선정했습니다. 협업 과제가 시작되었습니다.", "\(count) selected; their collaborations have started."))
        } catch IeumError.refused(let message) {
            req.flash(message)
        }
        return req.redirect(to: SiteURL.roundResults(try round.requireID(), method: nil).path)
    }

    func awards(req: Request) async throws -> Response {
        let (actor, round) = try await managed(req)
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        var given: [UUID: String] = [:]
        for (key, value) in fields where key.hasPrefix("award-") {
            if let id = UUID(uuidString: String(key.dropFirst(6))) { given[id] = value }
        }
        do {
            try await EvaluationService.award(round, awards: given, by: actor, on: req.db, now: req.now)
            req.flash(Localized("시상을 확정했습니다. 사업 페이지에 게시됩니다.", "The awards are decided and shown on the program page."))
        } catch IeumError.refused(let message) {
            req.flash(message)
        }
        return req.redirect(to: SiteURL.roundResults(try round.requireID(), method: nil).path)
    }
}
