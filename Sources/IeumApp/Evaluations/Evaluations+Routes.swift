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

        var spec: RouteSpec {
            switch self {
            // Evaluations: judges use the round pages too; a round answers 404 to whoever neither runs
            // nor judges it.
            case .list: RouteSpec(.GET, ["rounds"], .signedIn)
            case .newForm: RouteSpec(.GET, ["rounds", "new"], .operators)
            case .create: RouteSpec(.POST, ["rounds"], .operators)
            case .show: RouteSpec(.GET, ["rounds", ":roundID"], .parties)
            case .template: RouteSpec(.POST, ["rounds", ":roundID", "template"], .parties)
            case .addCriterion: RouteSpec(.POST, ["rounds", ":roundID", "criteria"], .parties)
            case .removeCriterion: RouteSpec(.POST, ["rounds", ":roundID", "criteria", "delete"], .parties)
            case .settings: RouteSpec(.POST, ["rounds", ":roundID", "settings"], .parties)
            case .addJudge: RouteSpec(.POST, ["rounds", ":roundID", "judges"], .parties)
            case .removeJudge: RouteSpec(.POST, ["rounds", ":roundID", "judges", "delete"], .parties)
            case .loadEntries: RouteSpec(.POST, ["rounds", ":roundID", "entries"], .parties)
            case .autoAssign: RouteSpec(.POST, ["rounds", ":roundID", "assign"], .parties)
            case .changeAssignment: RouteSpec(.POST, ["rounds", ":roundID", "assignments"], .parties)
            case .open: RouteSpec(.POST, ["rounds", ":roundID", "open"], .parties)
            case .close: RouteSpec(.POST, ["rounds", ":roundID", "close"], .parties)
            case .pledge: RouteSpec(.POST, ["rounds", ":roundID", "pledge"], .parties)
            case .sheet: RouteSpec(.GET, ["rounds", ":roundID", "entries", ":entryID"], .parties)
            case .saveSheet: RouteSpec(.POST, ["rounds", ":roundID", "entries", ":entryID"], .parties)
            case .reopen: RouteSpec(.POST, ["rounds", ":roundID", "sheets", ":sheetID", "reopen"], .parties)
            case .results: RouteSpec(.GET, ["rounds", ":roundID", "results"], .parties)
            case .resultsCSV: RouteSpec(.GET, ["rounds", ":roundID", "results.csv"], .parties)
            case .resultsXLSX: RouteSpec(.GET, ["rounds", ":roundID", "results.xlsx"], .parties)
            case .select: RouteSpec(.POST, ["rounds", ":roundID", "select"], .parties)
            case .awards: RouteSpec(.POST, ["rounds", ":roundID", "awards"], .parties)
            }
        }
    }
}
