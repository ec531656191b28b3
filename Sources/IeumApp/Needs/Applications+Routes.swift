import Vapor

extension SiteRoute {
    /// The routes of Applications: each path, its method and who may use it.
    enum Applications: Hashable, Sendable, CaseIterable {
        case show
        case editForm
        case save
        case withdraw
        case review
        case upload
        case download
        case deleteAttachment
        case autosave

        /// /applications/:appID/…: the routes of one application.
        static let application: [PathComponent] = ["applications", ":appID"]

        var spec: RouteSpec {
            switch self {
            case .show: RouteSpec(.GET, Self.application, .parties)
            case .editForm: RouteSpec(.GET, Self.application + ["edit"], .parties)
            case .save: RouteSpec(.POST, Self.application, .parties)
            case .withdraw: RouteSpec(.POST, Self.application + ["withdraw"], .parties)
            case .review: RouteSpec(.POST, Self.application + ["review"], .parties)
            case .upload: RouteSpec(.POST, Self.application + ["attachments"], .parties)
            case .download: RouteSpec(.GET, Self.application + ["attachments", ":fileID"], .parties)
            case .deleteAttachment: RouteSpec(.POST, Self.application + ["attachments", ":fileID", "delete"], .parties)
            case .autosave: RouteSpec(.POST, Self.application + ["draft"], .parties)
            }
        }
    }
}
