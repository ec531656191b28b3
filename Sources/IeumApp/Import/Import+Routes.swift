import Vapor

extension SiteRoute {
    /// The routes of Import: each path, its method and who may use it.
    enum Import: Hashable, Sendable, CaseIterable {
        case form
        case upload
        case confirm
        case exportCSV
        case exportJSONLines

        var spec: RouteSpec {
            switch self {
            // Import and export
            case .form: RouteSpec(.GET, ["admin", "import"], .operators)
            case .upload: RouteSpec(.POST, ["admin", "import"], .operators)
            case .confirm: RouteSpec(.POST, ["admin", "import", "confirm"], .operators)
            case .exportCSV: RouteSpec(.GET, ["admin", "export.csv"], .platformOperators)
            case .exportJSONLines: RouteSpec(.GET, ["admin", "export.jsonl"], .platformOperators)
            }
        }
    }
}
