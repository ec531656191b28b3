import Vapor

extension SiteRoute {
    /// The routes of Evaluations: each path, its method and who may use it.
    enum Evaluations: Hashable, Sendable, CaseIterable {
        case list
        case newForm
        case create
        case show
        case template
        case addCriterion
        case removeCriterion
        case settings
        case addJudge
        case removeJudge
        case loadEntries
        case autoAssign
        case changeAssignment
        case open
        case close
        case pledge
        case sheet
        case saveSheet
        case reopen
        case results
        case resultsCSV
        case resultsXLSX
        case select
        case awards

        /// /rounds/:roundID/…: the routes of one round.
        static let round: [PathComponent] = ["rounds", ":roundID"]

        var spec: RouteSpec {
            switch self {
            // Evaluations: judges use the round pages too; a round answers 404 to whoever neither runs
            // nor judges it.
            case .list: RouteSpec(.GET, ["rounds"], .signedIn)
            case .newForm: RouteSpec(.GET, ["rounds", "new"], .operators)
            case .create: RouteSpec(.POST, ["rounds"], .operators)
            case .show: RouteSpec(.GET, Self.round, .parties)
            case .template: RouteSpec(.POST, Self.round + ["template"], .parties)
            case .addCriterion: RouteSpec(.POST, Self.round + ["criteria"], .parties)
            case .removeCriterion: RouteSpec(.POST, Self.round + ["criteria", "delete"], .parties)
            case .settings: RouteSpec(.POST, Self.round + ["settings"], .parties)
            case .addJudge: RouteSpec(.POST, Self.round + ["judges"], .parties)
            case .removeJudge: RouteSpec(.POST, Self.round + ["judges", "delete"], .parties)
            case .loadEntries: RouteSpec(.POST, Self.round + ["entries"], .parties)
            case .autoAssign: RouteSpec(.POST, Self.round + ["assign"], .parties)
            case .changeAssignment: RouteSpec(.POST, Self.round + ["assignments"], .parties)
            case .open: RouteSpec(.POST, Self.round + ["open"], .parties)
            case .close: RouteSpec(.POST, Self.round + ["close"], .parties)
            case .pledge: RouteSpec(.POST, Self.round + ["pledge"], .parties)
            case .sheet: RouteSpec(.GET, Self.round + ["entries", ":entryID"], .parties)
            case .saveSheet: RouteSpec(.POST, Self.round + ["entries", ":entryID"], .parties)
            case .reopen: RouteSpec(.POST, Self.round + ["sheets", ":sheetID", "reopen"], .parties)
            case .results: RouteSpec(.GET, Self.round + ["results"], .parties)
            case .resultsCSV: RouteSpec(.GET, Self.round + ["results.csv"], .parties)
            case .resultsXLSX: RouteSpec(.GET, Self.round + ["results.xlsx"], .parties)
            case .select: RouteSpec(.POST, Self.round + ["select"], .parties)
            case .awards: RouteSpec(.POST, Self.round + ["awards"], .parties)
            }
        }
    }
}
